package org.spacetimelens.rollout;

/**
 * Row-vector propagation {@code v ← v·W_ℓ} from the top layer down (src/docs/ROLLOUT.md, "Never build
 * R"). For divided attention {@code W[(p,t),(k,q)] = S'[t][p,k]·T'[k][t,q]} with its CLS rows replaced
 * by their mean over frames, so {@code v·W} is: replace v's CLS entries by their mean, one
 * vector–matrix product per frame with S', then one per position with T'. Cost per layer
 * {@code T·(1+G)² + (1+G)·T²} multiply-adds instead of {@code ((1+G)·T)³} for the dense product.
 *
 * <p>Vectors are double; the products accumulate blocks of {@value #BLOCK} rows in float (the loops
 * the JIT vectorises on Java 17, which cannot vectorise float→double conversion) and add each block
 * into the double result, which keeps the error near float rounding of single products.
 *
 * <p>Single-threaded on purpose: the hops stream the fused maps from memory, and splitting frames over
 * the two cores of the development machine measured no faster (base 1.25 vs 1.31 ms, 96 frames 23.9 vs
 * 24.5 ms, best of 60).
 */
final class Propagator {

    /** Rows accumulated in float before being added to the double accumulator. */
    static final int BLOCK = 16;

    private Propagator() {
    }

    /**
     * Divided space-time. {@code v} is laid out {@code [t][p]} ({@code v[t·P + p]}, P = 1+G) and is
     * updated in place through layers {@code top} down to {@code bottom} (inclusive).
     */
    static void divided(FusedLayer[] layers, int bottom, int top, int frames, int positions, double[] v) {
        int p2 = positions * positions;
        int t2 = frames * frames;
        double[] u = new double[frames * positions];
        double[] column = new double[frames];
        double[] out = new double[frames];
        float[] block = new float[Math.max(positions, frames)];
        for (int layer = top; layer >= bottom; layer--) {
            FusedLayer f = layers[layer];
            // W's CLS rows are the mean of the per-frame CLS rows: v·W = v'·W with v's CLS entries averaged.
            double cls = 0;
            for (int t = 0; t < frames; t++) {
                cls += v[t * positions];
            }
            cls /= frames;
            for (int t = 0; t < frames; t++) {
                v[t * positions] = cls;
            }
            // Spatial hop inside each frame: u_t = v_t · S'_t.
            for (int t = 0; t < frames; t++) {
                vectorMatrix(v, t * positions, 1, positions, f.spatial(), t * p2, positions, u, t * positions, block);
            }
            // Temporal hop at each position k: v[q][k] = Σ_t u[t][k] · T'_k[t][q].
            for (int k = 0; k < positions; k++) {
                vectorMatrix(u, k, positions, frames, f.temporal(), k * t2, frames, out, 0, block);
                for (int q = 0; q < frames; q++) {
                    v[q * positions + k] = out[q];
                }
            }
        }
    }

    /**
     * Ordinary rollout of {@code count} independent vectors of length n (space-only: one per frame,
     * joint: one over all tokens); vector i is at {@code v[i·n]} and uses map i of each layer's
     * {@code spatial} block.
     */
    static void ordinary(FusedLayer[] layers, int bottom, int top, int count, int n, double[] v) {
        double[] u = new double[n];
        float[] block = new float[n];
        for (int layer = top; layer >= bottom; layer--) {
            float[] maps = layers[layer].spatial();
            for (int i = 0; i < count; i++) {
                vectorMatrix(v, i * n, 1, n, maps, i * n * n, n, u, 0, block);
                System.arraycopy(u, 0, v, i * n, n);
            }
        }
    }

    /**
     * {@code acc[accOff + j] = Σ_i coef[coefOff + i·coefStride] · m[mOff + i·n + j]} for j < n: a row
     * vector times a rows×n row-major matrix, as a sum of scaled rows (axpy, contiguous and
     * vectorisable); zero coefficients are skipped (the top layer's vector is mostly zeros).
     */
    static void vectorMatrix(double[] coef, int coefOff, int coefStride, int rows, float[] m, int mOff, int n,
            double[] acc, int accOff, float[] block) {
        java.util.Arrays.fill(acc, accOff, accOff + n, 0.0);
        int i = 0;
        while (i < rows) {
            int end = Math.min(rows, i + BLOCK);
            boolean any = false;
            for (; i < end; i++) {
                float a = (float) coef[coefOff + i * coefStride];
                if (a == 0f) {
                    continue;
                }
                int row = mOff + i * n;
                if (!any) {
                    for (int j = 0; j < n; j++) {
                        block[j] = a * m[row + j];
                    }
                    any = true;
                } else {
                    for (int j = 0; j < n; j++) {
                        block[j] += a * m[row + j];
                    }
                }
            }
            if (any) {
                for (int j = 0; j < n; j++) {
                    acc[accOff + j] += block[j];
                }
            }
        }
    }
}
