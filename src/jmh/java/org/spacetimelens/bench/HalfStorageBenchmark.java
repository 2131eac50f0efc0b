package org.spacetimelens.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;

/**
 * Issue 6, cases 2 and 4: head fusion of every layer + rollout from raw per-head attention stored as
 * float32 (186 MB at base size) or float16 (93 MB), the fused-layer cache cleared before each call.
 *
 * <pre>
 * mvn -B -o -q -Pjmh package -DskipTests
 * java -jar target/benchmarks.jar HalfStorageBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class HalfStorageBenchmark {

    @Param({"float32", "float16"})
    public String storage;

    private Rollout rollout;
    private final RolloutParams params = RolloutParams.defaults();

    @Setup(Level.Trial)
    public void setUp() {
        Shapes sh = Shapes.BASE;
        AttentionRecord record = SyntheticAttention.divided(sh.layers(), sh.frames(), sh.grid(), sh.grid(), sh.heads(), 1);
        rollout = new Rollout(storage.equals("float16") ? record.toHalf() : record);
    }

    @Benchmark
    public AttentionMaps fusionAndRollout() {
        rollout.clearCache();
        return rollout.compute(params);
    }
}
