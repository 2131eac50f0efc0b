package org.spacetimelens.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Warm-up then repeated timing, with {@link System#nanoTime()}. Several operations that are compared
 * with each other are timed in interleaved rounds (A, B, A, B...) so that a change of machine load
 * during the run affects both alike; their ratio is then a same-run figure.
 */
final class Measure {

    /** One timed operation; {@code prepare} runs before each call, outside the timed span. */
    record Op(String name, Action prepare, Action action, int callsPerRound) {
        Op(String name, Action action) {
            this(name, () -> { }, action, 1);
        }

        Op(String name, Action action, int callsPerRound) {
            this(name, () -> { }, action, callsPerRound);
        }
    }

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private Measure() {
    }

    static Timing time(int warmups, int samples, Action action) throws Exception {
        return interleaved(warmups, samples, List.of(new Op("op", action)))[0];
    }

    /**
     * Warms every operation up ({@code warmupRounds} rounds), then runs {@code rounds} rounds in which each
     * operation is called {@code callsPerRound} times in a row, one sample per call.
     */
    static Timing[] interleaved(int warmupRounds, int rounds, List<Op> ops) throws Exception {
        List<List<Double>> samples = new ArrayList<>();
        List<List<Double>> cpu = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            samples.add(new ArrayList<>());
            cpu.add(new ArrayList<>());
        }
        for (int round = 0; round < warmupRounds + rounds; round++) {
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                for (int c = 0; c < op.callsPerRound(); c++) {
                    op.prepare().run();
                    long c0 = ProcessCpu.nanos();
                    long t0 = System.nanoTime();
                    op.action().run();
                    long t1 = System.nanoTime();
                    long c1 = ProcessCpu.nanos();
                    if (round >= warmupRounds) {
                        samples.get(i).add((t1 - t0) / 1e9);
                        cpu.get(i).add(c0 < 0 || c1 < 0 ? Double.NaN : (c1 - c0) / 1e9);
                    }
                }
            }
        }
        Timing[] out = new Timing[ops.size()];
        for (int i = 0; i < out.length; i++) {
            double[] c = cpu.get(i).stream().mapToDouble(Double::doubleValue).toArray();
            out[i] = new Timing(samples.get(i).stream().mapToDouble(Double::doubleValue).toArray(),
                    java.util.Arrays.stream(c).anyMatch(Double::isNaN) ? null : c);
        }
        return out;
    }

    /** Keeps a result reachable so the JIT cannot drop the computation that produced it. */
    static void consume(Object o) {
        sink = o;
    }

    @SuppressWarnings("unused")
    private static volatile Object sink;
}
