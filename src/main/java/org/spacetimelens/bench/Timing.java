package org.spacetimelens.bench;

import java.util.Arrays;

/**
 * Samples of one measured operation, in seconds: wall clock, and the CPU time the whole process spent
 * meanwhile (all its threads) when known. On a shared machine the wall time includes waiting for the
 * neighbours; the CPU time does not.
 *
 * @param cpuSeconds same length as {@code seconds}, or null when not measured (e.g. a child process)
 */
public record Timing(double[] seconds, double[] cpuSeconds) {

    public Timing {
        if (seconds.length == 0) {
            throw new IllegalArgumentException("a timing needs at least one sample");
        }
        if (cpuSeconds != null && cpuSeconds.length != seconds.length) {
            throw new IllegalArgumentException("CPU samples must match the wall samples");
        }
        seconds = seconds.clone();
        cpuSeconds = cpuSeconds == null ? null : cpuSeconds.clone();
    }

    /** Wall-clock samples only. */
    public Timing(double[] seconds) {
        this(seconds, null);
    }

    public int count() {
        return seconds.length;
    }

    /** Median (mean of the two middle samples for an even count). */
    public double median() {
        return median(seconds);
    }

    public double min() {
        return Arrays.stream(seconds).min().orElseThrow();
    }

    public boolean hasCpu() {
        return cpuSeconds != null;
    }

    /** Median process CPU time per call; NaN when not measured. */
    public double cpuMedian() {
        return cpuSeconds == null ? Double.NaN : median(cpuSeconds);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
