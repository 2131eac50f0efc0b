package org.spacetimelens.demo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.TimeSformerNet;

/**
 * Trains a {@link TimeSformerNet} (the model package's network) on freshly generated scenes: softmax cross-entropy, DJL's AdamW with
 * linear warm-up and cosine decay, every batch built from scene indices {@code step·batch …} of
 * one {@link SceneGenerator}, so a run is a pure function of (config, options, seed). Each step's
 * arrays live in a sub-manager closed at the end of the step.
 */
public final class DemoTrainer {

    /** Training options; {@code seed} drives both the scene stream and the weight initialisation. */
    public record Options(int steps, int batch, long seed, float learningRate, float weightDecay, int warmupSteps) {
        public static Options defaults(int steps, long seed) {
            return new Options(steps, 16, seed, 1e-3f, 0.05f, Math.max(1, steps / 20));
        }
    }

    /** Progress of one step (loss and accuracy of that batch, running means over the last steps). */
    public interface Listener {
        void step(int step, int steps, double loss, double accuracy, double meanLoss, double meanAccuracy);
    }

    /** Losses and batch accuracies per step. */
    public record Result(double[] losses, double[] accuracies, double seconds) {
        /** Mean loss over steps [from, to). */
        public double meanLoss(int from, int to) {
            double s = 0;
            for (int i = from; i < to; i++) {
                s += losses[i];
            }
            return s / (to - from);
        }
    }

    private DemoTrainer() {
    }

    /** Runs the whole schedule on {@code net}, whose parameters are updated in place. */
    public static Result train(TimeSformerNet net, Options opt, Listener listener) {
        NDManager manager = net.manager();
        net.setRequiresGradient(true);
        TimeSformerConfig cfg = net.config();
        PreprocessConfig pp = DemoModels.preprocess(cfg);
        SceneGenerator scenes = new SceneGenerator(opt.seed());
        Engine.getInstance().setRandomSeed((int) opt.seed());
        Tracker lr = cosineWithWarmup(opt.learningRate(), opt.warmupSteps(), opt.steps());
        Optimizer adamw = Optimizer.adamW().optLearningRateTracker(lr).optWeightDecays(opt.weightDecay())
                .optClipGrad(1.0f).build();
        int t = cfg.numFrames();
        int s = cfg.imageSize();
        int clipLen = t * 3 * s * s;
        float[] batch = new float[opt.batch() * clipLen];
        int[] labels = new int[opt.batch()];
        double[] losses = new double[opt.steps()];
        double[] accs = new double[opt.steps()];
        long start = System.nanoTime();
        double emaLoss = Double.NaN;
        double emaAcc = Double.NaN;
        for (int step = 0; step < opt.steps(); step++) {
            for (int i = 0; i < opt.batch(); i++) {
                Scene scene = scenes.scene((long) step * opt.batch() + i);
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
                for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
                    NDArray w = e.getValue();
                    try (NDArray grad = w.getGradient()) {
                        adamw.update(e.getKey(), w, grad);
                        grad.subi(grad); // zero in place: PyTorch accumulates .grad across backward calls
                    }
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
        return new Result(losses, accs, (System.nanoTime() - start) / 1e9);
    }

    /** Mean softmax cross-entropy of logits {@code (B, K)} against integer labels {@code (B)}. */
    static NDArray crossEntropy(NDArray logits, NDArray labels, int classes) {
        NDArray logp = logits.logSoftmax(1);
        return logp.mul(labels.oneHot(classes)).sum().neg().div(logits.getShape().get(0));
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
