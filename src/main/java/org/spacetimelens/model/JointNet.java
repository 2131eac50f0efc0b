package org.spacetimelens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.Collections;
import java.util.Map;

/**
 * VideoMAE and ViViT video classifiers as DJL NDArray operations, with the semantics of Hugging Face
 * {@code modeling_videomae.py} ({@code VideoMAEForVideoClassification}) and {@code modeling_vivit.py}
 * ({@code VivitForVideoClassification}) in eval mode (dropout is the identity):
 *
 * <ol>
 *   <li>Tubelet embedding: a {@code Conv3d} with kernel = stride = (tubelet, ph, pw), computed as one matrix
 *       product over unfolded tubelets (the same numbers; keeps cuDNN's TF32 convolutions off the GPU path),
 *       tokens in {@code (t', y, x)} order. Like the strided convolution, frames after the last full tubelet
 *       and pixels after the last full patch row or column are dropped.</li>
 *   <li>VideoMAE: + the fixed sinusoid table (computed here, not in the checkpoint). ViViT: CLS token first,
 *       + learned position embeddings.</li>
 *   <li>Pre-norm layers: {@code h = x + Attn(LN(x))}, {@code out = h + MLP(LN(h))}. VideoMAE's key projection
 *       has no bias (HF adds a zero one), its query and value take {@code q_bias}, {@code v_bias}.</li>
 *   <li>VideoMAE with {@code use_mean_pooling}: mean over all tokens, then {@code fc_norm} (a plain
 *       {@code nn.LayerNorm}: epsilon 1e-5, not {@code layer_norm_eps}); without it (and ViViT): the final
 *       layer norm ({@code layer_norm_eps}) of token 0. Then the classifier.</li>
 * </ol>
 * Every array a pass creates is attached to the input's manager; each layer's intermediates live in their own
 * sub-manager, freed when the layer is done.
 */
public final class JointNet implements AutoCloseable {

    /** {@code nn.LayerNorm}'s default epsilon, which VideoMAE's {@code fc_norm} uses. */
    static final float FC_NORM_EPS = 1e-5f;

    private final JointConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> params;
    private final NDArray sinusoid; // VideoMAE: (1, N, D); null for ViViT

    /** Receives each layer's attention probabilities {@code (B, H, N, N)}; freed right after the call. */
    @FunctionalInterface
    public interface CaptureSink {
        void layer(int index, NDArray probabilities);
    }

    /**
     * Rewrites one layer's attention probabilities before they multiply the values: gradient capture adds a zero
     * leaf that requires a gradient ({@link AttentionGradientPass}); tests perturb one probability.
     */
    @FunctionalInterface
    public interface AttentionProbe {
        /**
         * @param layer 0-based layer
         * @param probs the probabilities {@code (B, H, N, N)} (attached to a per-layer manager)
         * @return the tensor used in their place (same shape)
         */
        NDArray apply(int layer, NDArray probs);
    }

    /**
     * @param logits (B, numLabels), attached to the input's manager
     * @param slots  temporal token slots t' of the clip
     */
    public record Output(NDArray logits, int slots, int gridH, int gridW) {
    }

    private JointNet(JointConfig config, NDManager manager, Map<String, NDArray> params) {
        this.config = config;
        this.manager = manager;
        this.params = Collections.unmodifiableMap(params);
        if (config.family() == ModelFamily.VIDEOMAE) {
            int n = config.slots() * config.gridH() * config.gridW();
            sinusoid = manager.create(JointWeights.sinusoidTable(n, config.hiddenSize()),
                    new Shape(1, n, config.hiddenSize()));
        } else {
            sinusoid = null;
        }
    }

    /**
     * A network from checkpoint tensors checked against {@link JointWeights#expectedShapes}; values are widened
     * to float32 straight into native buffers.
     *
     * @param manager owns the parameters; closed with this net
     */
    public static JointNet fromTensors(JointConfig config, NDManager manager, Map<String, RawTensor> tensors) {
        Engines.ensureOffline();
        return new JointNet(config, manager,
                TimeSformerNet.loadParameters(manager, JointWeights.expectedShapes(config), tensors));
    }

    public JointConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    /** All parameters by HF name (unmodifiable; the arrays are live). */
    public Map<String, NDArray> parameters() {
        return params;
    }

    /**
     * Runs the network.
     *
     * @param pixelValues (B, T, C, H, W) float32 on this net's device, preprocessed; H, W as the config's, T
     *                    giving its number of tubelets (frames after the last full tubelet are dropped)
     * @param sink        receives every layer's attention, or null
     */
    public Output forward(NDArray pixelValues, CaptureSink sink) {
        return forward(pixelValues, sink, null);
    }

    /**
     * Runs the network with every layer's attention probabilities passed through {@code probe} (if not null)
     * before they multiply the values; {@code sink} receives the probabilities before the probe.
     */
    public Output forward(NDArray pixelValues, CaptureSink sink, AttentionProbe probe) {
        check(pixelValues);
        NDManager fm = pixelValues.getManager();
        NDArray x = embed(pixelValues);
        for (int i = 0; i < config.numLayers(); i++) {
            try (NDManager lm = fm.newSubManager()) {
                x.attach(lm);
                NDArray[] out = layer(x, JointWeights.layer(config, i), i, probe);
                x = out[0];
                x.attach(fm);
                if (sink != null) {
                    sink.layer(i, out[1]);
                }
            }
        }
        return new Output(head(x), config.slots(), config.gridH(), config.gridW());
    }

    /** Refuses pixel values that are not (B, T, C, H, W) of this model's geometry. */
    private void check(NDArray pixelValues) {
        Shape s = pixelValues.getShape();
        if (s.dimension() != 5 || s.get(2) != config.numChannels()) {
            throw new IllegalArgumentException("pixel values must be (B, T, " + config.numChannels() + ", H, W), got " + s);
        }
        config.geometry().checkClip((int) s.get(1), (int) s.get(3), (int) s.get(4));
    }

    /** Final norm (or mean pooling + fc norm) and classifier: the logits (B, classes). */
    private NDArray head(NDArray x) {
        NDArray pooled;
        String norm = JointWeights.finalNorm(config);
        if (config.family() == ModelFamily.VIDEOMAE && config.useMeanPooling()) {
            pooled = layerNorm(x.mean(new int[] {1}), norm, FC_NORM_EPS);
        } else {
            pooled = layerNorm(x.get(":, 0, :"), norm, (float) config.layerNormEps());
        }
        return linear(pooled, "classifier.");
    }

    /**
     * The forward pass over {@code pixelValues} in its stages (embeddings, one layer, classifier head), for
     * {@link AttentionGradientPass}'s layer-by-layer mode; each stage computes exactly what
     * {@link #forward(NDArray, CaptureSink, AttentionProbe)} computes for it.
     */
    AttentionGradientPass.Stages stages(NDArray pixelValues) {
        check(pixelValues);
        return new AttentionGradientPass.Stages() {
            @Override
            public int layers() {
                return config.numLayers();
            }

            @Override
            public NDArray embed() {
                return JointNet.this.embed(pixelValues);
            }

            @Override
            public NDArray layer(int i, NDArray x, AttentionGradientPass.Probe probe, AttentionGradientPass.Sink sink) {
                NDArray[] out = JointNet.this.layer(x, JointWeights.layer(config, i), i,
                        probe == null ? null : (layer, probs) -> probe.apply(layer, false, probs));
                if (sink != null) {
                    sink.layer(i, out[1], null);
                }
                return out[0];
            }

            @Override
            public NDArray logits(NDArray x) {
                return head(x);
            }

            @Override
            public long graphBytes() {
                long n = config.tokens();
                return pixelValues.getShape().get(0) * config.numLayers() * AttentionGradientPass.layerGraphBytes(
                        n, config.hiddenSize(), config.intermediateSize(), (long) config.numHeads() * n * n);
            }
        };
    }

    /** Tubelet projection (+ CLS) + position embeddings: (B, N, D). */
    private NDArray embed(NDArray pixels) {
        Shape s = pixels.getShape();
        long b = s.get(0);
        int c = config.numChannels();
        int tub = config.tubeletSize();
        int ph = config.patchSize();
        int pw = config.patchWidth();
        int slots = config.geometry().slots((int) s.get(1));
        int gh = config.gridH();
        int gw = config.gridW();
        long d = config.hiddenSize();
        if (s.get(1) != (long) slots * tub || s.get(3) != (long) gh * ph || s.get(4) != (long) gw * pw) {
            // what the strided Conv3d never reads: trailing frames and pixels that fill no tubelet or patch
            pixels = pixels.get(":, :" + slots * tub + ", :, :" + gh * ph + ", :" + gw * pw);
        }
        // (B, T, C, H, W) → (B, t', tub, C, gh, ph, gw, pw) → (B, t', gh, gw, C, tub, ph, pw): one row per tubelet,
        // its values in the order of the Conv3d weight (D, C, tub, ph, pw) flattened.
        long k = (long) c * tub * ph * pw;
        NDArray tubelets = pixels.reshape(b, slots, tub, c, gh, ph, gw, pw).transpose(0, 1, 4, 6, 3, 2, 5, 7)
                .reshape(b, (long) slots * gh * gw, k);
        String proj = JointWeights.patchProjection(config);
        NDArray w = own(pixels.getManager(), param(proj + "weight").reshape(d, k));
        NDArray x = Linear.linear(tubelets, w, param(proj + "bias")).singletonOrThrow();
        if (sinusoid != null) {
            return x.add(sinusoid);
        }
        NDArray cls = own(pixels.getManager(), param(config.prefix() + "embeddings.cls_token").repeat(0, b));
        return NDArrays.concat(new NDList(cls, x), 1).add(param(config.prefix() + "embeddings.position_embeddings"));
    }

    /** One pre-norm layer: {output, attention probabilities (B, H, N, N)}. */
    private NDArray[] layer(NDArray x, String pre, int index, AttentionProbe probe) {
        NDArray[] att = attention(layerNorm(x, pre + "layernorm_before.", (float) config.layerNormEps()),
                pre + "attention.", index, probe);
        NDArray h = x.add(att[0]);
        NDArray inner = activation(linear(layerNorm(h, pre + "layernorm_after.", (float) config.layerNormEps()),
                pre + "intermediate.dense."));
        return new NDArray[] {h.add(linear(inner, pre + "output.dense.")), att[1]};
    }

    private NDArray[] attention(NDArray x, String pre, int index, AttentionProbe probe) {
        Shape s = x.getShape();
        long b = s.get(0);
        long n = s.get(1);
        long dim = s.get(2);
        int heads = config.numHeads();
        long hd = dim / heads;
        String a = pre + "attention.";
        NDArray q;
        NDArray k;
        NDArray v;
        if (config.family() == ModelFamily.VIDEOMAE) {
            q = project(x, a + "query.weight", a + "q_bias");
            k = project(x, a + "key.weight", null); // HF: a zero bias
            v = project(x, a + "value.weight", a + "v_bias");
        } else {
            q = project(x, a + "query.weight", a + "query.bias");
            k = project(x, a + "key.weight", a + "key.bias");
            v = project(x, a + "value.weight", a + "value.bias");
        }
        q = q.reshape(b, n, heads, hd).transpose(0, 2, 1, 3);
        k = k.reshape(b, n, heads, hd).transpose(0, 2, 3, 1);
        v = v.reshape(b, n, heads, hd).transpose(0, 2, 1, 3);
        NDArray scores = q.matMul(k);
        // VideoMAE multiplies by head_dim^-0.5, ViViT divides by sqrt(head_dim), as in HF; scalars as
        // TimeSformerNet.scalar tensors, not mul(Number)/div(Number), whose scalar autograd would see freed
        scores = config.family() == ModelFamily.VIDEOMAE ? scores.mul(c(x, (float) Math.pow(hd, -0.5)))
                : scores.div(c(x, (float) Math.sqrt(hd)));
        NDArray probs = scores.softmax(-1);
        NDArray used = probe == null ? probs : probe.apply(index, probs);
        NDArray ctx = used.matMul(v).transpose(0, 2, 1, 3).reshape(b, n, dim);
        return new NDArray[] {linear(ctx, pre + "output.dense."), probs};
    }

    private NDArray project(NDArray x, String weight, String bias) {
        NDArray bv = bias == null ? null : params.get(bias);
        return (bv == null ? Linear.linear(x, param(weight)) : Linear.linear(x, param(weight), bv)).singletonOrThrow();
    }

    /** {@code transformers.activations.ACT2FN[hidden_act]}. */
    private NDArray activation(NDArray x) {
        return switch (config.hiddenAct()) {
            // DJL's gelu is torch's default (exact erf) GELU, HF's "gelu"
            case "gelu", "gelu_python" -> Activation.gelu(x);
            // FastGELUActivation: 0.5·x·(1 + tanh(x·0.7978845608·(1 + 0.044715·x²)))
            case "gelu_fast" -> x.mul(c(x, 0.5f)).mul(x.mul(x).mul(c(x, 0.044715f)).add(1f).mul(x)
                    .mul(c(x, 0.7978845608f)).tanh().add(1f));
            // NewGELUActivation / PytorchGELUTanh: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
            case "gelu_new", "gelu_pytorch_tanh" -> x.mul(c(x, 0.5f)).mul(
                    x.add(x.pow(c(x, 3f)).mul(c(x, 0.044715f))).mul(c(x, (float) Math.sqrt(2.0 / Math.PI))).tanh()
                            .add(1f));
            case "relu" -> Activation.relu(x);
            // QuickGELUActivation: x·σ(1.702·x); SiLU: x·σ(x)
            case "quick_gelu" -> x.mul(Activation.sigmoid(x.mul(c(x, 1.702f))));
            case "silu", "swish" -> x.mul(Activation.sigmoid(x));
            default -> throw new IllegalStateException("unsupported hidden_act " + config.hiddenAct());
        };
    }

    private NDArray linear(NDArray x, String pre) {
        return Linear.linear(x, param(pre + "weight"), param(pre + "bias")).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, String pre, float eps) {
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), param(pre + "weight"), param(pre + "bias"), eps)
                .singletonOrThrow();
    }

    /**
     * A scalar for arithmetic autograd may save ({@link TimeSformerNet#scalar}: DJL 0.32's mul(Number) and
     * div(Number) hand the graph a buffer freed right after the op), in {@code like}'s manager.
     */
    private static NDArray c(NDArray like, float value) {
        return TimeSformerNet.scalar(like.getManager(), value);
    }

    private NDArray param(String name) {
        NDArray p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return p;
    }

    private static NDArray own(NDManager fm, NDArray a) {
        a.attach(fm);
        return a;
    }

    @Override
    public void close() {
        manager.close();
    }
}
