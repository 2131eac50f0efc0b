package org.spacetimelens.demo;

import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.rollout.AttentionMaps;

/**
 * TEMPORARY: the default recipe of ROLLOUT.md (head mean, +I and row renormalisation, CLS
 * identity in time, W = S'·T', CLS rows averaged over frames, product over layers, mean over
 * query frames, global-max normalisation), propagated as a row vector. Used only until the
 * rollout package's {@code Rollout} is merged; the shipped figures must come from that one.
 */
final class ProvisionalRollout {
    private ProvisionalRollout() {
    }

    static AttentionMaps compute(AttentionRecord rec) {
        if (rec.type() != AttentionType.DIVIDED_SPACE_TIME) {
            throw new IllegalArgumentException("divided space-time records only");
        }
        int t = rec.frames();
        int g = rec.patches();
        int n = g + 1;
        int h = rec.heads();
        // v[p][f]: p = 0 is the CLS position, p ≥ 1 patch p-1; start: mean of the CLS rows.
        double[][] v = new double[n][t];
        for (int f = 0; f < t; f++) {
            v[0][f] = 1.0 / t;
        }
        for (int l = rec.layers() - 1; l >= 0; l--) {
            // CLS rows of W are the frame-mean of the CLS rows: average v's CLS entries.
            double m = 0;
            for (int f = 0; f < t; f++) {
                m += v[0][f];
            }
            m /= t;
            for (int f = 0; f < t; f++) {
                v[0][f] = m;
            }
            // Spatial hop per frame: u[k][f] = Σ_p v[p][f]·S'[f][p,k].
            double[][] u = new double[n][t];
            double[] row = new double[n];
            for (int f = 0; f < t; f++) {
                for (int p = 0; p < n; p++) {
                    if (v[p][f] == 0) {
                        continue;
                    }
                    double sum = 0;
                    for (int k = 0; k < n; k++) {
                        double a = 0;
                        for (int hh = 0; hh < h; hh++) {
                            a += rec.spatialAt(l, (((f * h + hh) * n) + p) * n + k);
                        }
                        row[k] = a / h + (k == p ? 1 : 0);
                        sum += row[k];
                    }
                    for (int k = 0; k < n; k++) {
                        u[k][f] += v[p][f] * row[k] / sum;
                    }
                }
            }
            // Temporal hop per position: out[k][q] = Σ_f u[k][f]·T'[k][f,q]; the CLS keeps I.
            double[][] out = new double[n][t];
            out[0] = u[0];
            double[] trow = new double[t];
            for (int k = 1; k < n; k++) {
                int gi = k - 1;
                for (int f = 0; f < t; f++) {
                    if (u[k][f] == 0) {
                        continue;
                    }
                    double sum = 0;
                    for (int q = 0; q < t; q++) {
                        double a = 0;
                        for (int hh = 0; hh < h; hh++) {
                            a += rec.temporalAt(l, (((gi * h + hh) * t) + f) * t + q);
                        }
                        trow[q] = a / h + (q == f ? 1 : 0);
                        sum += trow[q];
                    }
                    for (int q = 0; q < t; q++) {
                        out[k][q] += u[k][f] * trow[q] / sum;
                    }
                }
            }
            v = out;
        }
        float[] raw = new float[t * g];
        float max = 0;
        for (int q = 0; q < t; q++) {
            for (int k = 1; k < n; k++) {
                raw[q * g + k - 1] = (float) v[k][q];
                max = Math.max(max, raw[q * g + k - 1]);
            }
        }
        float[] values = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            values[i] = max > 0 ? raw[i] / max : 0;
        }
        return new AttentionMaps(t, rec.gridH(), rec.gridW(), values, raw);
    }
}
