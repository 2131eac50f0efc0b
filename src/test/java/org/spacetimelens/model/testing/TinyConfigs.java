package org.spacetimelens.model.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.TimeSformerConfig;

/**
 * Small {@link TimeSformerConfig}s for fast tests (a forward pass takes milliseconds). Reusable by
 * every package's tests.
 */
public final class TinyConfigs {
    private TinyConfigs() {
    }

    /**
     * 2 layers, hidden 24, 3 heads (head dim 8), MLP 48, 4 frames, 16 px images with 8 px patches
     * (2×2 grid), 5 labels "class_0".."class_4", qkv bias, eps 1e-6.
     */
    public static TimeSformerConfig tiny(AttentionType type) {
        return of(type, 2, 24, 3, 4, 16, 8, 5);
    }

    /** A config with the given sizes; MLP width 2·hidden, labels "class_i". */
    public static TimeSformerConfig of(AttentionType type, int layers, int hidden, int heads, int frames,
            int imageSize, int patchSize, int numLabels) {
        return new TimeSformerConfig(imageSize, patchSize, 3, frames, hidden, layers, heads, 2 * hidden, "gelu",
                1e-6, true, type, numLabels, labels(numLabels));
    }

    /** The same config with another qkv-bias flag / eps (records are immutable). */
    public static TimeSformerConfig withQkvBias(TimeSformerConfig c, boolean qkvBias, double eps) {
        return new TimeSformerConfig(c.imageSize(), c.patchSize(), c.numChannels(), c.numFrames(), c.hiddenSize(),
                c.numLayers(), c.numHeads(), c.intermediateSize(), c.hiddenAct(), eps, qkvBias, c.attentionType(),
                c.numLabels(), c.labels());
    }

    /** A random small config (1–3 layers, 1–4 heads of width 4–8, 1–5 frames, 2–4 patches per side). */
    public static TimeSformerConfig random(long seed, AttentionType type) {
        Random r = new Random(seed);
        int heads = 1 + r.nextInt(4);
        int hidden = heads * (4 + r.nextInt(5));
        int patch = 4 + 2 * r.nextInt(3);
        int grid = 2 + r.nextInt(3);
        return of(type, 1 + r.nextInt(3), hidden, heads, 1 + r.nextInt(5), grid * patch, patch, 2 + r.nextInt(6));
    }

    /** "class_0" .. "class_{n-1}". */
    public static List<String> labels(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add("class_" + i);
        }
        return List.copyOf(out);
    }
}
