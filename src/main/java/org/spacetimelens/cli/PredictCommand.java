package org.spacetimelens.cli;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.TimeSformer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code predict}: the top-K labels of a preprocessed clip with their softmax probabilities. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify a preprocessed clip and print the top labels with probabilities.")
public final class PredictCommand implements Callable<Integer>, Verbosity {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--top", paramLabel = "K", description = "how many labels to print (default 5)")
    int top = 5;

    @Option(names = "--verbose", description = "print the stack trace of errors")
    boolean verbose;

    @Override
    public boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new CliException("--top must be >= 1, got " + top);
        }
        model.checkPaths();
        ModelOptions.ClipTensor clip = model.readClip();
        try (TimeSformer net = model.load()) {
            ForwardResult result = net.forward(clip.data(), clip.frames(), clip.height(), clip.width(), false, false);
            List<String> labels = net.config().labels();
            double[] p = softmax(result.logits());
            Integer[] order = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -p[i]));
            for (int r = 0; r < Math.min(top, p.length); r++) {
                int c = order[r];
                String label = c < labels.size() ? labels.get(c) : "LABEL_" + c;
                spec.commandLine().getOut().printf(java.util.Locale.ROOT, "%2d  %.4f  %s%n", r + 1, p[c], label);
            }
        }
        return 0;
    }

    /** Numerically stable softmax in double. */
    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
