package org.spacetimelens.bench;

import java.util.Arrays;

/** Wall-clock samples of one measured operation, in seconds. */
public record Timing(double[] seconds) {

    public Timing {
        if (seconds.length == 0) {
            throw new IllegalArgumentException("a timing needs at least one sample");
        }
        seconds = seconds.clone();
    }

    public int count() {
        return seconds.length;
    }

    /** Median (mean of the two middle samples for an even count). */
    public double median() {
        double[] s = seconds.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    public double min() {
        return Arrays.stream(seconds).min().orElseThrow();
    }
}
