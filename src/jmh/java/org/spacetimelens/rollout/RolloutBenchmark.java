package org.spacetimelens.rollout;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spacetimelens.model.AttentionRecord;

/**
 * Structured rollout (row-vector propagation) at the sizes of issue 6:
 * base = 12 layers × 8 frames × (1+196) tokens × 12 heads; large = 96 frames.
 *
 * <p>Run: {@code mvn -B -Pjmh package -DskipTests && java -jar target/benchmarks.jar}.
 */
@BenchmarkMode(Mode.SampleTime) // mean and percentiles: the median resists the shared machine's noise
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "-Dai.djl.offline=true"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RolloutBenchmark {

    /** Base-size record; one Rollout whose fused layers are already cached. */
    @State(Scope.Benchmark)
    public static class Base {
        AttentionRecord record;
        Rollout cached;
        RolloutParams params = RolloutParams.defaults();

        @Setup(Level.Trial)
        public void setUp() {
            record = BenchData.divided(12, 8, 14, 14, 12, 1);
            cached = new Rollout(record);
            cached.compute(params);
        }
    }

    /**
     * The 96-frame "large" shape with fused layers cached. Propagation does not depend on the head
     * count, so the record has one head (3.2 GB of raw 12-head attention would not change the figure).
     */
    @State(Scope.Benchmark)
    public static class Large {
        Rollout cached;
        RolloutParams params = RolloutParams.defaults();

        @Setup(Level.Trial)
        public void setUp() {
            cached = new Rollout(BenchData.divided(12, 96, 14, 14, 1, 2), 1L << 30);
            cached.compute(params);
        }
    }

    /** All-layer CLS rollout, base size, fused heads cached (bar: ≤ 5 ms). */
    @Benchmark
    public AttentionMaps baseCachedRollout(Base s) {
        return s.cached.compute(s.params);
    }

    /** Head fusion of every layer from raw per-head attention + rollout, base size (bar: ≤ 20 ms). */
    @Benchmark
    public AttentionMaps baseFusionAndRollout(Base s) {
        return Rollout.compute(s.record, s.params);
    }

    /** All-layer CLS rollout, 96 frames, fused cached (bar: ≤ 50 ms). */
    @Benchmark
    public AttentionMaps large96CachedRollout(Large s) {
        return s.cached.compute(s.params);
    }
}
