package org.spacetimelens.demo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.TimeSformerNet;

/**
 * Trains a {@link TimeSformerNet} (the model package's network) on freshly generated scenes:
 * softmax cross-entropy, {@link AdamW} with linear warm-up and cosine decay, global grad-norm
 * clipping, every batch built from scene indices {@code step·batch …} of one {@link SceneGenerator},
 * so a run is a pure function of (config, options, seed). Each step's arrays live in a sub-manager
 * closed at the end of the step.
 */
public final class DemoTrainer {

    /**
     * Training options; {@code seed} drives both the scene stream and the weight initialisation.
     * During the first {@code curriculumSteps} steps the number of distractors grows linearly from
     * 0 to the task's full 4–6 (0 = the full task from the start). {@code scenePool} &gt; 0 cycles
     * through the first {@code scenePool} scenes instead of drawing fresh ones (a memorisation check
     * of the training loop for tests; 0 for real training).
     */
    public record Options(int steps, int batch, long seed, float learningRate, float weightDecay, int warmupSteps,
            int curriculumSteps, int scenePool) {
        public static Options defaults(int steps, long seed) {
            return new Options(steps, 16, seed, 1e-3f, 0.05f, Math.max(1, steps / 20), steps / 3, 0);
        }
    }

    /** The scene source of a step: fewer distractors early in the curriculum. */
    static SceneGenerator scenesAt(Options opt, int step) {
        if (step >= opt.curriculumSteps()) {
            return new SceneGenerator(opt.seed());
        }
        int max = (int) ((long) SceneGenerator.MAX_DISTRACTORS * step / opt.curriculumSteps());
        return new SceneGenerator(opt.seed(), Math.min(max, SceneGenerator.MIN_DISTRACTORS), max);
    }

    /** Progress of one step (loss and accuracy of that batch, running means over the last steps). */
    public interface Listener {
        void step(int step, int steps, double loss, double accuracy, double meanLoss, double meanAccuracy);
    }

    /** Losses and batch accuracies per step, and which steps were skipped (see {@link #SKIP_GRAD_NORM}). */
    public record Result(double[] losses, double[] accuracies, boolean[] skipped, double seconds, double cpuSeconds) {
        /** Mean loss over steps [from, to). */
        public double meanLoss(int from, int to) {
            double s = 0;
            for (int i = from; i < to; i++) {
                s += losses[i];
            }
            return s / (to - from);
        }

        public int skippedSteps() {
            int n = 0;
            for (boolean b : skipped) {
                n += b ? 1 : 0;
            }
            return n;
        }

        /** Index of the first skipped step, or the number of steps when none was skipped. */
        public int firstSkipped() {
            for (int i = 0; i < skipped.length; i++) {
                if (skipped[i]) {
                    return i;
                }
            }
            return skipped.length;
        }
    }

    /** Global gradient-norm limit. */
    static final double MAX_GRAD_NORM = 1.0;
    /**
     * Gradient norms at or above this (or NaN) skip the step, a safety net only. The garbage gradients
     * once seen here now and then (e.g. 1e33 while the loss was finite) had a found cause: DJL 0.32's
     * {@code mul(Number)}/{@code div(Number)} on the PyTorch engine free the scalar's buffer right after
     * the op while autograd keeps it for backward; the forward pass and the loss now use
     * {@link TimeSformerNet#scalar}, and no step is skipped.
     */
    static final double SKIP_GRAD_NORM = 1e4;

    private DemoTrainer() {
    }

    /** Runs the whole schedule on {@code net}, whose parameters are updated in place. */
    public static Result train(TimeSformerNet net, Options opt, Listener listener) {
        NDManager manager = net.manager();
        initEmbeddings(net, opt.seed());
        net.setRequiresGradient(true);
        TimeSformerConfig cfg = net.config();
        PreprocessConfig pp = DemoModels.preprocess(cfg);
        Engine.getInstance().setRandomSeed((int) opt.seed());
        Tracker lr = cosineWithWarmup(opt.learningRate(), opt.warmupSteps(), opt.steps());
        AdamW adamw = new AdamW(manager, 0.9f, 0.999f, 1e-8f, opt.weightDecay());
        int t = cfg.numFrames();
        int s = cfg.imageSize();
        int clipLen = t * 3 * s * s;
        float[] batch = new float[opt.batch() * clipLen];
        int[] labels = new int[opt.batch()];
        double[] losses = new double[opt.steps()];
        double[] accs = new double[opt.steps()];
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        double emaLoss = Double.NaN;
        double emaAcc = Double.NaN;
        boolean[] skipped = new boolean[opt.steps()];
        for (int step = 0; step < opt.steps(); step++) {
            SceneGenerator scenes = scenesAt(opt, step);
            for (int i = 0; i < opt.batch(); i++) {
                long index = (long) step * opt.batch() + i;
                Scene scene = scenes.scene(opt.scenePool() > 0 ? index % opt.scenePool() : index);
                ClipTensors.write(scene.clip(t, s).frames(), pp, batch, i * clipLen);
                labels[i] = scene.label().ordinal();
            }
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = sub.create(batch, new Shape(opt.batch(), t, 3, s, s));
                NDArray y = sub.create(labels);
                NDArray logits;
                NDArray loss;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    logits = net.forward(x, false).logits();
                    loss = crossEntropy(logits, y, cfg.numLabels());
                    gc.backward(loss);
                }
                Map<String, NDArray> grads = new java.util.LinkedHashMap<>();
                double sq = 0;
                for (String name : net.parameters().keySet()) {
                    NDArray grad = net.gradient(name, sub);
                    grads.put(name, grad);
                    sq += grad.square().sum().getFloat();
                }
                // Clip the global gradient norm (DJL's optClipGrad clips element-wise only).
                double norm = Math.sqrt(sq);
                if (norm < SKIP_GRAD_NORM) {
                    float scale = norm > MAX_GRAD_NORM ? (float) (MAX_GRAD_NORM / norm) : 1f;
                    float rate = lr.getNewValue(step);
                    adamw.beginStep();
                    for (Map.Entry<String, NDArray> e : grads.entrySet()) {
                        NDArray grad = e.getValue();
                        if (scale != 1f) {
                            grad.muli(scale);
                        }
                        adamw.update(e.getKey(), net.parameter(e.getKey()), grad, rate, decays(e.getKey()), sub);
                    }
                } else {
                    skipped[step] = true; // non-finite or absurd: skip the update, as mixed-precision loss scalers do
                }
                for (NDArray grad : grads.values()) {
                    // Zero in place (the handle shares .grad; PyTorch accumulates across backward calls).
                    // A fill, not grad − grad, so that a NaN cannot survive into the next step.
                    grad.set(new NDIndex("..."), 0f);
                }
                losses[step] = loss.getFloat();
                accs[step] = accuracy(logits, labels);
            }
            emaLoss = Double.isNaN(emaLoss) ? losses[step] : 0.95 * emaLoss + 0.05 * losses[step];
            emaAcc = Double.isNaN(emaAcc) ? accs[step] : 0.95 * emaAcc + 0.05 * accs[step];
            if (listener != null) {
                listener.step(step + 1, opt.steps(), losses[step], accs[step], emaLoss, emaAcc);
            }
        }
        adamw.close();
        return new Result(losses, accs, skipped, (System.nanoTime() - start) / 1e9, (processCpuNanos() - cpuStart) / 1e9);
    }

    /**
     * Replaces the position and time embeddings of a fresh net by sin-cos tables (the 2D form of
     * MAE / MoCo v3 for the patch grid, 1D for frames; still trained afterwards). HF's init draws
     * them from N(0, 0.02²) (time: zeros), far below the patch content, and the model then spent
     * hundreds of steps on a loss plateau before it could tell where and when the red target is.
     */
    static void initEmbeddings(TimeSformerNet net) {
        initEmbeddings(net, 0L);
    }

    /**
     * Demo initialisation of a fresh net: sin-cos position/time embeddings (below) and weight
     * matrices drawn from N(0, 1/fan_in) (truncated at 2σ; the classifier keeps HF's 0.02). HF's
     * fixed std 0.02 suits width 768 (≈ 1/√768); at width 64 it makes every attention map uniform and
     * every residual branch tiny, and training sat on the chance-level loss plateau.
     */
    static void initEmbeddings(TimeSformerNet net, long seed) {
        java.util.Random rnd = new java.util.Random(seed ^ 0x5DEECE66DL);
        for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
            String name = e.getKey();
            Shape shape = e.getValue().getShape();
            if (!name.endsWith(".weight") || name.contains("layernorm") || name.startsWith("classifier")
                    || shape.dimension() < 2) {
                continue;
            }
            long fanIn = shape.size() / shape.get(0);
            double std = 1 / Math.sqrt(fanIn);
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                double z;
                do {
                    z = rnd.nextGaussian();
                } while (Math.abs(z) > 2);
                v[i] = (float) (z * std);
            }
            overwrite(net, name, v);
        }
        TimeSformerConfig c = net.config();
        int d = c.hiddenSize();
        int gs = c.gridSize();
        float[] pos = new float[(1 + gs * gs) * d];
        for (int y = 0; y < gs; y++) {
            for (int x = 0; x < gs; x++) {
                int row = (1 + y * gs + x) * d;
                sinCos(pos, row, d / 2, y);
                sinCos(pos, row + d / 2, d / 2, x);
            }
        }
        float[] time = new float[c.numFrames() * d];
        for (int t = 0; t < c.numFrames(); t++) {
            sinCos(time, t * d, d, t);
        }
        overwrite(net, "timesformer.embeddings.position_embeddings", pos);
        overwrite(net, "timesformer.embeddings.time_embeddings", time);
    }

    /**
     * Copies values into a parameter in place. Not {@code NDArray.set(Buffer)}: in DJL 0.32's PyTorch
     * engine that swaps in storage backed by a temporary direct buffer it keeps no reference to, so
     * the parameter turns to garbage once the GC frees that buffer.
     */
    private static void overwrite(TimeSformerNet net, String name, float[] values) {
        NDArray p = net.parameter(name);
        try (NDManager tmp = net.manager().newSubManager()) {
            NDArray v = tmp.create(values, p.getShape());
            p.muli(0).addi(v);
        }
    }

    /** {@code dim} values: sin(pos·ω_i) then cos(pos·ω_i), ω_i = 10000^(−i/(dim/2)). */
    private static void sinCos(float[] out, int offset, int dim, int position) {
        int half = dim / 2;
        for (int i = 0; i < half; i++) {
            double omega = Math.pow(10000, -(double) i / half);
            out[offset + i] = (float) Math.sin(position * omega);
            out[offset + half + i] = (float) Math.cos(position * omega);
        }
    }

    /** Weight decay on weight matrices only: not on biases, layer norms, CLS, position or time embeddings. */
    static boolean decays(String name) {
        return name.endsWith(".weight") && !name.contains("layernorm");
    }

    /** CPU time of this process (all threads), or 0 where the JVM cannot tell. */
    static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean b ? Math.max(0, b.getProcessCpuTime()) : 0;
    }

    /** Mean softmax cross-entropy of logits {@code (B, K)} against integer labels {@code (B)}. */
    static NDArray crossEntropy(NDArray logits, NDArray labels, int classes) {
        NDArray logp = logits.logSoftmax(1);
        // TimeSformerNet.scalar, not div(long): backward reads the divisor, which div(Number) frees too early
        return logp.mul(labels.oneHot(classes)).sum().neg()
                .div(TimeSformerNet.scalar(logits.getManager(), logits.getShape().get(0)));
    }

    static double accuracy(NDArray logits, int[] labels) {
        float[] v = logits.toFloatArray();
        int k = v.length / labels.length;
        int hits = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (v[i * k + j] > v[i * k + best]) {
                    best = j;
                }
            }
            if (best == labels[i]) {
                hits++;
            }
        }
        return (double) hits / labels.length;
    }

    /** Linear warm-up to {@code peak}, then cosine decay to 2% of it at the last step. */
    static Tracker cosineWithWarmup(float peak, int warmup, int total) {
        return numUpdate -> {
            if (numUpdate < warmup) {
                return peak * (numUpdate + 1) / warmup;
            }
            double p = Math.min(1.0, (double) (numUpdate - warmup) / Math.max(1, total - warmup));
            return (float) (peak * (0.02 + 0.98 * 0.5 * (1 + Math.cos(Math.PI * p))));
        };
    }
}
