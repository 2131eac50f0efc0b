package org.spacetimelens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The TimeSformer network as DJL NDArray operations — batch-capable and autograd-friendly — with
 * the semantics of Hugging Face {@code modeling_timesformer.py} ({@code TimesformerForVideoClassification}
 * in eval mode; dropout and drop-path are identities).
 *
 * <p><b>Parameters</b> are NDArrays held by {@link #manager()} under their HF state-dict names
 * ({@link WeightLayout}); {@link #parameters()} lists them for an optimizer.
 *
 * <p><b>Training</b> (e.g. with DJL's {@code GradientCollector}):
 * <pre>{@code
 * Engines.ensureOffline();                                   // before the first NDManager
 * Device device = Engines.selectDevice("auto").device();
 * try (TimeSformerNet net = TimeSformerNet.random(config, NDManager.newBaseManager(device), 42)) {
 *     net.setRequiresGradient(true);
 *     for (...) {
 *         try (NDManager step = net.manager().newSubManager()) {
 *             try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
 *                 NDArray x = step.create(pixels, new Shape(B, T, 3, H, W));
 *                 NDArray logits = net.forward(x, false).logits();    // (B, numLabels)
 *                 NDArray loss = ...;                                 // built from logits
 *                 gc.backward(loss);
 *             }
 *             // after the collector is closed (grad mode off): update in place, then reset
 *             net.sgdStep(lr);                  // or your own rule over parameters() / gradient(name, step)
 *             net.zeroGradients();
 *         }
 *     }
 *     net.save(dir, PreprocessConfig.defaults(config.imageSize()));
 * }
 * }</pre>
 * PyTorch accumulates gradients, and DJL's {@code GradientCollector.zeroGradients()} only resets
 * arrays of the engine's system manager, so call {@link #zeroGradients()} after every update.
 * {@link #forward} never copies data to the JVM, and every array it creates is attached to the
 * manager of {@code pixelValues}: closing that manager frees them all. Parameters are never
 * attached to it.
 *
 * <p>Differences from HF, on purpose: inside the layers the clip's own frame count and grid are used
 * (as facebookresearch {@code vit.py} does; HF uses the config's and fails or mixes tokens when the clip
 * differs); {@code space_only} averages the tokens over frames before the final layer norm, as
 * {@code vit.py} does (HF would return one row of logits per frame). The patch projection is computed
 * as a matrix product over unfolded patches, which equals the stride-p convolution and keeps cuDNN's
 * TF32 convolutions out of the GPU path.
 */
public final class TimeSformerNet implements AutoCloseable {
    private final TimeSformerConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> params;

    /**
     * Outputs of one forward pass, all attached to the input's manager.
     *
     * @param logits   (B, numLabels)
     * @param spatial  per layer when captured, else empty: divided / space-only (B·T, H, 1+G, 1+G)
     *                 (batch-major, frame fastest); joint (B, H, N, N) with N = 1 + G·T
     * @param temporal per layer when captured and divided, else empty: (B·G, H, T, T)
     *                 (batch-major, patch g = y·gw + x fastest)
     * @param frames   T of the clip
     * @param gridH    patch rows of the clip
     * @param gridW    patch columns of the clip
     */
    public record Output(NDArray logits, List<NDArray> spatial, List<NDArray> temporal,
            int frames, int gridH, int gridW) {
    }

    private TimeSformerNet(TimeSformerConfig config, NDManager manager, Map<String, NDArray> params) {
        this.config = config;
        this.manager = manager;
        this.params = Collections.unmodifiableMap(params);
    }

    /**
     * A freshly initialised network, as HF's {@code _init_weights}: linear/conv weights, CLS token
     * and position embeddings from a normal(0, 0.02) truncated to [-2, 2], biases and time embeddings 0,
     * layer-norm weights 1. Values come from {@code java.util.Random(seed)}, so they are the same
     * on every engine and device.
     *
     * @param manager owns the parameters; the net closes it in {@link #close()}
     */
    public static TimeSformerNet random(TimeSformerConfig config, NDManager manager, long seed) {
        Engines.ensureOffline();
        Random rnd = new Random(seed);
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : WeightLayout.expectedShapes(config).entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            float[] values = new float[Math.toIntExact(RawTensor.numel(shape))];
            boolean norm = name.contains("layernorm") || name.startsWith(WeightLayout.FINAL_NORM);
            if (norm && name.endsWith(".weight")) {
                Arrays.fill(values, 1f);
            } else if (!name.endsWith(".bias") && !name.equals(WeightLayout.TIME)) {
                for (int i = 0; i < values.length; i++) {
                    double v;
                    do {
                        v = rnd.nextGaussian() * 0.02;
                    } while (v < -2 || v > 2);
                    values[i] = (float) v;
                }
            }
            params.put(name, manager.create(values, new Shape(shape)));
        }
        return new TimeSformerNet(config, manager, params);
    }

    /**
     * A network from checkpoint tensors already validated against {@link WeightLayout#expectedShapes}
     * (see {@link CheckpointLoader}); values are widened to float32.
     *
     * @param manager owns the parameters; the net closes it in {@link #close()}
     * @throws IllegalArgumentException when a tensor is missing or mis-shaped
     */
    public static TimeSformerNet fromTensors(TimeSformerConfig config, NDManager manager, Map<String, RawTensor> tensors) {
        Engines.ensureOffline();
        return new TimeSformerNet(config, manager, loadParameters(manager, WeightLayout.expectedShapes(config), tensors));
    }

    /**
     * The parameters named in {@code expected}, in its order, each checked for shape and widened to float32
     * (shared with {@link JointNet#fromTensors}).
     *
     * @throws IllegalArgumentException when a tensor is missing or mis-shaped
     */
    static Map<String, NDArray> loadParameters(NDManager manager, Map<String, long[]> expected,
            Map<String, RawTensor> tensors) {
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            RawTensor t = tensors.get(e.getKey());
            if (t == null || !Arrays.equals(t.shape(), e.getValue())) {
                throw new IllegalArgumentException("weight " + e.getKey() + ": expected shape "
                        + RawTensor.shapeString(e.getValue()) + ", found " + (t == null ? "nothing" : t.shapeString()));
            }
            // Straight from the file into a native buffer the CPU tensor then uses as its storage
            // (DJL's from_blob path keeps the buffer): one copy of the weights, none on the heap.
            ByteBuffer buf = manager.allocateDirect(Math.toIntExact(t.numel() * 4));
            t.writeFloat32(buf);
            buf.rewind();
            params.put(e.getKey(), manager.create(buf, new Shape(e.getValue()), DataType.FLOAT32));
        }
        return params;
    }

    public TimeSformerConfig config() {
        return config;
    }

    /** The manager that owns the parameters (use {@code newSubManager()} for per-step arrays). */
    public NDManager manager() {
        return manager;
    }

    /** All parameters by HF name, in state-dict order (unmodifiable map; the arrays are live). */
    public Map<String, NDArray> parameters() {
        return params;
    }

    /** One parameter by HF name. */
    public NDArray parameter(String name) {
        NDArray p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return p;
    }

    /** Marks every parameter as (not) requiring gradients, for training with a GradientCollector. */
    public void setRequiresGradient(boolean requires) {
        for (NDArray p : params.values()) {
            p.setRequiresGradient(requires);
        }
    }

    /**
     * The gradient of a parameter after {@code GradientCollector.backward}, attached to {@code owner}
     * (DJL returns a new handle each call; attaching it lets the caller's step manager free it).
     * The handle shares the parameter's {@code .grad} storage.
     */
    public NDArray gradient(String name, NDManager owner) {
        NDArray g = parameter(name).getGradient();
        g.attach(owner);
        return g;
    }

    /**
     * Plain SGD, {@code p -= learningRate * grad} in place for every parameter. Call it after the
     * {@code GradientCollector} is closed (in-place updates of leaves are not allowed while grad mode is on).
     */
    public void sgdStep(float learningRate) {
        try (NDManager tmp = manager.newSubManager()) {
            for (String name : params.keySet()) {
                params.get(name).subi(gradient(name, tmp).mul(learningRate));
            }
        }
    }

    /** Resets every parameter's accumulated gradient to zero. */
    public void zeroGradients() {
        try (NDManager tmp = manager.newSubManager()) {
            for (String name : params.keySet()) {
                NDArray p = params.get(name);
                if (p.hasGradient()) {
                    NDArray g = gradient(name, tmp);
                    g.subi(g); // in place on the .grad tensor the handle shares
                }
            }
        }
    }

    /**
     * Runs the network.
     *
     * @param pixelValues (B, T, C, H, W) float32 on this net's device, already normalised; T, H, W may
     *                    differ from the config (embeddings are nearest-resized as in HF)
     * @param capture     keep every layer's attention probabilities in the output
     */
    public Output forward(NDArray pixelValues, boolean capture) {
        return forward(pixelValues, capture, null);
    }

    /**
     * Receives each layer's attention probabilities as soon as the layer is done (layouts as in
     * {@link Output}); the arrays are freed right after the call, so copy what is needed. Streaming
     * the capture keeps one layer's maps in native memory instead of all of them.
     */
    @FunctionalInterface
    public interface CaptureSink {
        /** @param temporal null unless divided space-time */
        void layer(int index, NDArray spatial, NDArray temporal);
    }

    /**
     * Runs the network, handing every layer's attention to {@code sink} (the output's lists stay empty).
     *
     * @see #forward(NDArray, boolean)
     */
    public Output forward(NDArray pixelValues, CaptureSink sink) {
        return forward(pixelValues, true, java.util.Objects.requireNonNull(sink, "sink"));
    }

    /**
     * Rewrites one layer's attention probabilities before they multiply the values: the hook gradient
     * capture uses (adding a zero leaf that requires a gradient, whose gradient is then the gradient with
     * respect to the probabilities) and tests use (perturbing one probability for finite differences).
     */
    @FunctionalInterface
    public interface AttentionProbe {
        /**
         * @param layer    0-based layer
         * @param temporal true for the temporal attention of a divided layer, false for the spatial (or the
         *                 only) attention
         * @param probs    the probabilities, layouts as in {@link Output} (attached to a per-layer manager)
         * @return the tensor used in their place (same shape)
         */
        NDArray apply(int layer, boolean temporal, NDArray probs);
    }

    /**
     * Runs the network with every layer's attention probabilities passed through {@code probe} before
     * they multiply the values; the captured maps (to {@code sink}, or the output's lists when
     * {@code sink} is null and {@code capture}) are the probabilities before the probe.
     */
    public Output forward(NDArray pixelValues, boolean capture, CaptureSink sink, AttentionProbe probe) {
        return forwardImpl(pixelValues, capture || sink != null, sink, probe);
    }

    private Output forward(NDArray pixelValues, boolean capture, CaptureSink sink) {
        return forwardImpl(pixelValues, capture, sink, null);
    }

    /** The checked dimensions of a pass over {@code pixelValues}. */
    private Dims dims(NDArray pixelValues) {
        Shape s = pixelValues.getShape();
        if (s.dimension() != 5 || s.get(2) != config.numChannels()) {
            throw new IllegalArgumentException("pixel values must be (B, T, " + config.numChannels()
                    + ", H, W), got " + s);
        }
        int p = config.patchSize();
        if (s.get(3) < p || s.get(4) < p || s.get(1) < 1) {
            throw new IllegalArgumentException("clip " + s + " is smaller than one " + p + "x" + p + " patch");
        }
        return new Dims((int) s.get(0), (int) s.get(1), (int) (s.get(3) / p), (int) (s.get(4) / p),
                config.hiddenSize(), config.numHeads());
    }

    /**
     * The forward pass over {@code pixelValues} in its stages (embeddings, one layer, classifier head), for
     * {@link AttentionGradientPass}'s layer-by-layer mode; each stage computes exactly what
     * {@link #forward(NDArray, boolean, CaptureSink, AttentionProbe)} computes for it.
     */
    AttentionGradientPass.Stages stages(NDArray pixelValues) {
        Dims dims = dims(pixelValues);
        NDManager fm = pixelValues.getManager();
        return new AttentionGradientPass.Stages() {
            @Override
            public int layers() {
                return config.numLayers();
            }

            @Override
            public NDArray embed() {
                return TimeSformerNet.this.embed(fm, pixelValues, dims);
            }

            @Override
            public NDArray layer(int i, NDArray x, AttentionGradientPass.Probe probe, AttentionGradientPass.Sink sink) {
                List<NDArray> spatial = sink == null ? null : new ArrayList<>();
                List<NDArray> temporal = sink == null ? null : new ArrayList<>();
                NDArray y = TimeSformerNet.this.layer(x.getManager(), x, i, dims, spatial, temporal,
                        probe == null ? null : probe::apply);
                if (sink != null) {
                    sink.layer(i, spatial.get(0), temporal.isEmpty() ? null : temporal.get(0));
                }
                return y;
            }

            @Override
            public NDArray logits(NDArray x) {
                return head(x, dims);
            }

            @Override
            public long graphBytes() {
                long g = dims.g();
                long t = dims.t;
                long h = dims.heads;
                long tokens;
                long attention;
                switch (config.attentionType()) {
                    case DIVIDED_SPACE_TIME -> {
                        tokens = 1 + g * t;
                        attention = t * h * (g + 1) * (g + 1) + g * h * t * t;
                    }
                    case SPACE_ONLY -> {
                        tokens = t * (1 + g);
                        attention = t * h * (g + 1) * (g + 1);
                    }
                    default -> {
                        tokens = 1 + g * t;
                        attention = h * tokens * tokens;
                    }
                }
                return dims.b * config.numLayers() * AttentionGradientPass.layerGraphBytes(tokens, dims.d,
                        config.intermediateSize(), attention);
            }
        };
    }

    private Output forwardImpl(NDArray pixelValues, boolean capture, CaptureSink sink, AttentionProbe probe) {
        NDManager fm = pixelValues.getManager();
        Dims dims = dims(pixelValues);
        List<NDArray> spatial = new ArrayList<>();
        List<NDArray> temporal = new ArrayList<>();
        NDArray x = embed(fm, pixelValues, dims);
        for (int i = 0; i < config.numLayers(); i++) {
            // Each layer's intermediates (a base layer makes ~150 MB of them) live in their own manager,
            // freed as soon as the layer is done; only its output and captured maps move up to fm.
            // Without this a pass keeps every layer's intermediates until the caller closes fm (GBs at
            // base size). Autograd is unaffected: libtorch's graph keeps what backward needs alive.
            int firstSpatial = spatial.size();
            int firstTemporal = temporal.size();
            try (NDManager lm = fm.newSubManager()) {
                x.attach(lm); // the previous layer's output (or the embeddings) is only this layer's input
                x = layer(lm, x, i, dims, capture ? spatial : null, capture ? temporal : null, probe);
                x.attach(fm);
                if (sink != null && capture) {
                    sink.layer(i, spatial.remove(firstSpatial),
                            temporal.size() > firstTemporal ? temporal.remove(firstTemporal) : null);
                }
                for (int k = firstSpatial; k < spatial.size(); k++) {
                    spatial.get(k).attach(fm);
                }
                for (int k = firstTemporal; k < temporal.size(); k++) {
                    temporal.get(k).attach(fm);
                }
            }
        }
        return new Output(head(x, dims), List.copyOf(spatial), List.copyOf(temporal), dims.t, dims.gh, dims.gw);
    }

    /** Layer {@code i} of this model's attention type; the lists (may be null) receive its probabilities. */
    private NDArray layer(NDManager m, NDArray x, int i, Dims dims, List<NDArray> spatial, List<NDArray> temporal,
            AttentionProbe probe) {
        String pre = WeightLayout.layer(i);
        return config.attentionType() == AttentionType.DIVIDED_SPACE_TIME
                ? dividedLayer(m, x, pre, dims, spatial, temporal, i, probe)
                : plainLayer(m, x, pre, spatial, i, probe);
    }

    /** Final norm and classifier on the last layer's output: the logits (B, classes). */
    private NDArray head(NDArray x, Dims dims) {
        NDArray cls;
        if (config.attentionType() == AttentionType.SPACE_ONLY) {
            // vit.py: average every token over frames, then norm; only token 0 is used afterwards.
            cls = x.get(":, 0, :").reshape(dims.b, dims.t, dims.d).mean(new int[] {1});
        } else {
            cls = x.get(":, 0, :");
        }
        cls = layerNorm(cls, WeightLayout.FINAL_NORM);
        return linear(cls, WeightLayout.CLASSIFIER);
    }

    /** Batch, frames, grid rows/cols, hidden size, heads of one forward pass. */
    private record Dims(int b, int t, int gh, int gw, int d, int heads) {
        int g() {
            return gh * gw;
        }
    }

    /** Patch projection, CLS, position and time embeddings (HF TimesformerEmbeddings). */
    private NDArray embed(NDManager fm, NDArray pixels, Dims d) {
        int p = config.patchSize();
        int c = config.numChannels();
        long bt = (long) d.b * d.t;
        NDArray x = pixels.reshape(bt, c, pixels.getShape().get(3), pixels.getShape().get(4));
        if (x.getShape().get(2) != (long) d.gh * p || x.getShape().get(3) != (long) d.gw * p) {
            x = x.get(new NDIndex(":, :, 0:{}, 0:{}", d.gh * p, d.gw * p)); // the convolution ignores the remainder
        }
        // Unfold into patches (y, x) each flattened as (c, ky, kx) = the conv kernel's layout.
        NDArray patches = x.reshape(bt, c, d.gh, p, d.gw, p).transpose(0, 2, 4, 1, 3, 5)
                .reshape(bt, d.g(), (long) c * p * p);
        NDArray kernel = own(fm, param(WeightLayout.PATCH_WEIGHT).reshape(d.d, (long) c * p * p));
        NDArray emb = Linear.linear(patches, kernel, param(WeightLayout.PATCH_BIAS)).singletonOrThrow();

        NDArray cls = fm.zeros(new Shape(bt, 1, d.d)).add(param(WeightLayout.CLS_TOKEN));
        emb = NDArrays.concat(new NDList(cls, emb), 1); // (B·T, 1+G, D)

        NDArray pos = param(WeightLayout.POSITION);
        long posTokens = pos.getShape().get(1);
        if (posTokens != 1 + d.g()) {
            // HF resizes only when the token count differs: nearest over the square grid of the config.
            int side = (int) Math.sqrt(posTokens - 1);
            long[] rows = new long[1 + d.g()];
            int[] iy = nearestIndices(side, d.gh);
            int[] ix = nearestIndices(side, d.gw);
            for (int y = 0; y < d.gh; y++) {
                for (int xx = 0; xx < d.gw; xx++) {
                    rows[1 + y * d.gw + xx] = 1 + (long) iy[y] * side + ix[xx];
                }
            }
            NDArray table = own(fm, pos.get(0)); // (1 + side², D)
            pos = table.get(new NDIndex("{}", fm.create(rows)));
        }
        emb = emb.add(pos);
        if (config.attentionType() == AttentionType.SPACE_ONLY) {
            return emb;
        }
        NDArray clsRow = emb.get(new NDIndex("0:{}, 0:1, :", d.b)); // all rows carry the same CLS
        NDArray tokens = emb.get(":, 1:, :").reshape(d.b, d.t, d.g(), d.d).transpose(0, 2, 1, 3)
                .reshape((long) d.b * d.g(), d.t, d.d);
        NDArray time = param(WeightLayout.TIME);
        if (time.getShape().get(1) != d.t) {
            int[] it = nearestIndices((int) time.getShape().get(1), d.t);
            long[] idx = Arrays.stream(it).asLongStream().toArray();
            time = own(fm, time.get(new NDIndex(":, {}", fm.create(idx))));
        }
        tokens = tokens.add(time).reshape(d.b, (long) d.g() * d.t, d.d);
        return NDArrays.concat(new NDList(clsRow, tokens), 1); // (B, 1 + G·T, D), patch-major, time fastest
    }

    /** HF TimesformerLayer, divided_space_time branch, with the clip's own T and grid. */
    private NDArray dividedLayer(NDManager fm, NDArray x, String pre, Dims d, List<NDArray> spatial,
            List<NDArray> temporal, int layer, AttentionProbe probe) {
        long b = d.b;
        long g = d.g();
        NDArray initCls = x.get(":, 0:1, :");
        NDArray patches = x.get(":, 1:, :");
        // Temporal attention per patch position over the T frames (CLS excluded).
        NDArray tIn = layerNorm(patches.reshape(b * g, d.t, d.d), pre + "temporal_layernorm.");
        NDArray[] tAtt = attention(tIn, pre + "temporal_attention.", d.heads, layer, true, probe);
        if (temporal != null) {
            temporal.add(tAtt[1]);
        }
        NDArray tRes = linear(tAtt[0].reshape(b, g * d.t, d.d), pre + "temporal_dense.");
        NDArray xt = patches.add(tRes);
        // Spatial attention per frame, with the layer-input CLS prepended to each frame.
        NDArray cls = initCls.repeat(1, d.t).reshape(b * d.t, 1, d.d);
        NDArray xs = xt.reshape(b, g, d.t, d.d).transpose(0, 2, 1, 3).reshape(b * d.t, g, d.d);
        xs = NDArrays.concat(new NDList(cls, xs), 1);
        NDArray[] sAtt = attention(layerNorm(xs, pre + "layernorm_before."), pre + "attention.", d.heads, layer,
                false, probe);
        if (spatial != null) {
            spatial.add(sAtt[1]);
        }
        NDArray sOut = sAtt[0];
        NDArray clsOut = sOut.get(":, 0, :").reshape(b, d.t, d.d).mean(new int[] {1}, true);
        NDArray res = sOut.get(":, 1:, :").reshape(b, d.t, g, d.d).transpose(0, 2, 1, 3).reshape(b, g * d.t, d.d);
        NDArray h = NDArrays.concat(new NDList(initCls, xt), 1).add(NDArrays.concat(new NDList(clsOut, res), 1));
        return h.add(mlp(layerNorm(h, pre + "layernorm_after."), pre));
    }

    /** HF TimesformerLayer, space_only / joint_space_time branch. */
    private NDArray plainLayer(NDManager fm, NDArray x, String pre, List<NDArray> spatial, int layer,
            AttentionProbe probe) {
        NDArray[] att = attention(layerNorm(x, pre + "layernorm_before."), pre + "attention.", config.numHeads(),
                layer, false, probe);
        if (spatial != null) {
            spatial.add(att[1]);
        }
        NDArray h = x.add(att[0]);
        return h.add(mlp(layerNorm(h, pre + "layernorm_after."), pre));
    }

    /** HF TimesformerSelfAttention + SelfOutput: returns {output, probabilities (Bn, H, N, N)}. */
    private NDArray[] attention(NDArray x, String pre, int heads, int layer, boolean temporal,
            AttentionProbe probe) {
        return scoped(x, in -> attentionIn(in, pre, heads, layer, temporal, probe));
    }

    private NDArray[] attentionIn(NDArray x, String pre, int heads, int layer, boolean temporal,
            AttentionProbe probe) {
        Shape s = x.getShape();
        long bn = s.get(0);
        long n = s.get(1);
        long dim = s.get(2);
        long hd = dim / heads;
        NDArray qkv = linear(x, pre + "attention.qkv.").reshape(bn, n, 3, heads, hd).transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        float scale = (float) Math.pow(hd, -0.5);
        // scalar(...), not mul(float): autograd keeps the scale for backward (see scalar)
        NDArray probs = q.matMul(k.transpose(0, 1, 3, 2)).mul(scalar(x.getManager(), scale)).softmax(-1);
        NDArray used = probe == null ? probs : probe.apply(layer, temporal, probs);
        NDArray ctx = used.matMul(v).transpose(0, 2, 1, 3).reshape(bn, n, dim);
        return new NDArray[] {linear(ctx, pre + "output.dense."), probs};
    }

    private NDArray mlp(NDArray x, String pre) {
        // DJL's gelu is torch::nn::functional::gelu with default options, i.e. the exact erf form.
        return scoped(x, in -> new NDArray[] {
            linear(Activation.gelu(linear(in, pre + "intermediate.dense.")), pre + "output.dense.")})[0];
    }

    /**
     * Runs {@code step} on {@code x} in a manager of its own, so that its intermediates are freed as soon as it
     * returns; only the arrays it returns move to {@code x}'s manager. Why: a base layer's attention and MLP make
     * ~130 MB of intermediates (projections, scores, softmax, the 3072-wide activation) that otherwise lived until
     * the whole layer ended, on top of the next step's. Autograd keeps what backward needs on its own.
     */
    private static NDArray[] scoped(NDArray x, java.util.function.Function<NDArray, NDArray[]> step) {
        NDManager outer = x.getManager();
        try (NDManager m = outer.newSubManager()) {
            x.tempAttach(m); // the step's results are made in m; x goes back to outer when m closes
            NDArray[] out = step.apply(x);
            for (NDArray a : out) {
                a.attach(outer);
            }
            return out;
        }
    }

    private NDArray linear(NDArray x, String pre) {
        NDArray bias = params.get(pre + "bias");
        NDArray w = param(pre + "weight");
        return (bias == null ? Linear.linear(x, w) : Linear.linear(x, w, bias)).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, String pre) {
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), param(pre + "weight"), param(pre + "bias"),
                (float) config.layerNormEps()).singletonOrThrow();
    }

    private NDArray param(String name) {
        return parameter(name);
    }

    /**
     * A float32 scalar whose memory PyTorch owns ({@code torch::full}), for arithmetic that autograd may
     * save for the backward pass. Not {@code NDArray.mul(Number)} / {@code div(Number)}: on DJL 0.32's
     * PyTorch engine these wrap the scalar around a Java direct buffer ({@code from_blob}) and close it
     * right after the op; when the op's backward saved that scalar (mul, div), the buffer is freed by the
     * next GC while the graph still points at it, and backward then multiplies by whatever reuses that
     * memory (the demo trainer's "1e33" gradients; see GradientSoakTest).
     */
    public static NDArray scalar(NDManager manager, float value) {
        return manager.full(new Shape(), value);
    }

    /** Moves an array computed from a parameter into the forward manager so it is freed with the pass. */
    private static NDArray own(NDManager fm, NDArray a) {
        a.attach(fm);
        return a;
    }

    /**
     * Source indices of {@code torch.nn.functional.interpolate(mode="nearest")} from {@code in} to
     * {@code out} samples: {@code min(floor(dst * (float) in / out), in - 1)} in float arithmetic,
     * as ATen's {@code nearest_idx} computes them.
     */
    static int[] nearestIndices(int in, int out) {
        int[] idx = new int[out];
        float scale = (float) in / out;
        for (int i = 0; i < out; i++) {
            if (out == in) {
                idx[i] = i;
            } else if (out == 2 * in) {
                idx[i] = i >> 1;
            } else {
                idx[i] = Math.min((int) Math.floor(i * scale), in - 1);
            }
        }
        return idx;
    }

    /**
     * Saves a Hugging Face folder that {@code TimesformerForVideoClassification.from_pretrained} and
     * {@link TimeSformer#load} read: {@code config.json}, {@code model.safetensors} (float32) and
     * {@code preprocessor_config.json}.
     */
    public void save(Path dir, PreprocessConfig preprocess) throws IOException {
        Files.createDirectories(dir);
        HfConfigFiles.writeConfig(dir.resolve("config.json"), config);
        HfConfigFiles.writePreprocess(dir.resolve("preprocessor_config.json"), preprocess);
        List<RawTensor> tensors = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray p = e.getValue();
            tensors.add(RawTensor.ofFloats(e.getKey(), p.getShape().getShape(), p.toFloatArray()));
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
    }

    /** Closes the parameters' manager. */
    @Override
    public void close() {
        manager.close();
    }
}
