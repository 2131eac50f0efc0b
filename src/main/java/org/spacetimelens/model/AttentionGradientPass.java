package org.spacetimelens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;

/**
 * One forward pass of one clip with DJL autograd (PyTorch engine) that records the attention and the
 * gradient of a class score with respect to every layer's attention probabilities.
 *
 * <p>How: each layer's probabilities {@code P} are replaced by {@code P + Z}, {@code Z} a zero tensor
 * that requires a gradient (a leaf). The forward values are unchanged and {@code ∂y/∂Z = ∂y/∂P}, which
 * PyTorch leaves in {@code Z.grad} after the backward pass (a non-leaf's gradient is not kept). The
 * parameters need no gradient, so backward only follows the paths from the probabilities to the logits.
 *
 * <p>Two ways to run it, same gradients. The single pass keeps the autograd graph of the whole network
 * (every layer's saved activations: ~1.3 GB for a base TimeSformer on 8 frames) for one backward pass. The
 * layer-by-layer pass (activation checkpointing) runs the forward without a graph, keeping only each layer's
 * input, then walks back from the classifier one layer at a time: it recomputes layer {@code l} from its
 * input with a graph and back-propagates the gradient of the layer above through it (as the backward of
 * {@code sum(out · g)}, whose gradient with respect to {@code out} is exactly {@code g}), so at most one
 * layer's graph is alive — for one more forward pass of compute (a base TimeSformer pass: ~2.3× → ~3.2× a
 * forward pass). A pass runs layer by layer when the whole graph would exceed its graph limit:
 * {@link #defaultGraphLimit()} (a quarter of physical memory: the CLI keeps the single pass issue 12 asks
 * for on a base TimeSformer, ~1.4 GB of graph, on machines of 8 GB and more, while a ViViT-B graph of ~13 GB
 * goes layer by layer) unless the caller gives one; the
 * viewer sets 256 MB for its process ({@link #limitGraphs}), to stay within its memory budget.
 *
 * <p>PyTorch's grad mode is per thread: the collector, the forward and the backward run on the calling
 * thread. DJL allows one {@code GradientCollector} per process at a time; a concurrent one (e.g. training
 * on another thread) makes this throw {@link IllegalStateException}.
 */
public final class AttentionGradientPass {

    /** Logits of the pass, the resolved classes, and the gradients per layer (float32, record layouts). */
    public record Result(float[] logits, int targetClass, int contrastClass, float[][] spatial, float[][] temporal) {
    }

    private AttentionGradientPass() {
    }

    private static final String LIMIT_PROPERTY = "spacetimelens.gradientGraphLimitMb";
    private static volatile long processGraphLimit = -1;

    /**
     * The estimated autograd graph above which a pass runs layer by layer unless told otherwise, bytes:
     * {@code -Dspacetimelens.gradientGraphLimitMb}, else what {@link #limitGraphs} set for this process, else
     * a quarter of physical memory (1 GB when the JVM cannot tell).
     */
    public static long defaultGraphLimit() {
        if (System.getProperty(LIMIT_PROPERTY) == null && processGraphLimit >= 0) {
            return processGraphLimit;
        }
        return configuredGraphLimit();
    }

    /**
     * Sets {@link #defaultGraphLimit()} for every pass of this process (the viewer: its memory budget holds the
     * model, the clip cache and one layer's graph, not GBs of graph); {@code -Dspacetimelens.gradientGraphLimitMb}
     * still wins. A negative value goes back to the default.
     */
    public static void limitGraphs(long bytes) {
        processGraphLimit = bytes;
    }

    private static long configuredGraphLimit() {
        String mb = System.getProperty(LIMIT_PROPERTY);
        if (mb != null) {
            try {
                return Long.parseLong(mb.trim()) << 20;
            } catch (NumberFormatException e) {
                // not a number: the default
            }
        }
        long physical = AttentionStorage.physicalMemory();
        return physical > 0 ? physical / 4 : 1L << 30;
    }

    /** A network's forward pass in stages, as the layer-by-layer mode runs it. */
    interface Stages {
        int layers();

        /** Embeddings of the pass's pixels, in the pixels' manager. */
        NDArray embed();

        /**
         * Layer {@code i} on {@code x}; everything it makes lives in {@code x}'s manager.
         *
         * @param probe rewrites each attention's probabilities before use (may be null)
         * @param sink  receives the layer's probabilities before the probe (may be null)
         */
        NDArray layer(int i, NDArray x, Probe probe, Sink sink);

        /** Classifier head on the last layer's output: logits (1, classes). */
        NDArray logits(NDArray x);

        /** Rough size of the autograd graph of the whole network for this clip, bytes (float32). */
        long graphBytes();
    }

    /** As {@link TimeSformerNet.AttentionProbe}; {@code temporal} is false for the only attention of a layer. */
    @FunctionalInterface
    interface Probe {
        NDArray apply(int layer, boolean temporal, NDArray probs);
    }

    /** As {@link TimeSformerNet.CaptureSink}; {@code temporal} is null unless divided space-time. */
    @FunctionalInterface
    interface Sink {
        void layer(int index, NDArray spatial, NDArray temporal);
    }

    /**
     * Saved activations of a pre-norm transformer layer over {@code tokens} tokens, float32: about ten
     * hidden-size tensors (norm inputs and outputs, projections, residuals), two intermediate-size ones (the
     * activation's input and output) and two copies of the attention probabilities (the softmax output and the
     * probed sum). Calibrated on a base TimeSformer, 8 frames: 1.41 GB estimated, 1.31 GB measured
     * ({@code bench --cases 9}, peak of one pass above the resident set before it).
     */
    static long layerGraphBytes(long tokens, long hidden, long intermediate, long attentionElements) {
        return 4 * (tokens * (10 * hidden + 2 * intermediate) + 2 * attentionElements);
    }

    /** Whether a pass with this graph limit runs layer by layer (0: always; Long.MAX_VALUE: never). */
    static boolean layerByLayer(long graphLimit, Stages stages) {
        return stages.graphBytes() > graphLimit;
    }

    /**
     * Runs the pass.
     *
     * @param pixels        (1, T, C, H, W) on the net's device; its manager owns everything the pass creates
     * @param targetClass   class index, or -1 for the top class of this pass
     * @param contrastClass class index subtracted from the target, or {@link AttentionGradients#NO_CONTRAST}
     * @param sink          receives each layer's probabilities as they are computed (may be null)
     * @throws IllegalArgumentException for a class out of range or equal target and contrast
     */
    public static Result run(TimeSformerNet net, NDArray pixels, int targetClass, int contrastClass,
            TimeSformerNet.CaptureSink sink) {
        return run(net, pixels, targetClass, contrastClass, sink, defaultGraphLimit());
    }

    /**
     * {@link #run(TimeSformerNet, NDArray, int, int, TimeSformerNet.CaptureSink)}, layer by layer when the whole
     * graph would exceed {@code graphLimit} bytes (0: always; {@code Long.MAX_VALUE}: never).
     */
    public static Result run(TimeSformerNet net, NDArray pixels, int targetClass, int contrastClass,
            TimeSformerNet.CaptureSink sink, long graphLimit) {
        Stages stages = net.stages(pixels);
        if (layerByLayer(graphLimit, stages)) {
            boolean divided = net.config().attentionType() == AttentionType.DIVIDED_SPACE_TIME;
            return layerByLayer(stages, pixels, net.config().numLabels(), targetClass, contrastClass,
                    sink == null ? null : sink::layer, divided);
        }
        int layers = net.config().numLayers();
        Leaves spatial = new Leaves(layers);
        Leaves temporal = new Leaves(layers);
        Pass pass = pass(pixels, net.config().numLabels(), targetClass, contrastClass,
                fm -> net.forward(pixels, false, sink,
                        (layer, isTemporal, probs) -> (isTemporal ? temporal : spatial).probe(fm, layer, probs))
                        .logits());
        return new Result(pass.logits(), pass.target(), contrastClass, spatial.gradients(),
                temporal.recorded() ? temporal.gradients() : null);
    }

    /**
     * The same pass for a VideoMAE or ViViT network: one attention kind per layer, {@code (1, H, N, N)} in the
     * model's token order; {@link Result#spatial()} holds it and {@link Result#temporal()} is null.
     *
     * @param pixels (1, T, C, H, W) on the net's device; its manager owns everything the pass creates
     * @param sink   receives each layer's probabilities as they are computed (may be null)
     * @throws IllegalArgumentException for a class out of range or equal target and contrast
     */
    public static Result run(JointNet net, NDArray pixels, int targetClass, int contrastClass,
            JointNet.CaptureSink sink) {
        return run(net, pixels, targetClass, contrastClass, sink, defaultGraphLimit());
    }

    /** {@link #run(JointNet, NDArray, int, int, JointNet.CaptureSink)} with a graph limit, as for TimeSformer. */
    public static Result run(JointNet net, NDArray pixels, int targetClass, int contrastClass,
            JointNet.CaptureSink sink, long graphLimit) {
        Stages stages = net.stages(pixels);
        if (layerByLayer(graphLimit, stages)) {
            return layerByLayer(stages, pixels, net.config().numLabels(), targetClass, contrastClass,
                    sink == null ? null : (i, probs, none) -> sink.layer(i, probs), false);
        }
        Leaves leaves = new Leaves(net.config().numLayers());
        Pass pass = pass(pixels, net.config().numLabels(), targetClass, contrastClass,
                fm -> net.forward(pixels, sink, (layer, probs) -> leaves.probe(fm, layer, probs)).logits());
        return new Result(pass.logits(), pass.target(), contrastClass, leaves.gradients(), null);
    }

    /** The net's forward pass with the zero-leaf probe wired in; returns the logits (1, classes). */
    @FunctionalInterface
    private interface ProbedForward {
        /** @param fm the pixels' manager, which owns the leaves */
        NDArray logits(NDManager fm);
    }

    /** Logits of the pass and the resolved target class. */
    private record Pass(float[] logits, int target) {
    }

    /**
     * The part both nets share: checks, then the forward inside a gradient collector, the target resolution
     * and the backward from the target's logit (less the contrast's). The leaves hold the gradients after.
     */
    private static Pass pass(NDArray pixels, int classes, int targetClass, int contrastClass, ProbedForward forward) {
        checkRequest(pixels, classes, targetClass, contrastClass);
        NDManager fm = pixels.getManager();
        try (GradientCollector gc = fm.getEngine().newGradientCollector()) {
            NDArray out = forward.logits(fm);
            float[] logits = out.toFloatArray();
            int target = target(logits, targetClass, contrastClass);
            gc.backward(score(out, target, contrastClass));
            return new Pass(logits, target);
        }
    }

    /** One clip, and classes in range (shared by both passes). */
    private static void checkRequest(NDArray pixels, int classes, int targetClass, int contrastClass) {
        if (pixels.getShape().get(0) != 1) {
            throw new IllegalArgumentException("attention gradients are computed for one clip, got a batch of "
                    + pixels.getShape().get(0));
        }
        checkClass("target", targetClass, classes, true);
        checkClass("contrast", contrastClass, classes, true);
    }

    /** The target class: the given one, or the top class of {@code logits}; never the contrast class. */
    private static int target(float[] logits, int targetClass, int contrastClass) {
        int target = targetClass >= 0 ? targetClass : Logits.argmax(logits);
        if (target == contrastClass) {
            throw new IllegalArgumentException("the contrast class " + contrastClass
                    + " is the target class; choose another class to contrast with");
        }
        return target;
    }

    /** The score back-propagated: the target's logit, less the contrast's when there is one. */
    private static NDArray score(NDArray logits, int target, int contrastClass) {
        NDArray y = logits.get(new NDIndex("0, {}", target));
        return contrastClass >= 0 ? y.sub(logits.get(new NDIndex("0, {}", contrastClass))) : y;
    }

    /**
     * The layer-by-layer pass (class comment): forward without a graph keeping each layer's input (and handing
     * the attention to {@code sink}), then from the head down, one layer's graph at a time.
     */
    private static Result layerByLayer(Stages net, NDArray pixels, int classes, int targetClass, int contrastClass,
            Sink sink, boolean divided) {
        checkRequest(pixels, classes, targetClass, contrastClass);
        NDManager fm = pixels.getManager();
        int layers = net.layers();
        NDArray[] inputs = new NDArray[layers];
        float[][] spatial = new float[layers][];
        float[][] temporal = divided ? new float[layers][] : null;
        try (NDManager keep = fm.newSubManager()) {
            NDArray x = net.embed();
            x.attach(keep);
            for (int l = 0; l < layers; l++) {
                inputs[l] = x;
                try (NDManager lm = fm.newSubManager()) {
                    NDArray in = x.duplicate();
                    in.attach(lm);
                    x = net.layer(l, in, null, sink);
                    x.attach(keep);
                }
            }
            float[] logits;
            try (NDManager lm = fm.newSubManager()) {
                NDArray in = x.duplicate();
                in.attach(lm);
                logits = net.logits(in).toFloatArray();
            }
            int target = target(logits, targetClass, contrastClass);
            // the gradient of y with respect to the last layer's output
            NDArray g;
            try (NDManager lm = fm.newSubManager()) {
                NDArray in = leaf(x, lm);
                try (GradientCollector gc = fm.getEngine().newGradientCollector()) {
                    gc.backward(score(net.logits(in), target, contrastClass));
                }
                g = gradientOf(in, keep);
            }
            for (int l = layers - 1; l >= 0; l--) {
                try (NDManager lm = fm.newSubManager()) {
                    NDArray in = leaf(inputs[l], lm);
                    NDArray[] zeros = new NDArray[2];
                    try (GradientCollector gc = fm.getEngine().newGradientCollector()) {
                        NDArray out = net.layer(l, in, (layer, isTemporal, probs) -> {
                            NDArray zero = lm.zeros(probs.getShape(), probs.getDataType());
                            zero.setRequiresGradient(true);
                            zeros[isTemporal ? 1 : 0] = zero;
                            return probs.add(zero);
                        }, null);
                        gc.backward(out.mul(g).sum());
                    }
                    spatial[l] = gradient(zeros[0]);
                    if (divided) {
                        temporal[l] = gradient(zeros[1]);
                    }
                    g.close();
                    g = l > 0 ? gradientOf(in, keep) : null;
                }
                inputs[l].close();
            }
            return new Result(logits, target, contrastClass, spatial, temporal);
        }
    }

    /** A copy of {@code x} in {@code m} that requires a gradient (a leaf of the next graph). */
    private static NDArray leaf(NDArray x, NDManager m) {
        NDArray in = x.duplicate();
        in.attach(m);
        in.setRequiresGradient(true);
        return in;
    }

    /** A copy of a leaf's gradient, in {@code m} (the leaf's .grad goes with the leaf's manager). */
    private static NDArray gradientOf(NDArray leaf, NDManager m) {
        try (NDArray g = leaf.getGradient()) {
            NDArray copy = g.duplicate();
            copy.attach(m);
            return copy;
        }
    }

    /** One zero leaf per layer for one attention kind: {@code P + Z}, {@code Z.grad = ∂y/∂P}. */
    private static final class Leaves {
        private final NDArray[] zeros;

        Leaves(int layers) {
            zeros = new NDArray[layers];
        }

        NDArray probe(NDManager fm, int layer, NDArray probs) {
            NDArray zero = fm.zeros(probs.getShape(), probs.getDataType());
            zero.setRequiresGradient(true);
            zeros[layer] = zero;
            return probs.add(zero);
        }

        /** Whether the forward passed this kind through the probe (temporal: divided space-time only). */
        boolean recorded() {
            return zeros[0] != null;
        }

        float[][] gradients() {
            float[][] grads = new float[zeros.length][];
            for (int l = 0; l < zeros.length; l++) {
                grads[l] = gradient(zeros[l]);
            }
            return grads;
        }
    }

    /**
     * The leaf's gradient as floats; the handle DJL returns is closed here (the .grad storage stays the
     * leaf's). {@code toFloatArray} rather than a view of the memory: it copies in logical order whatever the
     * strides of the gradient autograd left.
     */
    private static float[] gradient(NDArray leaf) {
        try (NDArray g = leaf.getGradient()) {
            return g.toFloatArray();
        }
    }

    static void checkClass(String what, int index, int classes, boolean allowNone) {
        if (index >= classes || index < (allowNone ? -1 : 0)) {
            throw new IllegalArgumentException(what + " class " + index + " is out of range: the model has "
                    + classes + " classes (0.." + (classes - 1) + ")");
        }
    }
}
