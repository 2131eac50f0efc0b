package org.spacetimelens.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.spacetimelens.model.AttentionRecord;

/**
 * The published recipe written literally and densely, in double, as the test oracle: per layer,
 * fuse heads, give the CLS an identity temporal map, discard, residual and row-normalise, build
 * {@code W[(p,t),(k,q)] = S'[t][p,k]·T'[k][t,q]} as a full {@code (1+G)T} square with index
 * {@code p·T + t} (the notebook's {@code (p t)}), replace the CLS rows by their mean over t, multiply
 * {@code R = W_top ⋯ W_start}, take the query row (CLS: mean over t of rows (cls, t)) over the patch
 * columns and normalise. Options are applied the obvious dense way. Never used outside tests.
 */
public final class DenseOracle {

    /** Raw (unnormalised) and normalised maps, {@code (T, gh, gw)} row-major. */
    public record Maps(double[] raw, double[] values) {
    }

    private DenseOracle() {
    }

    // ------------------------------------------------------------------ divided space-time

    public static Maps divided(AttentionRecord rec, RolloutParams p) {
        int frames = rec.frames();
        int positions = rec.tokensPerFrame();
        int n = positions * frames;
        int top = p.lastLayer(rec.layers());
        double[][] result = identity(n);
        for (int layer = p.startLayer(); layer <= top; layer++) {
            double[][] w = dividedW(rec, layer, p);
            result = multiply(w, result); // result = W_layer @ result, first layer to last
        }
        double[] row = new double[n];
        if (p.query().cls()) {
            for (int t = 0; t < frames; t++) {
                for (int j = 0; j < n; j++) {
                    row[j] += result[t][j] / frames; // rows (cls, t) are indices 0·T + t
                }
            }
        } else {
            int pq = 1 + p.query().y() * rec.gridW() + p.query().x();
            row = result[pq * frames + p.query().t()];
        }
        double[] raw = new double[frames * rec.patches()];
        for (int q = 0; q < frames; q++) {
            for (int g = 0; g < rec.patches(); g++) {
                raw[q * rec.patches() + g] = row[(1 + g) * frames + q];
            }
        }
        return new Maps(raw, normalise(raw, frames, p.normalization()));
    }

    /** The full W of one layer, literally. */
    static double[][] dividedW(AttentionRecord rec, int layer, RolloutParams p) {
        int frames = rec.frames();
        int positions = rec.tokensPerFrame();
        double[][][] s = spatialPrime(rec, layer, p);
        double[][][] tm = temporalPrime(rec, layer, p);
        int n = positions * frames;
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
        // attn_ts[0] = attn_ts[0].mean(dim=0) repeated over t
        double[] clsMean = new double[n];
        for (int t = 0; t < frames; t++) {
            for (int j = 0; j < n; j++) {
                clsMean[j] += w[t][j] / frames;
            }
        }
        for (int t = 0; t < frames; t++) {
            w[t] = clsMean.clone();
        }
        return w;
    }

    /** S'[t] for every frame: fused, discarded, residual, row-normalised. */
    static double[][][] spatialPrime(AttentionRecord rec, int layer, RolloutParams p) {
        int positions = rec.tokensPerFrame();
        double[][][] out = new double[rec.frames()][][];
        for (int t = 0; t < rec.frames(); t++) {
            double[][][] perHead = new double[rec.heads()][positions][positions];
            for (int h = 0; h < rec.heads(); h++) {
                for (int i = 0; i < positions; i++) {
                    for (int j = 0; j < positions; j++) {
                        perHead[h][i][j] = rec.spatialAt(layer,
                                ((t * rec.heads() + h) * positions + i) * positions + j);
                    }
                }
            }
            out[t] = finish(fuse(perHead, heads(rec, layer, p), p.fusion()), p);
        }
        return out;
    }

    /** T'[k] for every position (k = 0 the CLS: identity), fused, discarded, residual, normalised. */
    static double[][][] temporalPrime(AttentionRecord rec, int layer, RolloutParams p) {
        int frames = rec.frames();
        double[][][] out = new double[rec.tokensPerFrame()][][];
        out[0] = finish(identity(frames), p);
        for (int g = 0; g < rec.patches(); g++) {
            double[][][] perHead = new double[rec.heads()][frames][frames];
            for (int h = 0; h < rec.heads(); h++) {
                for (int i = 0; i < frames; i++) {
                    for (int j = 0; j < frames; j++) {
                        perHead[h][i][j] = rec.temporalAt(layer, ((g * rec.heads() + h) * frames + i) * frames + j);
                    }
                }
            }
            out[1 + g] = finish(fuse(perHead, heads(rec, layer, p), p.fusion()), p);
        }
        return out;
    }

    // ------------------------------------------------------------------ space-only and joint

    /** Space-only: dense ordinary rollout per frame; the CLS map of frame t weighted 1/T. */
    public static Maps spaceOnly(AttentionRecord rec, RolloutParams p) {
        int frames = rec.frames();
        int positions = rec.tokensPerFrame();
        int patches = rec.patches();
        double[] raw = new double[frames * patches];
        for (int t = 0; t < frames; t++) {
            double[][] r = identity(positions);
            for (int layer = p.startLayer(); layer <= p.lastLayer(rec.layers()); layer++) {
                double[][][] perHead = new double[rec.heads()][positions][positions];
                for (int h = 0; h < rec.heads(); h++) {
                    for (int i = 0; i < positions; i++) {
                        for (int j = 0; j < positions; j++) {
                            perHead[h][i][j] = rec.spatialAt(layer,
                                    ((t * rec.heads() + h) * positions + i) * positions + j);
                        }
                    }
                }
                r = multiply(finish(fuse(perHead, heads(rec, layer, p), p.fusion()), p), r);
            }
            if (p.query().cls()) {
                for (int g = 0; g < patches; g++) {
                    raw[t * patches + g] = r[0][1 + g] / frames;
                }
            } else if (t == p.query().t()) {
                int row = 1 + p.query().y() * rec.gridW() + p.query().x();
                for (int g = 0; g < patches; g++) {
                    raw[t * patches + g] = r[row][1 + g];
                }
            }
        }
        return new Maps(raw, normalise(raw, frames, p.normalization()));
    }

    /** Joint: dense ordinary rollout over N = 1 + G·T tokens, patch g of frame t at 1 + g·T + t. */
    public static Maps joint(AttentionRecord rec, RolloutParams p) {
        int frames = rec.frames();
        int patches = rec.patches();
        int n = 1 + patches * frames;
        double[][] r = identity(n);
        for (int layer = p.startLayer(); layer <= p.lastLayer(rec.layers()); layer++) {
            double[][][] perHead = new double[rec.heads()][n][n];
            for (int h = 0; h < rec.heads(); h++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        perHead[h][i][j] = rec.spatialAt(layer, (h * n + i) * n + j);
                    }
                }
            }
            r = multiply(finish(fuse(perHead, heads(rec, layer, p), p.fusion()), p), r);
        }
        int row = p.query().cls() ? 0
                : 1 + (p.query().y() * rec.gridW() + p.query().x()) * frames + p.query().t();
        double[] raw = new double[frames * patches];
        for (int t = 0; t < frames; t++) {
            for (int g = 0; g < patches; g++) {
                raw[t * patches + g] = r[row][1 + g * frames + t];
            }
        }
        return new Maps(raw, normalise(raw, frames, p.normalization()));
    }

    // ------------------------------------------------------------------ per-map steps

    /** Heads used at a layer. */
    static List<Integer> heads(AttentionRecord rec, int layer, RolloutParams p) {
        boolean applies = p.headLayer() == RolloutParams.EVERY_LAYER || p.headLayer() == layer;
        if (p.heads().isEmpty() || !applies) {
            List<Integer> all = new ArrayList<>();
            for (int h = 0; h < rec.heads(); h++) {
                all.add(h);
            }
            return all;
        }
        return p.heads();
    }

    static double[][] fuse(double[][][] perHead, List<Integer> heads, HeadFusion fusion) {
        int n = perHead[0].length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double acc = switch (fusion) {
                    case MEAN -> 0;
                    case MAX -> Double.NEGATIVE_INFINITY;
                    case MIN -> Double.POSITIVE_INFINITY;
                };
                for (int h : heads) {
                    double v = perHead[h][i][j];
                    acc = switch (fusion) {
                        case MEAN -> acc + v / heads.size();
                        case MAX -> Math.max(acc, v);
                        case MIN -> Math.min(acc, v);
                    };
                }
                out[i][j] = acc;
            }
        }
        return out;
    }

    /** Discard (sorting all entries, lowest first, keeping the diagonal), α·A + (1−α)·I, row sums. */
    static double[][] finish(double[][] a, RolloutParams p) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        int count = (int) Math.floor(p.discardRatio() * n * n);
        if (count > 0) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n * n; i++) {
                order.add(i);
            }
            order.sort(Comparator.<Integer>comparingDouble(i -> m[i / n][i % n]).thenComparingInt(i -> i));
            for (int c = 0; c < count; c++) {
                int i = order.get(c);
                if (i / n != i % n) {
                    m[i / n][i % n] = 0;
                }
            }
        }
        double alpha = p.residualWeight();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = alpha * m[i][j] + (1 - alpha) * (i == j ? 1 : 0);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += m[i][j];
            }
            for (int j = 0; j < n; j++) {
                m[i][j] = sum > 0 ? m[i][j] / sum : 0;
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ linear algebra

    static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int k = b.length;
        int m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double aij = a[i][j];
                for (int l = 0; l < m; l++) {
                    c[i][l] += aij * b[j][l];
                }
            }
        }
        return c;
    }

    static double[] normalise(double[] raw, int frames, MapNormalization mode) {
        double[] v = raw.clone();
        int per = raw.length / frames;
        switch (mode) {
            case NONE -> {
            }
            case GLOBAL_MAX -> divideByMax(v, 0, v.length);
            case PER_FRAME -> {
                for (int t = 0; t < frames; t++) {
                    divideByMax(v, t * per, per);
                }
            }
        }
        return v;
    }

    private static void divideByMax(double[] v, int from, int len) {
        double max = 0;
        for (int i = from; i < from + len; i++) {
            max = Math.max(max, v[i]);
        }
        if (max > 0) {
            for (int i = from; i < from + len; i++) {
                v[i] /= max;
            }
        }
    }
}
