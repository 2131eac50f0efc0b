package org.spacetimelens.bench;

import java.util.ArrayList;
import java.util.List;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.TimeSformerConfig;

/**
 * The sizes a run uses: {@link #BASE} is the (TimeSformer-base, 8 × 224 px, 720p video);
 * {@link #TINY} is a toy version for smoke tests, whose figures mean nothing against the bars.
 *
 * @param largeFrames  frames of the "large" rollout shape (96 for TimeSformer-L)
 * @param gemmSize     side of the square float32 matmul that measures the machine's GEMM throughput
 * @param videoSeconds length of the written test video
 */
public record Shapes(String name, int layers, int frames, int grid, int heads, int hidden, int intermediate,
        int imageSize, int patch, int classes, int largeFrames, int gemmSize, int videoWidth, int videoHeight,
        int videoSeconds, int fps) {

    public static final Shapes BASE = new Shapes("base", 12, 8, 14, 12, 768, 3072, 224, 16, 400, 96, 2048,
            1280, 720, 10, 30);
    public static final Shapes TINY = new Shapes("tiny", 2, 4, 4, 2, 32, 128, 64, 16, 5, 12, 256,
            320, 180, 1, 30);

    /** Tokens per frame in spatial attention, 1 + G. */
    public int positions() {
        return 1 + grid * grid;
    }

    /** Whether the bars apply to figures measured at these shapes. */
    public boolean barsApply() {
        return this == BASE;
    }

    /** The forward-pass architecture (divided space-time, exact GELU, qkv bias). */
    public TimeSformerConfig modelConfig() {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            labels.add("LABEL_" + i);
        }
        return new TimeSformerConfig(imageSize, patch, 3, frames, hidden, layers, heads, intermediate, "gelu", 1e-6,
                true, AttentionType.DIVIDED_SPACE_TIME, classes, labels);
    }

    /** "12 layers × 8 frames × 197 tokens × 12 heads". */
    public String describe(int frameCount) {
        return layers + " layers × " + frameCount + " frames × " + positions() + " tokens × " + heads + " heads";
    }
}
