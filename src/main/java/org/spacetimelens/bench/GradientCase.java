package org.spacetimelens.bench;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.TimeSformerNet;

/**
 * Case 8 (issue 12): one forward + backward pass with the attention and its gradients captured
 * (grad-rollout's input) against the forward pass alone, with and without capture, in interleaved
 * rounds; and the resident-memory peak of one gradient pass above the resident set before it.
 */
final class GradientCase {

    private static final double RATIO_BAR = 3.0;

    private GradientCase() {
    }

    static List<BenchRow> run(BenchContext ctx) throws Exception {
        Shapes sh = ctx.shapes;
        TimeSformerConfig cfg = sh.modelConfig();
        int s = sh.imageSize();
        int frames = sh.frames();
        ctx.log("case 8: forward + backward with attention gradients, %d layers, width %d, %d × %d px × %d frames, "
                + "on %s", cfg.numLayers(), cfg.hiddenSize(), s, s, frames, ctx.device.device());
        float[] clip = new float[frames * 3 * s * s];
        Random r = new Random(8);
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) r.nextGaussian();
        }
        Timing[] t;
        String device;
        long peakAbove;
        long layerPeakAbove;
        boolean peakIsOfPass;
        try (TimeSformer model = TimeSformer.of(
                TimeSformerNet.random(cfg, NDManager.newBaseManager(ctx.device.device()), 0),
                PreprocessConfig.defaults(s), Path.of("random-weights"))) {
            device = model.deviceName();
            t = Measure.interleaved(1, ctx.reps(5, 1), List.of(
                    new Measure.Op("gradients", () -> Measure.consume(model.forwardWithGradients(clip, frames, s, s,
                            false, -1, AttentionGradients.NO_CONTRAST))),
                    new Measure.Op("capture", () -> Measure.consume(model.forward(clip, frames, s, s, true, false))),
                    new Measure.Op("no capture", () -> Measure.consume(model.forward(clip, frames, s, s, false,
                            false))),
                    new Measure.Op("layer by layer", () -> Measure.consume(model.forwardWithGradients(clip, frames,
                            s, s, false, -1, AttentionGradients.NO_CONTRAST, 0)))));
            // Peak of one pass of each kind (the layer-by-layer one is what the viewer runs on base models)
            peakIsOfPass = MemoryReport.resetPeak();
            peakAbove = peakAboveMb(() -> model.forwardWithGradients(clip, frames, s, s, false, -1,
                    AttentionGradients.NO_CONTRAST, Long.MAX_VALUE));
            layerPeakAbove = peakAboveMb(() -> model.forwardWithGradients(clip, frames, s, s, false, -1,
                    AttentionGradients.NO_CONTRAST, 0));
        }
        boolean bars = ctx.barsApply();
        double ratio = t[0].median() / t[1].median();
        List<BenchRow> rows = new ArrayList<>();
        rows.add(BenchRow.timed(8, "forward + backward per clip, attention and its gradients captured (top class; "
                + cfg.numLayers() + " layers, " + frames + " × " + s + "², on " + device + ")", t[0], null, bars));
        rows.add(BenchRow.timed(8, "forward pass per clip, attention captured", t[1], null, bars));
        rows.add(BenchRow.timed(8, "forward pass per clip, no capture", t[2], null, bars));
        rows.add(BenchRow.value(8, "gradient pass as a multiple of the forward pass with capture (medians, same run)",
                String.format(Locale.ROOT, "%.2f×", ratio), "≤ 3×", ratio <= RATIO_BAR, bars));
        rows.add(BenchRow.info(8, "same, of the forward pass without capture",
                String.format(Locale.ROOT, "%.2f×", t[0].median() / t[2].median())));
        if (t[0].hasCpu() && t[1].hasCpu()) {
            rows.add(BenchRow.info(8, "same multiple by process CPU time (independent of load)",
                    String.format(Locale.ROOT, "%.2f×", t[0].cpuMedian() / t[1].cpuMedian())));
        }
        rows.add(BenchRow.info(8, peakIsOfPass
                ? "resident-memory peak of one gradient pass above the resident set before it"
                : "resident-memory peak of the process (the kernel's peak could not be reset) above the set before "
                        + "the last gradient pass", peakAbove + " MB"));
        rows.add(BenchRow.timed(8, "layer-by-layer gradient pass (forward without graph, each layer recomputed; the "
                + "viewer's on base models)", t[3], null, bars));
        rows.add(BenchRow.info(8, "layer-by-layer pass as a multiple of the forward pass with capture",
                String.format(Locale.ROOT, "%.2f×", t[3].median() / t[1].median())));
        if (peakIsOfPass) {
            rows.add(BenchRow.info(8, "resident-memory peak of one layer-by-layer pass above the resident set before it",
                    layerPeakAbove + " MB"));
        }
        return rows;
    }

    /**
     * The peak resident set during one run of {@code pass} above the settled resident set before it, MiB: the
     * kernel's high-water mark is reset first ({@link MemoryReport#resetPeak}; where it cannot be, the peak is the
     * process's).
     */
    private static long peakAboveMb(java.util.function.Supplier<?> pass) {
        System.gc();
        Engines.releaseFreedMemory();
        long before = MemoryReport.now().values().getOrDefault("resident", 0.0).longValue();
        MemoryReport.resetPeak();
        Measure.consume(pass.get());
        return MemoryReport.now().values().getOrDefault("resident peak", 0.0).longValue() - before;
    }
}
