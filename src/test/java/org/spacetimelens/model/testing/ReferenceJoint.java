package org.spacetimelens.model.testing;

import java.util.HashMap;
import java.util.Map;
import org.spacetimelens.model.JointConfig;
import org.spacetimelens.model.ModelFamily;
import org.spacetimelens.model.RawTensor;

/**
 * An independent, deliberately naive oracle of {@code VideoMAEForVideoClassification.forward} and
 * {@code VivitForVideoClassification.forward} (HF {@code modeling_videomae.py}, {@code modeling_vivit.py},
 * eval mode) for one clip: scalar loops in double precision, written from the HF sources with every
 * reshape spelled out as index arithmetic. Shares no code with the DJL implementation (the sinusoid table
 * is computed here too).
 *
 * <p>Attention per layer is {@code (H, N, N)} in HF token order: VideoMAE {@code (t', y, x)}, ViViT CLS
 * then {@code (t', y, x)}.
 */
public final class ReferenceJoint {
    private final JointConfig c;
    private final Map<String, double[]> w = new HashMap<>();

    /** Logits and every layer's attention {@code (H, N, N)}. */
    public record Result(double[] logits, double[][] attention) {
    }

    public ReferenceJoint(JointConfig config, Map<String, RawTensor> weights) {
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

    /**
     * Forward pass of one clip {@code (T, C, H, W)} with H, W as the config's; like HF's strided Conv3d, frames
     * after the last full tubelet and pixels after the last full patch are never read.
     */
    public Result forward(float[] clip, int frames, int height, int width) {
        return forward(clip, frames, height, width, -1, -1, 0);
    }

    /**
     * {@link #forward(float[], int, int, int)} with one attention probability perturbed after the softmax, before
     * it multiplies the values (for finite differences of the gradient with respect to it).
     *
     * @param layer layer of the probability (-1: none)
     * @param index its index in that layer's {@code (H, N, N)} block
     * @param delta what is added to it
     */
    public Result forward(float[] clip, int frames, int height, int width, int layer, int index, double delta) {
        boolean vivit = c.family() == ModelFamily.VIVIT;
        String pre = vivit ? "vivit." : "videomae.";
        int ph = c.patchSize();
        int pw = c.patchWidth();
        int tub = c.tubeletSize();
        int gh = height / ph;
        int gw = width / pw;
        int slots = frames / tub;
        int g = gh * gw;
        int d = c.hiddenSize();
        int ch = c.numChannels();
        int first = vivit ? 1 : 0;
        int n = first + slots * g;

        // --- PatchEmbeddings: permute to (C, T, H, W); Conv3d(kernel = stride = (tub, ph, pw)); flatten(2).transpose(1, 2)
        double[][] x = new double[n][];
        double[] kw = w.get(pre + "embeddings.patch_embeddings.projection.weight"); // (D, C, tub, ph, pw)
        double[] kb = w.get(pre + "embeddings.patch_embeddings.projection.bias");
        for (int s = 0; s < slots; s++) {
            for (int y = 0; y < gh; y++) {
                for (int xx = 0; xx < gw; xx++) {
                    double[] v = new double[d];
                    for (int o = 0; o < d; o++) {
                        double acc = kb[o];
                        for (int cc = 0; cc < ch; cc++) {
                            for (int dt = 0; dt < tub; dt++) {
                                int t = s * tub + dt;
                                for (int py = 0; py < ph; py++) {
                                    for (int px = 0; px < pw; px++) {
                                        double wv = kw[(((o * ch + cc) * tub + dt) * ph + py) * pw + px];
                                        double pix = clip[((t * ch + cc) * height + y * ph + py) * width + xx * pw + px];
                                        acc += wv * pix;
                                    }
                                }
                            }
                        }
                        v[o] = acc;
                    }
                    x[first + (s * gh + y) * gw + xx] = v; // output (D, t', gh, gw) flattened: t' slowest
                }
            }
        }
        if (vivit) {
            x[0] = w.get(pre + "embeddings.cls_token").clone();
            double[] pos = w.get(pre + "embeddings.position_embeddings");
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    x[i][k] += pos[i * d + k];
                }
            }
        } else {
            // get_sinusoid_encoding_table(n_position, d_hid), cast to float32 as torch.FloatTensor does
            for (int pos = 0; pos < n; pos++) {
                for (int j = 0; j < d; j++) {
                    double angle = pos / Math.pow(10000.0, 2.0 * Math.floorDiv(j, 2) / (double) d);
                    x[pos][j] += (float) ((j & 1) == 0 ? Math.sin(angle) : Math.cos(angle));
                }
            }
        }

        double eps = c.layerNormEps();
        int heads = c.numHeads();
        int hd = d / heads;
        double[][] attention = new double[c.numLayers()][];
        for (int l = 0; l < c.numLayers(); l++) {
            String lp = pre + "encoder.layer." + l + ".";
            String ap = lp + "attention.attention.";
            double[][] hn = new double[n][];
            for (int i = 0; i < n; i++) {
                hn[i] = layerNorm(x[i], w.get(lp + "layernorm_before.weight"), w.get(lp + "layernorm_before.bias"), eps);
            }
            double[] qb = vivit ? w.get(ap + "query.bias") : w.get(ap + "q_bias");
            double[] kbias = vivit ? w.get(ap + "key.bias") : null; // VideoMAE: zeros_like(v_bias)
            double[] vb = vivit ? w.get(ap + "value.bias") : w.get(ap + "v_bias");
            double[][] q = new double[n][];
            double[][] k = new double[n][];
            double[][] v = new double[n][];
            for (int i = 0; i < n; i++) {
                q[i] = linear(hn[i], w.get(ap + "query.weight"), qb, d);
                k[i] = linear(hn[i], w.get(ap + "key.weight"), kbias, d);
                v[i] = linear(hn[i], w.get(ap + "value.weight"), vb, d);
            }
            double[] probs = new double[heads * n * n];
            double[][] ctx = new double[n][d];
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < n; i++) {
                    double[] row = new double[n];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int e = 0; e < hd; e++) {
                            s += q[i][h * hd + e] * k[j][h * hd + e];
                        }
                        row[j] = s / Math.sqrt(hd);
                        max = Math.max(max, row[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        row[j] = Math.exp(row[j] - max);
                        sum += row[j];
                    }
                    for (int j = 0; j < n; j++) {
                        row[j] /= sum;
                        if (l == layer && (h * n + i) * n + j == index) {
                            row[j] += delta;
                        }
                        probs[(h * n + i) * n + j] = row[j];
                        for (int e = 0; e < hd; e++) {
                            ctx[i][h * hd + e] += row[j] * v[j][h * hd + e];
                        }
                    }
                }
            }
            attention[l] = probs;
            for (int i = 0; i < n; i++) {
                double[] a = linear(ctx[i], w.get(lp + "attention.output.dense.weight"),
                        w.get(lp + "attention.output.dense.bias"), d);
                double[] hs = new double[d];
                for (int e = 0; e < d; e++) {
                    hs[e] = a[e] + x[i][e];
                }
                double[] ln = layerNorm(hs, w.get(lp + "layernorm_after.weight"), w.get(lp + "layernorm_after.bias"), eps);
                double[] inter = linear(ln, w.get(lp + "intermediate.dense.weight"), w.get(lp + "intermediate.dense.bias"),
                        c.intermediateSize());
                for (int e = 0; e < inter.length; e++) {
                    inter[e] = act(inter[e]);
                }
                double[] out = linear(inter, w.get(lp + "output.dense.weight"), w.get(lp + "output.dense.bias"), d);
                for (int e = 0; e < d; e++) {
                    out[e] += hs[e];
                }
                x[i] = out;
            }
        }
        double[] pooled;
        if (!vivit && c.useMeanPooling()) {
            double[] mean = new double[d];
            for (double[] t : x) {
                for (int e = 0; e < d; e++) {
                    mean[e] += t[e] / n;
                }
            }
            pooled = layerNorm(mean, w.get("fc_norm.weight"), w.get("fc_norm.bias"), 1e-5); // nn.LayerNorm default
        } else {
            pooled = layerNorm(x[0], w.get(pre + "layernorm.weight"), w.get(pre + "layernorm.bias"), eps);
        }
        double[] logits = linear(pooled, w.get("classifier.weight"), w.get("classifier.bias"), c.numLabels());
        return new Result(logits, attention);
    }

    private double act(double x) {
        return switch (c.hiddenAct()) {
            case "gelu", "gelu_python" -> ReferenceTimeSformer.gelu(x);
            case "quick_gelu" -> x / (1 + Math.exp(-1.702 * x));
            case "silu", "swish" -> x / (1 + Math.exp(-x));
            case "gelu_fast" -> 0.5 * x * (1.0 + Math.tanh(x * 0.7978845608 * (1.0 + 0.044715 * x * x)));
            case "gelu_new", "gelu_pytorch_tanh" -> 0.5 * x * (1.0 + Math.tanh(Math.sqrt(2.0 / Math.PI)
                    * (x + 0.044715 * Math.pow(x, 3.0))));
            case "relu" -> Math.max(0, x);
            default -> throw new IllegalArgumentException(c.hiddenAct());
        };
    }

    /** y = W x + b with W (out, in) row-major; b may be null. */
    static double[] linear(double[] in, double[] weight, double[] bias, int out) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double acc = bias == null ? 0 : bias[o];
            for (int i = 0; i < in.length; i++) {
                acc += weight[o * in.length + i] * in[i];
            }
            y[o] = acc;
        }
        return y;
    }

    static double[] layerNorm(double[] x, double[] gamma, double[] beta, double eps) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= x.length;
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - mean) / Math.sqrt(var + eps) * gamma[i] + beta[i];
        }
        return y;
    }
}
