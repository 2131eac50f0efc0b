package org.spacetimelens.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.JointConfig;
import org.spacetimelens.model.JointModel;
import org.spacetimelens.model.JointNet;
import org.spacetimelens.model.JointWeights;
import org.spacetimelens.model.ModelFamily;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.RawTensor;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;

/**
 * Case 8: a base-size VideoMAE (16 frames of 224², tubelet 2: 1,568 tokens; random weights) forward pass,
 * attention captured as float16 (the viewer's storage) and not captured, against the machine's float32 GEMM
 * in interleaved rounds; then the joint rollout of that record (fusion + row-vector propagation, and the
 * propagation alone on cached fused layers).
 */
final class JointForwardCase {

    private JointForwardCase() {
    }

    static JointConfig config(Shapes sh) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < sh.classes(); i++) {
            labels.add("LABEL_" + i);
        }
        int frames = sh.barsApply() ? 16 : 4;
        return new JointConfig(ModelFamily.VIDEOMAE, sh.imageSize(), sh.patch(), 2, 3, frames, sh.hidden(),
                sh.layers(), sh.heads(), sh.intermediate(), "gelu", 1e-12, true, true, sh.classes(), labels);
    }

    /** Matrix-product FLOPs of one clip (2 per multiply-add): tubelet projection, q/k/v/out, scores, context, MLP. */
    static double flops(JointConfig c) {
        double n = c.tokens();
        double d = c.hiddenSize();
        double embed = 2.0 * n * c.numChannels() * c.tubeletSize() * c.patchSize() * c.patchSize() * d;
        double layer = 2.0 * n * d * d * 4 + 2.0 * n * n * d * 2 + 2.0 * n * d * c.intermediateSize() * 2;
        return embed + c.numLayers() * layer + 2.0 * d * c.numLabels();
    }

    static List<BenchRow> run(BenchContext ctx) throws Exception {
        JointConfig cfg = config(ctx.shapes);
        int s = cfg.imageSize();
        int frames = cfg.numFrames();
        ctx.log("case 8: VideoMAE forward pass, %d layers, %d tokens, %d × %d px × %d frames, random weights, on %s",
                cfg.numLayers(), cfg.tokens(), s, s, frames, ctx.device.device());
        Random r = new Random(8);
        float[] clip = new float[frames * 3 * s * s];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) r.nextGaussian();
        }
        Map<String, RawTensor> weights = randomWeights(cfg, r);
        int n = ctx.shapes.gemmSize();
        Timing[] t;
        String device;
        AttentionRecord[] record = new AttentionRecord[1];
        try (JointModel model = JointModel.of(JointNet.fromTensors(cfg, NDManager.newBaseManager(ctx.device.device()),
                weights), PreprocessConfig.defaults(s), Path.of("random-weights"));
                NDManager gemm = NDManager.newBaseManager(ctx.device.device())) {
            weights.clear();
            device = model.deviceName();
            NDArray a = gemm.randomNormal(new Shape(n, n));
            NDArray b = gemm.randomNormal(new Shape(n, n));
            t = Measure.interleaved(1, ctx.reps(3, 1), List.of(
                    new Measure.Op("gemm", () -> matmul(a, b), ctx.reps(5, 3)),
                    new Measure.Op("capture", () -> {
                        ForwardResult fr = model.forward(clip, frames, s, s, true, true);
                        record[0] = fr.attention();
                    }),
                    new Measure.Op("no capture", () -> Measure.consume(model.forward(clip, frames, s, s, false, false)))));
        }
        double flops = flops(cfg);
        double gemmRate = 2.0 * n * n * n / t[0].median();
        double share = flops / t[1].median() / gemmRate;
        RolloutParams params = RolloutParams.defaults();
        Rollout rollout = new Rollout(record[0], Long.MAX_VALUE);
        Timing[] rt = Measure.interleaved(1, ctx.reps(5, 2), List.of(
                new Measure.Op("fusion + rollout", rollout::clearCache, () -> Measure.consume(rollout.compute(params)), 1),
                new Measure.Op("cached", () -> Measure.consume(rollout.compute(params)), 1)));
        boolean bars = ctx.barsApply();
        List<BenchRow> rows = new ArrayList<>();
        String shape = cfg.numLayers() + " layers, " + frames + " × " + s + "², " + cfg.tokens() + " tokens";
        rows.add(BenchRow.timed(8, "VideoMAE forward pass per clip, attention captured as float16 (" + shape + ", on "
                + device + ")", t[1], null, bars));
        rows.add(BenchRow.timed(8, "VideoMAE forward pass per clip, no capture", t[2], null, bars));
        rows.add(BenchRow.info(8, "FLOPs per clip (matrix products, analytic count)", BenchRow.sig3(flops / 1e9) + " GFLOP"));
        rows.add(BenchRow.timed(8, "DJL float32 GEMM " + n + "² × " + n + "² on " + device, t[0], null, bars));
        rows.add(BenchRow.info(8, "forward throughput, captured / not captured", BenchRow.sig3(flops / t[1].median() / 1e9)
                + " / " + BenchRow.sig3(flops / t[2].median() / 1e9) + " GFLOP/s"));
        rows.add(BenchRow.value(8, "VideoMAE forward (captured) as a share of GEMM throughput", percent(share), "≥ 50%",
                share >= 0.5, bars));
        if (t[0].hasCpu() && t[1].hasCpu()) {
            rows.add(BenchRow.info(8, "same share by process CPU time (FLOPs per CPU-second; independent of load)",
                    percent((flops / t[1].cpuMedian()) / (2.0 * n * n * n / t[0].cpuMedian()))));
        }
        rows.add(BenchRow.info(8, "attention record per clip, float16", BenchRow.bytes(record[0].byteSize())));
        rows.add(BenchRow.timed(8, "joint rollout from the float16 record: head fusion + row-vector propagation, all "
                + "layers", rt[0], null, bars));
        rows.add(BenchRow.timed(8, "joint rollout on cached fused layers (query / layer change)", rt[1], null, bars));
        return rows;
    }

    private static void matmul(NDArray a, NDArray b) {
        try (NDArray c = a.matMul(b)) {
            Measure.consume(c.getFloat(0, 0));
        }
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    /** Random weights of every tensor the config expects: norms 1, the rest N(0, 0.02²) (as HF initialises). */
    static Map<String, RawTensor> randomWeights(JointConfig cfg, Random r) {
        Map<String, RawTensor> weights = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : JointWeights.expectedShapes(cfg).entrySet()) {
            long n = 1;
            for (long k : e.getValue()) {
                n *= k;
            }
            float[] v = new float[Math.toIntExact(n)];
            boolean normWeight = e.getKey().contains("norm") && e.getKey().endsWith(".weight");
            for (int i = 0; i < v.length; i++) {
                v[i] = normWeight ? 1f : (float) (0.02 * r.nextGaussian());
            }
            weights.put(e.getKey(), RawTensor.ofFloats(e.getKey(), e.getValue(), v));
        }
        return weights;
    }
}
