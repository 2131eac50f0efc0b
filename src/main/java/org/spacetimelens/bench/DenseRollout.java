package org.spacetimelens.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;

/**
 * The published dense rollout, the baseline the structured propagation is compared with: per layer,
 * build the combined space-time matrix {@code W[(p,t),(k,q)] = S'[t][p,k]·T'[k][t,q]} over all
 * {@code (1+G)·T} positions (CLS rows replaced by their mean over frames), then
 * {@code result = W @ result} from the first layer to the last, starting from the identity, as the
 * seed notebook does with {@code torch.matmul} in float32. The map is the mean of the rows
 * {@code (cls, t)}, patch columns, over the global maximum.
 *
 * <p>It starts from the same fused maps ({@link Rollout#fusedSpatial}, {@link Rollout#fusedTemporal})
 * as the cached propagation, so the two figures time the same computation. Index of {@code (p, t)}:
 * {@code p·T + t}, p = 0 the CLS.
 */
final class DenseRollout {

    private final float[][] spatial;
    private final float[][] temporal;
    private final int frames;
    private final int positions;

    DenseRollout(Rollout rollout, RolloutParams params) {
        int layers = rollout.record().layers();
        this.frames = rollout.record().frames();
        this.positions = rollout.record().tokensPerFrame();
        this.spatial = new float[layers][];
        this.temporal = new float[layers][];
        for (int l = 0; l < layers; l++) {
            spatial[l] = rollout.fusedSpatial(l, params);
            temporal[l] = rollout.fusedTemporal(l, params);
        }
    }

    /** Side of W: {@code (1+G)·T}. */
    int size() {
        return positions * frames;
    }

    /** Bytes of one dense W at {@code bytesPerValue} (8 for float64). */
    static long matrixBytes(int positions, int frames, int bytesPerValue) {
        long n = (long) positions * frames;
        return n * n * bytesPerValue;
    }

    /** The normalised map {@code (T, G)} by dense products on {@code manager}'s device. */
    float[] compute(NDManager manager) {
        int n = size();
        float[] w = new float[n * n];
        try (NDManager sub = manager.newSubManager()) {
            NDArray result = sub.eye(n);
            for (int l = 0; l < spatial.length; l++) {
                buildW(l, w);
                NDArray wl = sub.create(w, new Shape(n, n));
                NDArray next = wl.matMul(result);
                wl.close();
                result.close();
                result = next;
            }
            return map(result.get("0:" + frames).toFloatArray(), n);
        }
    }

    private void buildW(int layer, float[] w) {
        int n = size();
        float[] s = spatial[layer];
        float[] tm = temporal[layer];
        for (int p = 0; p < positions; p++) {
            for (int t = 0; t < frames; t++) {
                int row = (p * frames + t) * n;
                int sRow = (t * positions + p) * positions;
                for (int k = 0; k < positions; k++) {
                    float sv = s[sRow + k];
                    int tRow = (k * frames + t) * frames;
                    for (int q = 0; q < frames; q++) {
                        w[row + k * frames + q] = sv * tm[tRow + q];
                    }
                }
            }
        }
        // The model averages the CLS outputs over frames: rows (cls, t) = t < T become their mean.
        for (int j = 0; j < n; j++) {
            float mean = 0;
            for (int t = 0; t < frames; t++) {
                mean += w[t * n + j];
            }
            mean /= frames;
            for (int t = 0; t < frames; t++) {
                w[t * n + j] = mean;
            }
        }
    }

    /** Mean over t of the rows (cls, t), patch columns (1+g, q) → [q][g], over the global maximum. */
    private float[] map(float[] clsRows, int n) {
        int patches = positions - 1;
        double[] raw = new double[frames * patches];
        double max = 0;
        for (int q = 0; q < frames; q++) {
            for (int g = 0; g < patches; g++) {
                double v = 0;
                for (int t = 0; t < frames; t++) {
                    v += clsRows[t * n + (1 + g) * frames + q];
                }
                v /= frames;
                raw[q * patches + g] = v;
                max = Math.max(max, v);
            }
        }
        float[] out = new float[raw.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (max > 0 ? raw[i] / max : 0);
        }
        return out;
    }
}
