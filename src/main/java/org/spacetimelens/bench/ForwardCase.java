package org.spacetimelens.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.TimeSformerNet;

/**
 * Case 3: one forward pass with random weights, with and without attention capture, against the
 * machine's float32 GEMM throughput through the same engine on the same device, all in interleaved
 * rounds. FLOPs per clip: {@link ForwardFlops}.
 */
final class ForwardCase {

    private static final double SHARE_BAR = 0.5;
    private static final double OVERHEAD_BAR = 0.10;

    private ForwardCase() {
    }

    static List<BenchRow> run(BenchContext ctx) throws Exception {
        Shapes sh = ctx.shapes;
        TimeSformerConfig cfg = sh.modelConfig();
        int s = sh.imageSize();
        int frames = sh.frames();
        ctx.log("case 3: forward pass, %d layers, width %d, %d × %d px × %d frames, random weights, on %s",
                cfg.numLayers(), cfg.hiddenSize(), s, s, frames, ctx.device.device());
        float[] clip = new float[frames * 3 * s * s];
        Random r = new Random(7);
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) r.nextGaussian();
        }
        int n = sh.gemmSize();
        Timing[] t;
        String device;
        try (TimeSformer model = TimeSformer.of(
                TimeSformerNet.random(cfg, NDManager.newBaseManager(ctx.device.device()), 0),
                PreprocessConfig.defaults(s), Path.of("random-weights"));
                NDManager gemm = NDManager.newBaseManager(ctx.device.device())) {
            device = model.deviceName();
            NDArray a = gemm.randomNormal(new Shape(n, n));
            NDArray b = gemm.randomNormal(new Shape(n, n));
            t = Measure.interleaved(1, ctx.reps(5, 1), List.of(
                    new Measure.Op("gemm", () -> matmul(a, b), ctx.reps(5, 3)),
                    new Measure.Op("capture", () -> Measure.consume(model.forward(clip, frames, s, s, true, false))),
                    new Measure.Op("no capture", () -> Measure.consume(model.forward(clip, frames, s, s, false, false)))));
        }
        double flops = ForwardFlops.perClip(cfg, frames);
        double gemmRate = 2.0 * n * n * n / t[0].median();
        double captureRate = flops / t[1].median();
        double overhead = t[1].median() / t[2].median() - 1;
        double overheadBest = t[1].min() / t[2].min() - 1;
        double share = captureRate / gemmRate;
        boolean bars = ctx.barsApply();
        List<BenchRow> rows = new ArrayList<>();
        rows.add(BenchRow.timed(3, "forward pass per clip, attention captured (" + cfg.numLayers() + " layers, "
                + frames + " × " + s + "², on " + device + ")", t[1], null, bars));
        rows.add(BenchRow.timed(3, "forward pass per clip, no capture", t[2], null, bars));
        rows.add(BenchRow.value(3, "capture overhead (medians, same run)", percent(overhead), "≤ 10%",
                overhead <= OVERHEAD_BAR, bars));
        rows.add(BenchRow.info(3, "capture overhead (fastest runs, same run)", percent(overheadBest)));
        if (t[1].hasCpu() && t[2].hasCpu()) {
            rows.add(BenchRow.info(3, "capture overhead by process CPU time (independent of load)",
                    percent(t[1].cpuMedian() / t[2].cpuMedian() - 1)));
        }
        rows.add(BenchRow.info(3, "FLOPs per clip (matrix products, analytic count)", gflop(flops) + " GFLOP"));
        rows.add(BenchRow.timed(3, "DJL float32 GEMM " + n + "² × " + n + "² on " + device, t[0], null, bars));
        rows.add(BenchRow.info(3, "GEMM throughput", gflop(gemmRate) + " GFLOP/s"));
        rows.add(BenchRow.info(3, "forward throughput, captured / not captured",
                gflop(captureRate) + " / " + gflop(flops / t[2].median()) + " GFLOP/s"));
        rows.add(BenchRow.value(3, "forward (captured) as a share of GEMM throughput", percent(share), "≥ 50%",
                share >= SHARE_BAR, bars));
        if (t[0].hasCpu() && t[1].hasCpu()) {
            // FLOPs per CPU-second of each: what the share would be if both always had every core to themselves
            rows.add(BenchRow.info(3, "same share by process CPU time (FLOPs per CPU-second; independent of load)",
                    percent((flops / t[1].cpuMedian()) / (2.0 * n * n * n / t[0].cpuMedian()))));
        }
        return rows;
    }

    /** One product, waited for (reading an element synchronises an asynchronous device), then freed. */
    private static void matmul(NDArray a, NDArray b) {
        try (NDArray c = a.matMul(b)) {
            Measure.consume(c.getFloat(0, 0));
        }
    }

    private static String gflop(double v) {
        return BenchRow.sig3(v / 1e9);
    }

    private static String percent(double fraction) {
        // no "-0.0%" for a difference below the last digit
        return String.format(Locale.ROOT, "%.1f%%", Math.abs(fraction) < 5e-4 ? 0.0 : 100 * fraction);
    }
}
