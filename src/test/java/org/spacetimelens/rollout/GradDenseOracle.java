package org.spacetimelens.rollout;

import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.AttentionRecord;

/**
 * Gradient-weighted rollout (ROLLOUT.md, "Gradient-weighted rollout") written literally and densely in
 * double, as the test oracle: per layer {@code S' = I + mean_h max(0, ∇S ⊙ S)}, {@code T' = I + mean_h
 * max(0, ∇T ⊙ T)} with {@code T'[cls] = I_T}, no row normalisation; then the default recipe's steps 4–5
 * ({@code W[(p,t),(k,q)] = S'[t][p,k]·T'[k][t,q]} over the full {@code (1+G)T} square, index {@code p·T + t},
 * CLS rows replaced by their mean over t), {@code R = W_top ⋯ W_start}, the query row (CLS: the mean of
 * rows (cls, t)) over the patch columns, normalised. Space-only and joint: the same maps, ordinary
 * composition. Head subsets and fusions as {@link DenseOracle}. Never used outside tests.
 */
public final class GradDenseOracle {

    private GradDenseOracle() {
    }

    public static DenseOracle.Maps divided(AttentionRecord rec, AttentionGradients g, RolloutParams p) {
        int frames = rec.frames();
        int positions = rec.tokensPerFrame();
        int n = positions * frames;
        double[][] result = DenseOracle.identity(n);
        for (int layer = p.startLayer(); layer <= p.lastLayer(rec.layers()); layer++) {
            double[][][] s = new double[frames][][];
            for (int t = 0; t < frames; t++) {
                s[t] = relevance(rec, g, layer, false, t, positions, p);
            }
            double[][][] tm = new double[positions][][];
            tm[0] = DenseOracle.identity(frames);
            for (int k = 1; k < positions; k++) {
                tm[k] = relevance(rec, g, layer, true, k - 1, frames, p);
            }
            double[][] w = new double[n][n];
            for (int pp = 0; pp < positions; pp++) {
                for (int t = 0; t < frames; t++) {
                    for (int k = 0; k < positions; k++) {
                        for (int q = 0; q < frames; q++) {
                            w[pp * frames + t][k * frames + q] = s[t][pp][k] * tm[k][t][q];
                        }
                    }
                }
            }
            double[] clsMean = new double[n];
            for (int t = 0; t < frames; t++) {
                for (int j = 0; j < n; j++) {
                    clsMean[j] += w[t][j] / frames;
                }
            }
            for (int t = 0; t < frames; t++) {
                w[t] = clsMean.clone();
            }
            result = DenseOracle.multiply(w, result);
        }
        double[] row = new double[n];
        if (p.query().cls()) {
            for (int t = 0; t < frames; t++) {
                for (int j = 0; j < n; j++) {
                    row[j] += result[t][j] / frames;
                }
            }
        } else {
            row = result[(1 + p.query().y() * rec.gridW() + p.query().x()) * frames + p.query().t()];
        }
        double[] raw = new double[frames * rec.patches()];
        for (int q = 0; q < frames; q++) {
            for (int gg = 0; gg < rec.patches(); gg++) {
                raw[q * rec.patches() + gg] = row[(1 + gg) * frames + q];
            }
        }
        return new DenseOracle.Maps(raw, DenseOracle.normalise(raw, frames, p.normalization()));
    }

    public static DenseOracle.Maps spaceOnly(AttentionRecord rec, AttentionGradients g, RolloutParams p) {
        int frames = rec.frames();
        int positions = rec.tokensPerFrame();
        int patches = rec.patches();
        double[] raw = new double[frames * patches];
        for (int t = 0; t < frames; t++) {
            double[][] r = DenseOracle.identity(positions);
            for (int layer = p.startLayer(); layer <= p.lastLayer(rec.layers()); layer++) {
                r = DenseOracle.multiply(relevance(rec, g, layer, false, t, positions, p), r);
            }
            if (p.query().cls()) {
                for (int gg = 0; gg < patches; gg++) {
                    raw[t * patches + gg] = r[0][1 + gg] / frames;
                }
            } else if (t == p.query().t()) {
                int row = 1 + p.query().y() * rec.gridW() + p.query().x();
                for (int gg = 0; gg < patches; gg++) {
                    raw[t * patches + gg] = r[row][1 + gg];
                }
            }
        }
        return new DenseOracle.Maps(raw, DenseOracle.normalise(raw, frames, p.normalization()));
    }

    public static DenseOracle.Maps joint(AttentionRecord rec, AttentionGradients g, RolloutParams p) {
        int frames = rec.frames();
        int patches = rec.patches();
        int n = 1 + patches * frames;
        double[][] r = DenseOracle.identity(n);
        for (int layer = p.startLayer(); layer <= p.lastLayer(rec.layers()); layer++) {
            r = DenseOracle.multiply(relevance(rec, g, layer, false, 0, n, p), r);
        }
        int row = p.query().cls() ? 0 : 1 + (p.query().y() * rec.gridW() + p.query().x()) * frames + p.query().t();
        double[] raw = new double[frames * patches];
        for (int t = 0; t < frames; t++) {
            for (int gg = 0; gg < patches; gg++) {
                raw[t * patches + gg] = r[row][1 + gg * frames + t];
            }
        }
        return new DenseOracle.Maps(raw, DenseOracle.normalise(raw, frames, p.normalization()));
    }

    /** {@code I + fuse_h max(0, ∇A ⊙ A)} of block {@code block} (frame, patch position or 0 for joint), n×n. */
    static double[][] relevance(AttentionRecord rec, AttentionGradients g, int layer, boolean temporal, int block,
            int n, RolloutParams p) {
        double[][][] perHead = new double[rec.heads()][n][n];
        float[] grad = temporal ? g.temporal(layer) : g.spatial(layer);
        for (int h = 0; h < rec.heads(); h++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int idx = ((block * rec.heads() + h) * n + i) * n + j;
                    double a = temporal ? rec.temporalAt(layer, idx) : rec.spatialAt(layer, idx);
                    perHead[h][i][j] = Math.max(0, (double) grad[idx] * a);
                }
            }
        }
        double[][] m = DenseOracle.fuse(perHead, DenseOracle.heads(rec, layer, p), p.fusion());
        for (int i = 0; i < n; i++) {
            m[i][i] += 1;
        }
        return m;
    }
}
