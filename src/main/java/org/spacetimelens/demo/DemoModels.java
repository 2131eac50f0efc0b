package org.spacetimelens.demo;

import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.TimeSformerConfig;

/** The demo model's architecture and preprocessing, and a tiny one for fast tests. */
public final class DemoModels {
    /** Mean/std of the demo's preprocessing (TimeSformer's defaults; written to preprocessor_config.json). */
    public static final float MEAN = 0.45f;
    public static final float STD = 0.225f;

    private DemoModels() {
    }

    /** 8 frames × 64 px, patch 8 (8×8 grid), 4 layers, 4 heads, width 64 (MLP 256). */
    public static TimeSformerConfig demo() {
        return config(64, 8, 8, 64, 4, 4);
    }

    /** A tiny model for tests: 4 frames × 32 px, patch 8, 2 layers, 2 heads, width 32. */
    public static TimeSformerConfig tiny() {
        return config(32, 8, 4, 32, 2, 2);
    }

    public static TimeSformerConfig config(int size, int patch, int frames, int hidden, int layers, int heads) {
        return new TimeSformerConfig(size, patch, 3, frames, hidden, layers, heads, 4 * hidden, "gelu", 1e-6,
                true, AttentionType.DIVIDED_SPACE_TIME, Motion.values().length, Motion.labels());
    }

    /** Shortest edge = crop = model size, /255, demo mean/std. */
    public static PreprocessConfig preprocess(TimeSformerConfig cfg) {
        return new PreprocessConfig(cfg.imageSize(), cfg.imageSize(), 1.0 / 255.0,
                new float[] {MEAN, MEAN, MEAN}, new float[] {STD, STD, STD});
    }
}
