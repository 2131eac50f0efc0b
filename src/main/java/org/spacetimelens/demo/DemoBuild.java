package org.spacetimelens.demo;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.spacetimelens.model.CheckpointException;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.TimeSformerNet;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;

/**
 * The whole {@code train-demo} recipe: train, save the Hugging Face folder, measure accuracy and
 * rollout pointing on fresh scenes, render the demo video with its sidecar, check the model on the
 * decoded video, measure its class evidence there ({@link ClassEvidence}, with the figure), and write the
 * model card with the measured figures.
 */
public final class DemoBuild {
    /** Default generator seed of the evaluation scenes; training seeds must differ from it. */
    public static final long EVAL_SEED = 1_000_003L;

    /** Settings of one build. */
    public record Settings(Path out, TimeSformerConfig config, DemoTrainer.Options training, long evalSeed,
            int evalClips, boolean video, String command) {
    }

    /** Everything measured. */
    public record Outcome(DemoTrainer.Result training, DemoEvaluator.Report evaluation, DemoVideo.Written video,
            List<DemoVideoCheck.EpisodePrediction> episodes, ClassEvidence.Report classEvidence) {
    }

    private DemoBuild() {
    }

    public static Outcome run(Settings s, PrintStream log) throws IOException {
        if (s.evalSeed() == s.training().seed()) {
            throw new IllegalArgumentException("the evaluation seed must differ from the training seed ("
                    + s.evalSeed() + "): evaluation needs scenes the model has never seen");
        }
        TimeSformerConfig cfg = s.config();
        PreprocessConfig pp = DemoModels.preprocess(cfg);
        Files.createDirectories(s.out());
        try (TimeSformerNet net = TimeSformerNet.random(cfg, NDManager.newBaseManager(), s.training().seed())) {
            log.printf(Locale.ROOT, "training %d steps × %d clips (seed %d): %d frames × %d px, patch %d, %d layers, "
                    + "%d heads, width %d%n", s.training().steps(), s.training().batch(), s.training().seed(),
                    cfg.numFrames(), cfg.imageSize(), cfg.patchSize(), cfg.numLayers(), cfg.numHeads(), cfg.hiddenSize());
            TerminalProgress bar = TerminalProgress.stderr(50);
            DemoTrainer.Result tr = DemoTrainer.train(net, s.training(), (step, steps, loss, acc, ml, ma) ->
                    bar.update(step, steps, String.format(Locale.ROOT, "loss %.3f acc %.2f", ml, ma)));
            net.setRequiresGradient(false);
            Path modelDir = s.out().resolve("model");
            net.save(modelDir, pp);
            log.printf(Locale.ROOT, "trained in %.0f s (%.0f s CPU, %d steps skipped); saved %s%n", tr.seconds(), tr.cpuSeconds(), tr.skippedSteps(), modelDir);

            ClipPredictor predictor = DemoNets.predictor(net);
            TerminalProgress evalBar = TerminalProgress.stderr(250);
            DemoEvaluator.Report report = DemoEvaluator.evaluate(predictor, cfg, pp, s.evalSeed(), s.evalClips(),
                    rec -> Rollout.compute(rec, RolloutParams.defaults()), n -> evalBar.update(n, s.evalClips(), "evaluating"));
            log.print(ModelCard.summary(report));

            DemoVideo.Written video = null;
            List<DemoVideoCheck.EpisodePrediction> episodes = List.of();
            if (s.video()) {
                video = DemoVideo.write(s.out().resolve("demo.mp4"), s.out().resolve("demo.json"),
                        DemoVideo.Options.defaults());
                episodes = DemoVideoCheck.episodes(s.out().resolve("demo.mp4"), video.sidecar(), predictor, pp,
                        cfg.labels());
                log.printf(Locale.ROOT, "demo video: %d frames (%s); episodes right: %d/%d%n",
                        video.sidecar().frameCount(), video.codec(),
                        episodes.stream().filter(DemoVideoCheck.EpisodePrediction::correct).count(), episodes.size());
            }
            ClassEvidence.Report evidence = null;
            if (s.video()) {
                // the saved checkpoint, loaded as users load it; writes class_evidence.png before the card lists files
                try {
                    evidence = ClassEvidenceBuild.run(DemoAssets.at(s.out()), modelDir, "cpu", true, false, log);
                } catch (CheckpointException e) {
                    throw new IOException(modelDir + ": the checkpoint just saved does not load: " + e.getMessage(), e);
                }
            }
            Outcome outcome = new Outcome(tr, report, video, episodes, evidence);
            ModelCard.write(s.out().resolve("MODEL_CARD.md"), s, outcome);
            return outcome;
        }
    }
}
