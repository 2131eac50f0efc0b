package org.spacetimelens.bench;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;

/** Cases 1 (propagation vs dense, large shape), 2 (fusion + rollout) and 4 (float16 storage). */
final class RolloutCases {

    private static final double CACHED_BAR_S = 5e-3;
    private static final double LARGE_BAR_S = 50e-3;
    private static final double SPEEDUP_BAR = 1000;
    private static final double FUSION_BAR_S = 20e-3;
    private static final double HALF_TOLERANCE = 1e-3;

    private RolloutCases() {
    }

    /** Case 1: all-layer CLS rollout with fused heads cached, structured vs dense; the 96-frame shape. */
    static List<BenchRow> propagationVsDense(BenchContext ctx) throws Exception {
        Shapes sh = ctx.shapes;
        List<BenchRow> rows = new ArrayList<>();
        RolloutParams params = RolloutParams.defaults();
        AttentionRecord record = ctx.baseRecord();
        Rollout rollout = new Rollout(record);
        float[] propagated = rollout.compute(params).values(); // fills the fused-layer cache
        float[][] published = new float[1][];
        float[][] fromFused = new float[1][];
        Measure.time(ctx.reps(300, 50), 1, () -> Measure.consume(rollout.compute(params)));
        Timing[] t;
        int side;
        try (NDManager manager = NDManager.newBaseManager(ctx.device.device());
                DenseRollout dense = new DenseRollout(record, rollout, params, manager)) {
            side = dense.size();
            ctx.log("case 1: propagation vs the published dense method (%d-square W per layer, %s)", side,
                    ctx.device.device());
            t = Measure.interleaved(1, ctx.reps(3, 1), List.of(
                    new Measure.Op("propagation", () -> Measure.consume(rollout.compute(params)), ctx.reps(40, 15)),
                    new Measure.Op("published", () -> published[0] = dense.fromRaw()),
                    new Measure.Op("dense from fused", () -> fromFused[0] = dense.fromFused())));
        }
        String shape = sh.describe(sh.frames());
        boolean bars = ctx.barsApply();
        rows.add(BenchRow.timed(1, "rollout, all layers, CLS, fused heads cached: structured propagation (" + shape + ")",
                t[0], CACHED_BAR_S, bars));
        rows.add(BenchRow.timed(1, "published dense method as the seed notebook runs it for every map: per layer "
                + "head mean, residual, W (" + side + "²) and a float32 matmul, PyTorch on " + ctx.device.device(),
                t[1], null, bars));
        double speedup = t[1].median() / t[0].median();
        rows.add(BenchRow.value(1, "speed-up of the cached propagation over the published method (medians, same run)",
                String.format(Locale.ROOT, "%s×", BenchRow.sig3(speedup)), "≥ 1000×", speedup >= SPEEDUP_BAR, bars));
        if (t[0].hasCpu() && t[1].hasCpu()) {
            rows.add(BenchRow.info(1, "same speed-up by process CPU time (independent of load; the dense method "
                    + "runs on every core, the propagation on one)", String.format(Locale.ROOT, "%s×",
                    BenchRow.sig3(t[1].cpuMedian() / t[0].cpuMedian()))));
        }
        rows.add(BenchRow.timed(1, "dense W and matmuls from the same cached fused maps (the algorithm alone)", t[2],
                null, bars));
        rows.add(BenchRow.info(1, "speed-up on the same fused inputs (medians, same run)",
                String.format(Locale.ROOT, "%s×", BenchRow.sig3(t[2].median() / t[0].median()))));
        rows.add(BenchRow.info(1, "max |dense − propagated| over the normalised map, published / from fused maps",
                String.format(Locale.ROOT, "%.2g / %.2g", maxAbsDiff(published[0], propagated),
                        maxAbsDiff(fromFused[0], propagated))));

        // 96 frames: the propagation cost does not depend on the head count, so one head keeps the
        // synthetic record small (12 heads would be 2.2 GB of raw attention for the same figure).
        int large = sh.largeFrames();
        ctx.log("case 1: large shape, %d frames", large);
        AttentionRecord big = SyntheticAttention.divided(sh.layers(), large, sh.grid(), sh.grid(), 1, 2);
        Rollout bigRollout = new Rollout(big, 2L << 30);
        bigRollout.compute(params);
        Timing tl = Measure.time(ctx.reps(5, 2), ctx.reps(20, 5), () -> Measure.consume(bigRollout.compute(params)));
        rows.add(BenchRow.timed(1, "large shape, fused cached: structured propagation (" + sh.layers() + " layers × "
                + large + " frames × " + sh.positions() + " tokens)", tl, LARGE_BAR_S, ctx.barsApply()));
        rows.add(BenchRow.notRun(1, "large shape, published dense method: not run, W is "
                + (long) sh.positions() * large + "² = " + BenchRow.bytes(DenseRollout.matrixBytes(sh.positions(), large, 8))
                + " per layer in float64 (" + BenchRow.bytes(DenseRollout.matrixBytes(sh.positions(), large, 4))
                + " in float32), with W, R and W·R live at once", ""));
        return rows;
    }

    /** Case 2: head fusion of every layer from raw per-head attention + rollout (the cache cleared each run). */
    static List<BenchRow> fusionAndRollout(BenchContext ctx) throws Exception {
        ctx.log("case 2: head fusion + rollout from raw attention");
        RolloutParams params = RolloutParams.defaults();
        Rollout rollout = new Rollout(ctx.baseRecord());
        Timing t = Measure.interleaved(ctx.reps(5, 2), ctx.reps(30, 8), List.of(
                new Measure.Op("fusion+rollout", rollout::clearCache,
                        () -> Measure.consume(rollout.compute(params)), 1)))[0];
        return List.of(BenchRow.timed(2, "head fusion (mean, " + ctx.shapes.heads() + " heads, every layer) + rollout, "
                + "from raw per-head attention, cache cleared each run", t, FUSION_BAR_S, ctx.barsApply()));
    }

    /** Case 4: attention record memory in float32 and float16, and how far the float16 maps move. */
    static List<BenchRow> halfStorage(BenchContext ctx) throws Exception {
        ctx.log("case 4: float16 storage");
        AttentionRecord full = ctx.baseRecord();
        AttentionRecord half = full.toHalf();
        RolloutParams params = RolloutParams.defaults();
        AttentionMaps m32 = Rollout.compute(full, params);
        AttentionMaps m16 = Rollout.compute(half, params);
        double diff = maxAbsDiff(m32.values(), m16.values());
        Rollout r32 = new Rollout(full);
        Rollout r16 = new Rollout(half);
        Timing[] t = Measure.interleaved(ctx.reps(3, 1), ctx.reps(15, 4), List.of(
                new Measure.Op("f32", r32::clearCache, () -> Measure.consume(r32.compute(params)), 1),
                new Measure.Op("f16", r16::clearCache, () -> Measure.consume(r16.compute(params)), 1)));
        List<BenchRow> rows = new ArrayList<>();
        rows.add(BenchRow.info(4, "attention record per clip, float32 (" + ctx.shapes.describe(ctx.shapes.frames()) + ")",
                BenchRow.bytes(full.byteSize()) + " (" + full.byteSize() + " B)"));
        rows.add(BenchRow.info(4, "attention record per clip, float16",
                BenchRow.bytes(half.byteSize()) + " (" + half.byteSize() + " B)"));
        rows.add(BenchRow.value(4, "max |float16 map − float32 map| (rollout, normalised)",
                String.format(Locale.ROOT, "%.2g", diff), "≤ 1e-3", diff <= HALF_TOLERANCE, true));
        rows.add(BenchRow.timed(4, "fusion + rollout from the float32 record", t[0], null, ctx.barsApply()));
        rows.add(BenchRow.timed(4, "fusion + rollout from the float16 record", t[1], null, ctx.barsApply()));
        return rows;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalStateException("maps differ in size: " + a.length + " vs " + b.length);
        }
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs((double) a[i] - b[i]));
        }
        return worst;
    }
}
