package org.spacetimelens.rollout;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;

/** Random row-stochastic divided attention of a given shape (softmax of Gaussian logits). */
final class BenchData {

    private BenchData() {
    }

    static AttentionRecord divided(int layers, int frames, int gridH, int gridW, int heads, long seed) {
        int positions = 1 + gridH * gridW;
        float[][] spatial = new float[layers][];
        float[][] temporal = new float[layers][];
        IntStream.range(0, layers).parallel().forEach(l -> {
            SplittableRandom rnd = new SplittableRandom(seed * 1000 + l);
            spatial[l] = stochastic(frames * heads, positions, rnd);
            temporal[l] = stochastic(gridH * gridW * heads, frames, rnd);
        });
        return AttentionRecord.ofFloat(AttentionType.DIVIDED_SPACE_TIME, frames, gridH, gridW, heads, spatial, temporal);
    }

    private static float[] stochastic(int maps, int n, SplittableRandom rnd) {
        float[] out = new float[maps * n * n];
        double[] row = new double[n];
        for (int r = 0; r < maps * n; r++) {
            double sum = 0;
            for (int k = 0; k < n; k++) {
                row[k] = Math.exp(2.0 * (rnd.nextDouble() - 0.5) * 3.0);
                sum += row[k];
            }
            for (int k = 0; k < n; k++) {
                out[r * n + k] = (float) (row[k] / sum);
            }
        }
        return out;
    }
}
