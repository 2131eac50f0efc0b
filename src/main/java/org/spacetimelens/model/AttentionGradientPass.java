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
        if (pixels.getShape().get(0) != 1) {
            throw new IllegalArgumentException("attention gradients are computed for one clip, got a batch of "
                    + pixels.getShape().get(0));
        }
        checkClass("target", targetClass, classes, true);
        checkClass("contrast", contrastClass, classes, true);
        NDManager fm = pixels.getManager();
        try (GradientCollector gc = fm.getEngine().newGradientCollector()) {
            NDArray out = forward.logits(fm);
            float[] logits = out.toFloatArray();
            int target = targetClass >= 0 ? targetClass : Logits.argmax(logits);
            if (target == contrastClass) {
                throw new IllegalArgumentException("the contrast class " + contrastClass
                        + " is the target class; choose another class to contrast with");
            }
            NDArray y = out.get(new NDIndex("0, {}", target));
            if (contrastClass >= 0) {
                y = y.sub(out.get(new NDIndex("0, {}", contrastClass)));
            }
            gc.backward(y);
            return new Pass(logits, target);
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
