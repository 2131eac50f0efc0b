package org.spacetimelens.model.testing;

import java.util.HashMap;
import java.util.Map;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.RawTensor;
import org.spacetimelens.model.TimeSformerConfig;

/**
 * An independent, deliberately naive oracle of {@code TimesformerForVideoClassification.forward}
 * (HF {@code modeling_timesformer.py}, eval mode) for one clip: scalar loops in double precision,
 * written step by step from the HF source (each reshape/permute spelled out as index arithmetic).
 * It shares no code with the DJL implementation. Two deliberate choices match facebookresearch
 * {@code vit.py} where HF cannot handle the case: layers use the clip's own frame count and grid,
 * and {@code space_only} averages tokens over frames before the final layer norm.
 *
 * <p>Attention is returned in the {@code AttentionRecord} layouts: spatial (T, H, 1+G, 1+G),
 * temporal (G, H, T, T); joint (1, H, N, N).
 */
public final class ReferenceTimeSformer {
    private final TimeSformerConfig c;
    private final Map<String, double[]> w = new HashMap<>();

    /** Result of one clip. */
    public record Result(double[] logits, double[][] spatial, double[][] temporal) {
    }

    /**
     * One attention probability changed by {@code delta} after the softmax, before it multiplies the values
     * (finite differences of the logits with respect to the probabilities). {@code index} is into the
     * layer's block in the record layout; the returned attention is the unperturbed softmax.
     */
    public record Perturbation(int layer, boolean temporal, int index, double delta) {
    }

    private Perturbation perturbation;
    /** Where the next attention() call's probabilities sit: layer, kind and offset in the layer's block. */
    private int atLayer;
    private boolean atTemporal;
    private int atOffset;

    /** Forward pass of one clip with one attention probability perturbed (null: none). */
    public Result forward(float[] clip, int frames, int height, int width, Perturbation p) {
        perturbation = p;
        try {
            return forward(clip, frames, height, width);
        } finally {
            perturbation = null;
        }
    }

    public ReferenceTimeSformer(TimeSformerConfig config, Map<String, RawTensor> weights) {
        this.c = config;
        for (Map.Entry<String, RawTensor> e : weights.entrySet()) {
            float[] f = e.getValue().toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            w.put(e.getKey(), d);
        }
    }

    /** Forward pass of one clip {@code (T, C, H, W)}. */
    public Result forward(float[] clip, int frames, int height, int width) {
        int p = c.patchSize();
        int gh = height / p;
        int gw = width / p;
        int g = gh * gw;
        int d = c.hiddenSize();
        int nl = c.numLayers();
        double[][] spatial = new double[nl][];
        double[][] temporal = c.attentionType() == AttentionType.DIVIDED_SPACE_TIME ? new double[nl][] : null;

        // --- TimesformerPatchEmbeddings: Conv2d(kernel = stride = p) per frame, flatten(2).transpose(1, 2)
        double[][][] emb = new double[frames][1 + g][];
        double[] kw = w.get("timesformer.embeddings.patch_embeddings.projection.weight");
        double[] kb = w.get("timesformer.embeddings.patch_embeddings.projection.bias");
        int ch = c.numChannels();
        for (int t = 0; t < frames; t++) {
            for (int y = 0; y < gh; y++) {
                for (int x = 0; x < gw; x++) {
                    double[] v = new double[d];
                    for (int o = 0; o < d; o++) {
                        double s = kb[o];
                        for (int cc = 0; cc < ch; cc++) {
                            for (int ky = 0; ky < p; ky++) {
                                for (int kx = 0; kx < p; kx++) {
                                    int px = ((t * ch + cc) * height + (y * p + ky)) * width + (x * p + kx);
                                    s += kw[((o * ch + cc) * p + ky) * p + kx] * clip[px];
                                }
                            }
                        }
                        v[o] = s;
                    }
                    emb[t][1 + y * gw + x] = v;
                }
            }
            // torch.cat((cls_tokens, embeddings), dim=1)
            emb[t][0] = w.get("timesformer.embeddings.cls_token").clone();
        }
        // --- position embeddings, resized only when the token count differs
        double[] pos = w.get("timesformer.embeddings.position_embeddings");
        int posTokens = pos.length / d;
        double[][] posRows = new double[1 + g][d];
        if (1 + g != posTokens) {
            int side = (int) Math.sqrt(posTokens - 1);
            int patchHeight = (1 + g) / gw; // HF: embeddings.size(1) // patch_width
            for (int y = 0; y < patchHeight; y++) {
                for (int x = 0; x < gw; x++) {
                    int sy = nearest(y, side, patchHeight);
                    int sx = nearest(x, side, gw);
                    System.arraycopy(pos, (1 + sy * side + sx) * d, posRows[1 + y * gw + x], 0, d);
                }
            }
            System.arraycopy(pos, 0, posRows[0], 0, d);
        } else {
            for (int n = 0; n <= g; n++) {
                System.arraycopy(pos, n * d, posRows[n], 0, d);
            }
        }
        for (int t = 0; t < frames; t++) {
            for (int n = 0; n <= g; n++) {
                for (int k = 0; k < d; k++) {
                    emb[t][n][k] += posRows[n][k];
                }
            }
        }

        double[][] hidden; // (tokens, D) for batch 1; space_only keeps (T, 1+G, D) in framesHidden
        double[][][] framesHidden = null;
        if (c.attentionType() == AttentionType.SPACE_ONLY) {
            framesHidden = emb;
            hidden = null;
        } else {
            // cls_tokens = embeddings[:batch_size, 0, :]; patches (T, G, D) -> (G, T, D) + time embeddings
            double[] time = w.get("timesformer.embeddings.time_embeddings");
            int tc = time.length / d;
            hidden = new double[1 + g * frames][];
            hidden[0] = emb[0][0].clone();
            for (int n = 0; n < g; n++) {
                for (int t = 0; t < frames; t++) {
                    int st = frames == tc ? t : nearest(t, tc, frames);
                    double[] v = emb[t][1 + n].clone();
                    for (int k = 0; k < d; k++) {
                        v[k] += time[st * d + k];
                    }
                    hidden[1 + n * frames + t] = v; // view(B, G, T, D).reshape(B, G*T, D)
                }
            }
        }

        for (int l = 0; l < nl; l++) {
            String pre = "timesformer.encoder.layer." + l + ".";
            atLayer = l;
            atOffset = 0;
            switch (c.attentionType()) {
                case DIVIDED_SPACE_TIME -> {
                    double[][] probs = new double[2][];
                    hidden = dividedLayer(hidden, pre, frames, g, probs);
                    spatial[l] = probs[0];
                    temporal[l] = probs[1];
                }
                case JOINT_SPACE_TIME -> {
                    double[][] probsOut = new double[1][];
                    hidden = plainLayer(hidden, pre, probsOut);
                    spatial[l] = probsOut[0];
                }
                case SPACE_ONLY -> {
                    int n = 1 + g;
                    int hh = c.numHeads();
                    double[] all = new double[frames * hh * n * n];
                    for (int t = 0; t < frames; t++) {
                        double[][] probsOut = new double[1][];
                        atOffset = t * hh * n * n;
                        framesHidden[t] = plainLayer(framesHidden[t], pre, probsOut);
                        System.arraycopy(probsOut[0], 0, all, t * hh * n * n, hh * n * n);
                    }
                    spatial[l] = all;
                }
                default -> throw new IllegalStateException();
            }
        }
        double[] cls;
        if (c.attentionType() == AttentionType.SPACE_ONLY) {
            cls = new double[d];
            for (int t = 0; t < frames; t++) {
                for (int k = 0; k < d; k++) {
                    cls[k] += framesHidden[t][0][k] / frames;
                }
            }
        } else {
            cls = hidden[0];
        }
        double[] normed = layerNorm(cls, "timesformer.layernorm.");
        double[] logits = linear(normed, "classifier.");
        return new Result(logits, spatial, temporal);
    }

    /** HF TimesformerLayer, divided_space_time: probs[0] = spatial (T,H,1+G,1+G), probs[1] = temporal (G,H,T,T). */
    private double[][] dividedLayer(double[][] h, String pre, int frames, int g, double[][] probs) {
        int d = c.hiddenSize();
        int heads = c.numHeads();
        // Temporal: hidden[:, 1:] -> (B*G, T, D)
        double[][] xt = new double[g * frames][];
        double[] tProbs = new double[g * heads * frames * frames];
        for (int n = 0; n < g; n++) {
            double[][] seq = new double[frames][];
            for (int t = 0; t < frames; t++) {
                seq[t] = layerNorm(h[1 + n * frames + t], pre + "temporal_layernorm.");
            }
            double[] pr = new double[heads * frames * frames];
            atTemporal = true;
            atOffset = n * heads * frames * frames;
            double[][] att = attention(seq, pre + "temporal_attention.", pr);
            atTemporal = false;
            System.arraycopy(pr, 0, tProbs, n * heads * frames * frames, pr.length);
            for (int t = 0; t < frames; t++) {
                double[] dense = linear(att[t], pre + "temporal_dense.");
                double[] v = new double[d];
                for (int k = 0; k < d; k++) {
                    v[k] = h[1 + n * frames + t][k] + dense[k];
                }
                xt[n * frames + t] = v; // temporal_embedding
            }
        }
        // Spatial: per frame, [initial CLS; patches of frame t]
        double[] initCls = h[0];
        int tokens = 1 + g;
        double[] sProbs = new double[frames * heads * tokens * tokens];
        double[] clsSum = new double[d];
        double[][] resSpatial = new double[g * frames][];
        for (int t = 0; t < frames; t++) {
            double[][] seq = new double[tokens][];
            seq[0] = layerNorm(initCls, pre + "layernorm_before.");
            for (int n = 0; n < g; n++) {
                seq[1 + n] = layerNorm(xt[n * frames + t], pre + "layernorm_before.");
            }
            double[] pr = new double[heads * tokens * tokens];
            atOffset = t * heads * tokens * tokens;
            double[][] att = attention(seq, pre + "attention.", pr);
            System.arraycopy(pr, 0, sProbs, t * heads * tokens * tokens, pr.length);
            for (int k = 0; k < d; k++) {
                clsSum[k] += att[0][k];
            }
            for (int n = 0; n < g; n++) {
                resSpatial[n * frames + t] = att[1 + n];
            }
        }
        double[][] out = new double[1 + g * frames][];
        double[] clsRow = new double[d];
        for (int k = 0; k < d; k++) {
            clsRow[k] = initCls[k] + clsSum[k] / frames;
        }
        out[0] = clsRow;
        for (int i = 0; i < g * frames; i++) {
            double[] v = new double[d];
            for (int k = 0; k < d; k++) {
                v[k] = xt[i][k] + resSpatial[i][k];
            }
            out[1 + i] = v;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = plus(out[i], mlp(layerNorm(out[i], pre + "layernorm_after."), pre));
        }
        probs[0] = sProbs;
        probs[1] = tProbs;
        return out;
    }

    /** HF TimesformerLayer, space_only / joint_space_time on one sequence. */
    private double[][] plainLayer(double[][] h, String pre, double[][] probsOut) {
        int n = h.length;
        double[][] seq = new double[n][];
        for (int i = 0; i < n; i++) {
            seq[i] = layerNorm(h[i], pre + "layernorm_before.");
        }
        double[] pr = new double[c.numHeads() * n * n];
        double[][] att = attention(seq, pre + "attention.", pr);
        probsOut[0] = pr;
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] x = plus(h[i], att[i]);
            out[i] = plus(x, mlp(layerNorm(x, pre + "layernorm_after."), pre));
        }
        return out;
    }

    /** TimesformerSelfAttention + SelfOutput: qkv reshaped (N, 3, H, d); probs written as (H, N, N). */
    private double[][] attention(double[][] x, String pre, double[] probs) {
        int n = x.length;
        int d = c.hiddenSize();
        int heads = c.numHeads();
        int hd = d / heads;
        double scale = Math.pow(hd, -0.5);
        double[][] qkv = new double[n][];
        for (int i = 0; i < n; i++) {
            qkv[i] = linear(x[i], pre + "attention.qkv.");
        }
        double[][] ctx = new double[n][d];
        for (int hh = 0; hh < heads; hh++) {
            for (int i = 0; i < n; i++) {
                double[] scores = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int e = 0; e < hd; e++) {
                        s += qkv[i][hh * hd + e] * qkv[j][d + hh * hd + e];
                    }
                    scores[j] = s * scale;
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int j = 0; j < n; j++) {
                    double pj = scores[j] / sum;
                    probs[(hh * n + i) * n + j] = pj;
                    Perturbation pt = perturbation;
                    if (pt != null && pt.layer() == atLayer && pt.temporal() == atTemporal
                            && pt.index() == atOffset + (hh * n + i) * n + j) {
                        pj += pt.delta();
                    }
                    for (int e = 0; e < hd; e++) {
                        ctx[i][hh * hd + e] += pj * qkv[j][2 * d + hh * hd + e];
                    }
                }
            }
        }
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = linear(ctx[i], pre + "output.dense.");
        }
        return out;
    }

    private double[] mlp(double[] x, String pre) {
        double[] hmid = linear(x, pre + "intermediate.dense.");
        for (int i = 0; i < hmid.length; i++) {
            hmid[i] = gelu(hmid[i]);
        }
        return linear(hmid, pre + "output.dense.");
    }

    private double[] linear(double[] x, String pre) {
        double[] wt = w.get(pre + "weight");
        double[] b = w.get(pre + "bias");
        int in = x.length;
        int out = wt.length / in;
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = b == null ? 0 : b[o];
            for (int i = 0; i < in; i++) {
                s += wt[o * in + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }

    private double[] layerNorm(double[] x, String pre) {
        double[] g = w.get(pre + "weight");
        double[] b = w.get(pre + "bias");
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= x.length; // biased, as torch.nn.LayerNorm
        double inv = 1 / Math.sqrt(var + c.layerNormEps());
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - mean) * inv * g[i] + b[i];
        }
        return y;
    }

    private static double[] plus(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i];
        }
        return y;
    }

    /** torch.nn.functional.interpolate(mode="nearest") source index (ATen nearest_idx, float scale). */
    public static int nearest(int dst, int in, int out) {
        if (in == out) {
            return dst;
        }
        if (out == 2 * in) {
            return dst >> 1;
        }
        float scale = (float) in / (float) out;
        return Math.min((int) Math.floor((float) dst * scale), in - 1);
    }

    /** Exact GELU, x·Φ(x) = 0.5·x·(1 + erf(x/√2)). */
    public static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /**
     * erf to ~1e-15: erf(x) = 2/√π · e^{-x²} · Σ 2ⁿ x^{2n+1} / (1·3···(2n+1)), a series of positive
     * terms (no cancellation); |x| ≥ 6 gives ±1 to double precision.
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax >= 6) {
            return Math.signum(x);
        }
        double term = ax;
        double sum = ax;
        for (int n = 1; n < 500 && term > 1e-18 * sum; n++) {
            term *= 2 * ax * ax / (2 * n + 1);
            sum += term;
        }
        double r = 2 / Math.sqrt(Math.PI) * Math.exp(-ax * ax) * sum;
        return Math.signum(x) * Math.min(r, 1.0);
    }
}
