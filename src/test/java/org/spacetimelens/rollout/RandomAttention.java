package org.spacetimelens.rollout;

import java.util.Random;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;

/** Random row-stochastic attention records (softmax of random logits) in the record's layouts. */
final class RandomAttention {

    private RandomAttention() {
    }

    /** A record of the given type; {@code sharpness} scales the logits (larger = peakier rows). */
    static AttentionRecord record(AttentionType type, int layers, int frames, int gridH, int gridW, int heads,
            double sharpness, long seed) {
        Random rnd = new Random(seed);
        int positions = 1 + gridH * gridW;
        float[][] spatial = new float[layers][];
        float[][] temporal = type == AttentionType.DIVIDED_SPACE_TIME ? new float[layers][] : null;
        for (int l = 0; l < layers; l++) {
            if (type == AttentionType.JOINT_SPACE_TIME) {
                int n = 1 + gridH * gridW * frames;
                spatial[l] = stochastic(heads, n, sharpness, rnd);
            } else {
                spatial[l] = stochastic(frames * heads, positions, sharpness, rnd);
            }
            if (temporal != null) {
                temporal[l] = stochastic(gridH * gridW * heads, frames, sharpness, rnd);
            }
        }
        return AttentionRecord.ofFloat(type, frames, gridH, gridW, heads, spatial, temporal);
    }

    /** {@code maps} row-stochastic n×n matrices, concatenated. */
    static float[] stochastic(int maps, int n, double sharpness, Random rnd) {
        float[] out = new float[maps * n * n];
        double[] row = new double[n];
        for (int m = 0; m < maps; m++) {
            for (int r = 0; r < n; r++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    row[k] = rnd.nextGaussian() * sharpness;
                    max = Math.max(max, row[k]);
                }
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    row[k] = Math.exp(row[k] - max);
                    sum += row[k];
                }
                for (int k = 0; k < n; k++) {
                    out[(m * n + r) * n + k] = (float) (row[k] / sum);
                }
            }
        }
        return out;
    }
}
