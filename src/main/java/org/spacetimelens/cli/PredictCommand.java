package org.spacetimelens.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.pipeline.InputKind;
import org.spacetimelens.pipeline.LoadedClip;
import org.spacetimelens.pipeline.Predictions;
import org.spacetimelens.pipeline.Sampling;
import org.spacetimelens.video.ClipTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code predict}: the top-K labels of a clip with their softmax probabilities; a video is sampled
 * uniformly (the published test-time recipe) and preprocessed as the checkpoint says.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify a clip (video, frame folder or preprocessed .npy) and print the top labels with "
                + "probabilities.")
public final class PredictCommand implements Callable<Integer>, Verbosity {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = "--top", paramLabel = "K", description = "how many labels to print (default 5)")
    int top = 5;

    @Option(names = "--verbose", description = "print the stack trace of errors, and the engine and decoder logs "
            + "(else in " + org.spacetimelens.logging.Logs.LOCATION_HELP + ")")
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
        if (InputKind.of(model.clip) == InputKind.TENSOR) {
            LoadedClip.readTensor(model.clip); // a malformed tensor fails before the (slow) model load
        }
        try (VideoModel net = model.load();
                LoadedClip clip = LoadedClip.load(model.clip, Sampling.uniform(), net.preprocess(),
                        net.geometry().numFrames(), false)) {
            if (net.deviceWarning() != null) { // the library log goes to the log file: say it here
                spec.commandLine().getErr().println("predict: warning: " + net.deviceWarning());
            }
            for (String note : clip.notes()) {
                spec.commandLine().getErr().println("predict: warning: " + note);
            }
            ClipTensor t = clip.tensor();
            ForwardResult result = net.forward(t.data(), t.frames(), t.height(), t.width(), false, false);
            List<Predictions.Prediction> best = Predictions.top(result.logits(), net.labels(), top);
            for (int r = 0; r < best.size(); r++) {
                Predictions.Prediction p = best.get(r);
                spec.commandLine().getOut().printf(java.util.Locale.ROOT, "%2d  %.4f  %s%n", r + 1, p.probability(),
                        p.label());
            }
        }
        return 0;
    }
}
