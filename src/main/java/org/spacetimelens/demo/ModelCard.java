package org.spacetimelens.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.spacetimelens.model.TimeSformerConfig;

/** Writes {@code MODEL_CARD.md} from the settings and the measured figures of a build. */
public final class ModelCard {
    /** The quality bars of the demo (issue 4). */
    public static final double ACCURACY_BAR = 0.95;
    public static final double POINTING_BAR = 0.80;
    /** The accuracy bar is judged on this many fresh clips. */
    public static final int BAR_CLIPS = 1000;

    private ModelCard() {
    }

    /** A few lines for the console: accuracy and rollout pointing. */
    public static String summary(DemoEvaluator.Report r) {
        StringBuilder sb = new StringBuilder();
        String verdict = r.clips() < BAR_CLIPS ? "bar %.0f%% is set on " + BAR_CLIPS + " clips"
                : "bar %.0f%%: " + (r.accuracy() >= ACCURACY_BAR ? "met" : "NOT met");
        sb.append(String.format(Locale.ROOT, "accuracy on %d fresh clips (generator seed %d): %.1f%% (" + verdict + ")%n",
                r.clips(), r.seed(), 100 * r.accuracy(), 100 * ACCURACY_BAR));
        PointingScore p = r.pointing();
        if (p != null) {
            sb.append(String.format(Locale.ROOT, "rollout arg-max on/touching the target box: %.1f%% of %d visible frames "
                    + "(random patch: %.1f%%; bar %.0f%%: %s)%n", 100 * p.hitRate(), p.frames(), 100 * p.chanceRate(),
                    100 * POINTING_BAR, p.hitRate() >= POINTING_BAR ? "met" : "NOT met"));
            sb.append(String.format(Locale.ROOT, "rollout mass in patches touching the box: %.1f%% (flat map: %.1f%%)%n",
                    100 * p.massInBox(), 100 * p.chanceRate()));
        }
        return sb.toString();
    }

    static void write(Path file, DemoBuild.Settings s, DemoBuild.Outcome o) throws IOException {
        TimeSformerConfig c = s.config();
        DemoTrainer.Options t = s.training();
        DemoTrainer.Result tr = o.training();
        int n = tr.losses().length;
        int tail = Math.max(1, n / 10);
        double tailAcc = 0;
        for (int i = n - tail; i < n; i++) {
            tailAcc += tr.accuracies()[i];
        }
        tailAcc /= tail;
        StringBuilder md = new StringBuilder();
        md.append("# Spacetime Lens demo TimeSformer\n\n");
        md.append("A small divided space-time TimeSformer trained by this project, on its own synthetic task, so that the ")
                .append("viewer and CLI have a model and a video to show without downloading anything. It is a demo, not a ")
                .append("general video classifier.\n\n");
        md.append("## Task\n\n");
        md.append("Each clip shows a textured, grainy backdrop with 4–6 moving distractor shapes (discs, squares, triangles, ")
                .append("diamonds, stars in yellow-to-violet hues, never red) and exactly one saturated red shape, the target. ")
                .append("The label is the target's motion: ").append(String.join(", ", c.labels())).append(". ")
                .append("Distractors move with the same vocabulary, so the model has to find the red shape and follow it ")
                .append("over frames; no single frame tells the class. Scenes come from ")
                .append("`org.spacetimelens.demo.SceneGenerator` (deterministic per seed and index); the target's box per ")
                .append("frame is the ground truth for where attention should be.\n\n");
        md.append("## Model\n\n");
        md.append(String.format(Locale.ROOT, "- `TimesformerForVideoClassification`, `divided_space_time`: %d frames × %d px, "
                + "patch %d (%d×%d grid), %d layers, %d heads, hidden %d, MLP %d, qkv bias, layer-norm eps %g.%n",
                c.numFrames(), c.imageSize(), c.patchSize(), c.gridSize(), c.gridSize(), c.numLayers(), c.numHeads(),
                c.hiddenSize(), c.intermediateSize(), c.layerNormEps()));
        md.append(String.format(Locale.ROOT, "- Preprocessing: shortest edge %d, centre crop %d, ×1/255, mean %.3f, std %.3f "
                + "(`preprocessor_config.json`). Training frames are rendered at %d px, where resize and crop are the "
                + "identity — the same path as inference.%n", c.imageSize(), c.imageSize(), DemoModels.MEAN, DemoModels.STD,
                c.imageSize()));
        md.append("- Files: `model/config.json` (readable `id2label`), `model/model.safetensors` (float32), ")
                .append("`model/preprocessor_config.json`. Loads with `TimeSformer.load` like any Hugging Face folder.\n\n");
        md.append("## Training\n\n");
        md.append("```\n").append(s.command()).append("\n```\n\n");
        md.append(String.format(Locale.ROOT, "- Code: `org.spacetimelens.model.TimeSformerNet` (the project's forward pass) "
                + "with DJL autograd on CPU; `org.spacetimelens.demo.DemoTrainer`.%n"));
        md.append(String.format(Locale.ROOT, "- %d steps × %d fresh clips (%d scenes, generator seed %d); a curriculum "
                + "raises the distractors from 0 to the full 4–6 over the first %d steps.%n",
                n, t.batch(), (long) n * t.batch(), t.seed(), t.curriculumSteps()));
        md.append("- Initialisation (from `java.util.Random(seed)`): weight matrices N(0, 1/fan_in) truncated at 2σ, ")
                .append("sin-cos position (2D) and time (1D) embeddings, HF's N(0, 0.02²) for the CLS token and ")
                .append("classifier. With HF's fixed std 0.02 (right for width 768, not 64) attention stays uniform ")
                .append("and the loss did not leave chance level in 200–950 steps of every configuration tried.\n");
        md.append(String.format(Locale.ROOT, "- Softmax cross-entropy; AdamW written with NDArray operations "
                + "(`org.spacetimelens.demo.AdamW`: β 0.9/0.999, lr %.1e, decoupled weight decay %.2f on weight "
                + "matrices), global grad-norm clip 1.0, linear warm-up %d steps then cosine decay to 2%%.%n",
                t.learningRate(), t.weightDecay(), t.warmupSteps()));
        md.append(String.format(Locale.ROOT, "- Training took %.0f s wall (%s) and %.0f s of CPU time (one PyTorch "
                + "thread) on the project's 2-core CPU machine, shared with other jobs at the time. Final training "
                + "loss %.3f, batch accuracy over the last %d steps %.1f%%.%n", tr.seconds(),
                TerminalProgress.clock(tr.seconds()), tr.cpuSeconds(), tr.meanLoss(n - tail, n), tail, 100 * tailAcc));
        if (tr.skippedSteps() == 0) {
            md.append("- Repeatability: scenes, initial weights and the update are seeded and single-threaded, and no "
                    + "step was skipped, so a rerun of the command on the same machine gives the same model.\n\n");
        } else {
            md.append(String.format(Locale.ROOT, "- Repeatability: scenes, initial weights and the update are seeded "
                    + "and single-threaded, but %d step(s) of this run were skipped because the gradients read back "
                    + "were garbage (norm non-finite or ≥ 1e4), so a rerun may differ.%n%n", tr.skippedSteps()));
        }
        DemoEvaluator.Report r = o.evaluation();
        md.append("## Measured scores\n\n");
        md.append(String.format(Locale.ROOT, "On %d fresh clips of generator seed %d (training used seed %d):%n%n",
                r.clips(), r.seed(), t.seed()));
        md.append("| measure | value | reference |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| accuracy | %.1f%% | bar ≥ %.0f%%; chance %.1f%% |%n", 100 * r.accuracy(),
                100 * ACCURACY_BAR, 100.0 / c.numLabels()));
        PointingScore p = r.pointing();
        md.append(String.format(Locale.ROOT, "| rollout arg-max patch on/touching the target box | %.1f%% of %d frames | "
                + "bar ≥ %.0f%%; random patch %.1f%% |%n", 100 * p.hitRate(), p.frames(), 100 * POINTING_BAR,
                100 * p.chanceRate()));
        md.append(String.format(Locale.ROOT, "| rollout mass in patches touching the box | %.1f%% | flat map %.1f%% |%n%n",
                100 * p.massInBox(), 100 * p.chanceRate()));
        md.append("Rollout: the default recipe of src/docs/ROLLOUT.md (`Rollout.compute(record, RolloutParams.defaults())`). ")
                .append("Frames count when at least half of the target is visible (in frame and not covered). ")
                .append("A patch touches the box when their closed rectangles meet.\n\n");
        md.append("Confusion matrix (rows: truth, columns: prediction):\n\n| |");
        for (String l : c.labels()) {
            md.append(' ').append(l).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(c.labels().size())).append('\n');
        for (int i = 0; i < c.labels().size(); i++) {
            md.append("| ").append(c.labels().get(i)).append(" |");
            for (int j = 0; j < c.labels().size(); j++) {
                md.append(' ').append(r.confusion()[i][j]).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
        if (o.video() != null) {
            DemoSidecar sc = o.video().sidecar();
            md.append("## Demo video\n\n");
            md.append(String.format(Locale.ROOT, "`demo.mp4`: %d×%d, %.0f fps, %d frames (%.1f s), codec %s; %d episodes of %d "
                    + "frames, each a new scene whose target does a different motion. `demo.json` holds per-frame target "
                    + "boxes in video pixels and labels. The model is meant to see %d frames every %d (one such window "
                    + "inside an episode is exactly a training clip).%n%n", sc.width(), sc.height(), sc.fps(), sc.frameCount(),
                    sc.frameCount() / sc.fps(), o.video().codec(), sc.episodes().size(), sc.episodeFrames(), sc.modelFrames(),
                    sc.samplingRate()));
            md.append("Predictions on the decoded video (window starting half a sampling step into each episode, ")
                    .append("resized to the model's size):\n\n| episode | truth | predicted |\n|---|---|---|\n");
            for (DemoVideoCheck.EpisodePrediction e : o.episodes()) {
                md.append(String.format(Locale.ROOT, "| %d | %s | %s%s |%n", e.episode(), e.truth(), e.predicted(),
                        e.correct() ? "" : " ✗"));
            }
            md.append('\n');
        }
        if (o.classEvidence() != null) {
            md.append(ClassEvidenceCard.section(o.classEvidence(), "demo.mp4"));
        }
        md.append("## Limits\n\n");
        md.append("- Synthetic and narrow: it knows red shapes on this kind of backdrop and six motions, nothing else.\n");
        md.append("- Windows that straddle two episodes of the demo video mix two motions; predictions there are ")
                .append("undefined.\n\n");
        md.append("## Reproduce / re-measure\n\n```\n").append(s.command()).append("\n")
                .append("java -jar target/spacetime-lens.jar demo-eval --model assets/demo/model --clips ")
                .append(r.clips()).append(" --seed ").append(r.seed()).append("\n```\n\n");
        md.append("Files:\n\n");
        try (Stream<Path> files = Files.walk(file.getParent())) {
            List<Path> list = files.filter(Files::isRegularFile).filter(f -> !f.equals(file)).sorted().toList();
            for (Path f : list) {
                md.append(String.format(Locale.ROOT, "- `%s` — %.1f KB%n", file.getParent().relativize(f),
                        Files.size(f) / 1024.0));
            }
        }
        Files.writeString(file, md.toString());
    }
}
