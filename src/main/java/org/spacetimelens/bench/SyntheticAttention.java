package org.spacetimelens.bench;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;

/**
 * Random divided space-time attention with the model's layouts: every row is the softmax of logits
 * drawn uniformly from [-3, 3] (rows vary about 400-fold, peaked rather than flat), one map per head.
 * Rollout's cost does not depend on the values, only on the shapes.
 */
public final class SyntheticAttention {

    private SyntheticAttention() {
    }

    /**
     * spatial[ℓ] {@code (T, H, 1+G, 1+G)}, temporal[ℓ] {@code (G, H, T, T)}, float32; layers are filled in
     * parallel, each from its own seeded stream, so the record is the same for a given seed.
     */
    public static AttentionRecord divided(int layers, int frames, int gridH, int gridW, int heads, long seed) {
        int positions = 1 + gridH * gridW;
        float[][] spatial = new float[layers][];
        float[][] temporal = new float[layers][];
        IntStream.range(0, layers).parallel().forEach(l -> {
            SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + l);
            spatial[l] = rowStochastic(frames * heads, positions, rnd);
            temporal[l] = rowStochastic(gridH * gridW * heads, frames, rnd);
        });
        return AttentionRecord.ofFloat(AttentionType.DIVIDED_SPACE_TIME, frames, gridH, gridW, heads, spatial, temporal);
    }

    /** {@code maps} row-stochastic n×n matrices, row-major, one after the other. */
    static float[] rowStochastic(int maps, int n, SplittableRandom rnd) {
        float[] out = new float[Math.multiplyExact(maps, n * n)];
        double[] row = new double[n];
        for (int r = 0; r < maps * n; r++) {
            double sum = 0;
            for (int k = 0; k < n; k++) {
                row[k] = Math.exp(6.0 * rnd.nextDouble() - 3.0);
                sum += row[k];
            }
            for (int k = 0; k < n; k++) {
                out[r * n + k] = (float) (row[k] / sum);
            }
        }
        return out;
    }
}
