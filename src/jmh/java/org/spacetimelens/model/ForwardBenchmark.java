package org.spacetimelens.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One base-size TimeSformer forward (12 layers, hidden 768, 12 heads, 8 × 224 × 224, random weights,
 * 400 labels) on the CPU, with and without attention capture.
 *
 * <p>Run: {@code mvn -B -o -q -Pjmh compile dependency:build-classpath -Dmdep.outputFile=cp.txt} then
 * {@code java -Dai.djl.offline=true -cp target/classes:$(cat cp.txt) org.spacetimelens.model.ForwardBenchmark},
 * or {@code java -jar target/benchmarks.jar ForwardBenchmark} after {@code mvn -Pjmh package -DskipTests}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dai.djl.offline=true") // JMH's default of 5 forks would run 40 base forwards
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class ForwardBenchmark {
    @Param({"true", "false"})
    public boolean capture;

    private TimeSformer model;
    private float[] clip;

    @Setup
    public void setUp() {
        Engines.ensureOffline();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            labels.add("LABEL_" + i);
        }
        TimeSformerConfig base = new TimeSformerConfig(224, 16, 3, 8, 768, 12, 12, 3072, "gelu", 1e-6, true,
                AttentionType.DIVIDED_SPACE_TIME, 400, labels);
        model = TimeSformer.of(TimeSformerNet.random(base, NDManager.newBaseManager(Device.cpu()), 0),
                PreprocessConfig.defaults(224), Path.of("random"));
        Random r = new Random(1);
        clip = new float[8 * 3 * 224 * 224];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) r.nextGaussian();
        }
    }

    @TearDown
    public void tearDown() {
        model.close();
    }

    @Benchmark
    public ForwardResult forward() {
        return model.forward(clip, 8, 224, 224, capture, false);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(ForwardBenchmark.class.getSimpleName()).forks(0).build()).run();
    }
}
