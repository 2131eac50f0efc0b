package org.spacetimelens.bench;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.spacetimelens.model.Engines;

/** Runs the selected cases of issue 6 in this process (case 7 in a child process) and collects a report. */
public final class Benchmarks {

    /** Case numbers and what they time. */
    public static final List<String> CASES = List.of(
            "1 rollout, all layers, cached: structured propagation vs published dense; 96-frame shape",
            "2 head fusion + rollout from raw per-head attention",
            "3 forward pass with capture vs without, GFLOP/s against the machine's GEMM",
            "4 attention record memory float32 vs float16, float16 map error",
            "5 viewer: option change → overlay image at 224 px and 720p",
            "6 video: decode + preprocess 8 frames of a 720p H.264 file",
            "7 cold start to first map on the demo and a base-size VideoMAE, fresh JVM",
            "8 VideoMAE-base forward (16 × 224², 1568 tokens) vs GEMM, and its joint rollout",
            "9 forward + backward with attention gradients (grad-rollout) vs the forward pass; its memory peak",
            "10 faithfulness curves: perturbed clips per second, batched vs one at a time");

    /**
     * @param shapes base (the sizes) or tiny (smoke test)
     * @param quick  fewer repetitions
     * @param cases  which cases, 1..10
     * @param device "auto", "cpu" or "gpu" for the DJL cases (forward, GEMM, dense rollout)
     */
    public record Settings(Shapes shapes, boolean quick, SortedSet<Integer> cases, String device) {
        public Settings {
            Objects.requireNonNull(shapes, "shapes");
            cases = new TreeSet<>(cases);
            if (cases.isEmpty()) {
                throw new IllegalArgumentException("no case selected (choose from 1.." + CASES.size() + ")");
            }
            for (int c : cases) {
                if (c < 1 || c > CASES.size()) {
                    throw new IllegalArgumentException("no case " + c + ": cases are 1.." + CASES.size());
                }
            }
        }
    }

    private Benchmarks() {
    }

    /**
     * Runs the cases; a case that throws becomes a FAILED row (the others still run).
     *
     * @param command the command line to print with the results
     * @param log     progress messages
     * @throws IllegalArgumentException for an unknown device name
     */
    public static BenchReport run(Settings s, String command, PrintWriter log) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        double loadBefore = MachineInfo.loadAverage();
        Engines.DeviceChoice device = Engines.selectDevice(s.device());
        MachineInfo machine = MachineInfo.collect(device);
        List<BenchRow> rows = new ArrayList<>();
        try (BenchContext ctx = new BenchContext(s.shapes(), s.quick(), device, log)) {
            for (int c : s.cases()) {
                // Start every case from a collected heap: the previous case's garbage (hundreds of MB of
                // attention) would otherwise be collected concurrently, on the same two cores, mid-case.
                System.gc();
                try {
                    rows.addAll(switch (c) {
                        case 1 -> RolloutCases.propagationVsDense(ctx);
                        case 2 -> RolloutCases.fusionAndRollout(ctx);
                        case 3 -> ForwardCase.run(ctx);
                        case 4 -> RolloutCases.halfStorage(ctx);
                        case 5 -> ViewerCase.run(ctx);
                        case 6 -> VideoCase.run(ctx);
                        case 7 -> ColdStart.run(ctx);
                        case 8 -> JointForwardCase.run(ctx);
                        case 9 -> GradientCase.run(ctx);
                        case 10 -> FaithfulnessCase.run(ctx);
                        default -> throw new AssertionError(c);
                    });
                } catch (Exception | OutOfMemoryError e) {
                    ctx.log("case %d failed: %s", c, e);
                    rows.add(BenchRow.failed(c, CASES.get(c - 1).substring(2), e.getClass().getSimpleName() + ": "
                            + String.valueOf(e.getMessage()).replace('\n', ' ')));
                }
            }
        }
        return new BenchReport(machine, command, started, (System.nanoTime() - t0) / 1e9, loadBefore,
                MachineInfo.loadAverage(), rows);
    }
}
