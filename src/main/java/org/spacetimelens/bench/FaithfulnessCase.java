package org.spacetimelens.bench;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.spacetimelens.demo.DemoAssets;
import org.spacetimelens.evaluate.FaithfulnessEvaluator;
import org.spacetimelens.evaluate.RankingMethod;
import org.spacetimelens.evaluate.RankingMethods;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.TimeSformerNet;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.ClipTensor;

/**
 * Case 8: perturbed clips per second for the faithfulness curves, batched ({@link TimeSformer#logits}) vs one
 * forward pass per clip, in interleaved rounds of the same run: at the run's shapes (random weights), and
 * end to end ({@code evaluate}'s rollout + random curves, S = 20) on the shipped demo model when it is found.
 */
final class FaithfulnessCase {

    private FaithfulnessCase() {
    }

    static List<BenchRow> run(BenchContext ctx) throws Exception {
        List<BenchRow> rows = new ArrayList<>();
        Shapes sh = ctx.shapes;
        TimeSformerConfig cfg = sh.modelConfig();
        int s = sh.imageSize();
        int frames = sh.frames();
        int per = frames * 3 * s * s;
        try (TimeSformer model = TimeSformer.of(TimeSformerNet.random(cfg, NDManager.newBaseManager(ctx.device.device()), 0),
                PreprocessConfig.defaults(s), Path.of("random-weights"))) {
            boolean gpu = model.deviceName().startsWith("gpu");
            int batch = FaithfulnessEvaluator.defaultBatchSize(cfg, frames, s, s, gpu);
            ctx.log("case 8: %d perturbed clips batched vs one at a time, %s shapes, on %s", batch, sh.name(),
                    model.deviceName());
            float[] clips = new float[batch * per];
            Random r = new Random(3);
            for (int i = 0; i < clips.length; i++) {
                clips[i] = (float) r.nextGaussian();
            }
            Timing[] t = Measure.interleaved(1, ctx.reps(5, 1), List.of(
                    new Measure.Op("batched", () -> Measure.consume(model.logits(clips, batch, frames, s, s))),
                    new Measure.Op("one at a time", () -> {
                        for (int i = 0; i < batch; i++) {
                            float[] one = java.util.Arrays.copyOfRange(clips, i * per, (i + 1) * per);
                            Measure.consume(model.forward(one, frames, s, s, false, false));
                        }
                    })));
            String shape = cfg.numLayers() + " layers, " + frames + " × " + s + "², on " + model.deviceName();
            rows.add(BenchRow.info(8, "perturbed clips per second, batches of " + batch + " (" + shape + ")",
                    rate(batch / t[0].median())));
            rows.add(BenchRow.info(8, "perturbed clips per second, one forward pass each (same run)",
                    rate(batch / t[1].median())));
            rows.add(BenchRow.info(8, "speed-up of batching (medians, same run)",
                    BenchRow.sig3(t[1].median() / t[0].median()) + "×"));
        }
        var demo = DemoAssets.find();
        if (demo.isEmpty()) {
            rows.add(BenchRow.notRun(8, "evaluate on the demo model: demo assets not found", ""));
            return rows;
        }
        try (TimeSformer model = TimeSformer.load(demo.get().modelDir(),
                new TimeSformer.LoadOptions(ctx.device.device().isGpu() ? "gpu" : "cpu", 0))) {
            TimeSformerConfig c = model.config();
            int size = model.preprocess().cropSize();
            float[] data = new float[c.numFrames() * 3 * size * size];
            Random r = new Random(5);
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) r.nextGaussian();
            }
            ClipTensor clip = new ClipTensor(data, c.numFrames(), size, size, null);
            List<RankingMethod> methods = RankingMethods.of(List.of(RankingMethods.ROLLOUT, RankingMethods.RANDOM),
                    new RankingMethods.Options(RolloutParams.defaults(), 0));
            int batch = FaithfulnessEvaluator.defaultBatchSize(c, c.numFrames(), size, size,
                    model.deviceName().startsWith("gpu"));
            FaithfulnessEvaluator batched = new FaithfulnessEvaluator(model, batch);
            FaithfulnessEvaluator single = new FaithfulnessEvaluator(model, 1);
            int clips = batched.evaluate(clip, methods, FaithfulnessEvaluator.DEFAULT_STEPS, null).forwardClips();
            ctx.log("case 8: evaluate on the demo model, %d perturbed clips, batch %d vs 1", clips, batch);
            Timing[] t = Measure.interleaved(1, ctx.reps(5, 1), List.of(
                    new Measure.Op("batched", () -> Measure.consume(batched.evaluate(clip, methods, 20, null))),
                    new Measure.Op("one at a time", () -> Measure.consume(single.evaluate(clip, methods, 20, null)))));
            rows.add(BenchRow.info(8, "evaluate (rollout + random, S = 20: " + clips + " perturbed clips) on the demo "
                    + "model, batches of " + batch + ": clips per second", rate(clips / t[0].median())));
            rows.add(BenchRow.info(8, "same, one forward pass per clip (same run)", rate(clips / t[1].median())));
            rows.add(BenchRow.info(8, "speed-up of batching, demo (medians, same run)",
                    BenchRow.sig3(t[1].median() / t[0].median()) + "×"));
        }
        return rows;
    }

    private static String rate(double v) {
        return BenchRow.sig3(v) + " clips/s";
    }
}
