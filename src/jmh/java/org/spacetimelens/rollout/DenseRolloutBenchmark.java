package org.spacetimelens.rollout;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.Engines;

/**
 * The published dense method at base size, from the same fused maps as
 * {@link RolloutBenchmark#baseCachedRollout}: build each layer's {@code (1+G)T}-square W (CLS rows
 * averaged), {@code result = W @ result} from the first layer to the last, then the CLS rows' mean.
 * Two implementations: blocked double GEMM on all cores in Java (the notebook's arithmetic,
 * literally) and float32 {@code matmul} in PyTorch through DJL (what the notebook actually runs).
 * Slow by design: single-shot, few iterations. Each teardown prints the largest difference from the
 * propagated map, so the figures compare the same computation.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "-Dai.djl.offline=true"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class DenseRolloutBenchmark {

    static final int LAYERS = 12;
    static final int FRAMES = 8;
    static final int GRID = 14;

    @State(Scope.Benchmark)
    public static class Fused {
        float[][] spatial = new float[LAYERS][];
        float[][] temporal = new float[LAYERS][];
        float[] propagated;
        float[] dense;
        NDManager manager;

        @Setup(Level.Trial)
        public void setUp() {
            Engines.ensureOffline();
            AttentionRecord record = BenchData.divided(LAYERS, FRAMES, GRID, GRID, 12, 1);
            Rollout rollout = new Rollout(record);
            RolloutParams params = RolloutParams.defaults();
            for (int l = 0; l < LAYERS; l++) {
                spatial[l] = rollout.fusedSpatial(l, params);
                temporal[l] = rollout.fusedTemporal(l, params);
            }
            propagated = rollout.compute(params).values();
            manager = NDManager.newBaseManager();
        }

        @TearDown(Level.Trial)
        public void check() {
            double worst = 0;
            for (int i = 0; i < propagated.length; i++) {
                worst = Math.max(worst, Math.abs(propagated[i] - dense[i]));
            }
            System.err.printf("%n[check] max |dense - propagated| = %.3g over %d map values%n", worst, dense.length);
            manager.close();
        }
    }

    /** Dense W·R products in double, blocked, rows split over all cores. */
    @Benchmark
    public float[] denseJavaDouble(Fused s) {
        int positions = 1 + GRID * GRID;
        int n = positions * FRAMES;
        double[] result = new double[n * n];
        for (int i = 0; i < n; i++) {
            result[i * n + i] = 1;
        }
        double[] next = new double[n * n];
        for (int l = 0; l < LAYERS; l++) {
            double[] w = buildW(s.spatial[l], s.temporal[l], positions);
            multiply(w, result, next, n);
            double[] swap = result;
            result = next;
            next = swap;
        }
        s.dense = map(result, n, positions);
        return s.dense;
    }

    /** Dense W·R products as float32 matmul in PyTorch (DJL), the notebook's own arithmetic. */
    @Benchmark
    public float[] denseTorchFloat32(Fused s) {
        int positions = 1 + GRID * GRID;
        int n = positions * FRAMES;
        try (NDManager sub = s.manager.newSubManager()) {
            NDArray result = sub.eye(n);
            for (int l = 0; l < LAYERS; l++) {
                double[] w = buildW(s.spatial[l], s.temporal[l], positions);
                float[] wf = new float[w.length];
                for (int i = 0; i < w.length; i++) {
                    wf[i] = (float) w[i];
                }
                result = sub.create(wf, new Shape(n, n)).matMul(result);
            }
            float[] top = result.get("0:" + FRAMES).toFloatArray();
            double[] rows = new double[FRAMES * n];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = top[i];
            }
            s.dense = map(rows, n, positions);
            return s.dense;
        }
    }

    /** W[(p,t),(k,q)] = S'[t][p,k]·T'[k][t,q] at index (p·T + t, k·T + q); CLS rows replaced by their mean. */
    static double[] buildW(float[] s, float[] tm, int positions) {
        int n = positions * FRAMES;
        double[] w = new double[n * n];
        for (int p = 0; p < positions; p++) {
            for (int t = 0; t < FRAMES; t++) {
                int row = (p * FRAMES + t) * n;
                for (int k = 0; k < positions; k++) {
                    double sv = s[(t * positions + p) * positions + k];
                    for (int q = 0; q < FRAMES; q++) {
                        w[row + k * FRAMES + q] = sv * tm[(k * FRAMES + t) * FRAMES + q];
                    }
                }
            }
        }
        for (int j = 0; j < n; j++) {
            double mean = 0;
            for (int t = 0; t < FRAMES; t++) {
                mean += w[t * n + j];
            }
            mean /= FRAMES;
            for (int t = 0; t < FRAMES; t++) {
                w[t * n + j] = mean;
            }
        }
        return w;
    }

    /** c = a·b for n×n row-major matrices; blocked so a panel of b stays in cache. */
    static void multiply(double[] a, double[] b, double[] c, int n) {
        final int kb = 128;
        final int jb = 512;
        java.util.Arrays.fill(c, 0.0);
        int rowBlocks = (n + 31) / 32;
        IntStream.range(0, rowBlocks).parallel().forEach(rb -> {
            int i0 = rb * 32;
            int i1 = Math.min(n, i0 + 32);
            for (int k0 = 0; k0 < n; k0 += kb) {
                int k1 = Math.min(n, k0 + kb);
                for (int j0 = 0; j0 < n; j0 += jb) {
                    int j1 = Math.min(n, j0 + jb);
                    for (int i = i0; i < i1; i++) {
                        int ci = i * n;
                        for (int k = k0; k < k1; k++) {
                            double aik = a[i * n + k];
                            int bk = k * n;
                            for (int j = j0; j < j1; j++) {
                                c[ci + j] += aik * b[bk + j];
                            }
                        }
                    }
                }
            }
        });
    }

    /** Mean over t of rows (cls, t) = 0..T-1, patch columns (1+g, q) → (q, g), over the global max. */
    static float[] map(double[] rows, int n, int positions) {
        int patches = positions - 1;
        float[] out = new float[FRAMES * patches];
        double max = 0;
        double[] raw = new double[out.length];
        for (int q = 0; q < FRAMES; q++) {
            for (int g = 0; g < patches; g++) {
                double v = 0;
                for (int t = 0; t < FRAMES; t++) {
                    v += rows[t * n + (1 + g) * FRAMES + q];
                }
                raw[q * patches + g] = v / FRAMES;
                max = Math.max(max, v / FRAMES);
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (raw[i] / max);
        }
        return out;
    }
}
