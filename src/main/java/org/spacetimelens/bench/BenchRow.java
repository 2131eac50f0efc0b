package org.spacetimelens.bench;

import java.util.Locale;

/**
 * One line of the result table.
 *
 * @param caseId  the case number (1..7)
 * @param what    what was measured
 * @param result  the figure: a median time, a ratio, a size...
 * @param best    the fastest sample for timings, else empty
 * @param cpu     median CPU time of the whole process per call, for timings measured in this process
 * @param runs    number of timed samples, else empty
 * @param bar     the bar for this figure, else empty
 * @param status  whether the bar is met
 */
public record BenchRow(int caseId, String what, String result, String best, String cpu, String runs, String bar,
        Status status) {

    /** How a figure compares with its bar. */
    public enum Status {
        MET("met"), MISSED("MISSED"), INFO(""), NOT_APPLICABLE("n/a (tiny shapes)"), NOT_RUN("not run"),
        FAILED("FAILED");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A timing; {@code barSeconds} null when the figure has no bar. */
    static BenchRow timed(int caseId, String what, Timing t, Double barSeconds, boolean barsApply) {
        Status status = barSeconds == null ? Status.INFO
                : !barsApply ? Status.NOT_APPLICABLE
                : t.median() <= barSeconds ? Status.MET : Status.MISSED;
        return new BenchRow(caseId, what, seconds(t.median()), seconds(t.min()), t.hasCpu() ? seconds(t.cpuMedian()) : "",
                String.valueOf(t.count()), barSeconds == null ? "" : "≤ " + seconds(barSeconds), status);
    }

    /** A derived figure with a bar; {@code met} says whether it passes. */
    static BenchRow value(int caseId, String what, String result, String bar, boolean met, boolean barsApply) {
        return new BenchRow(caseId, what, result, "", "", "", bar,
                !barsApply ? Status.NOT_APPLICABLE : met ? Status.MET : Status.MISSED);
    }

    /** A derived figure without a bar. */
    static BenchRow info(int caseId, String what, String result) {
        return new BenchRow(caseId, what, result, "", "", "", "", Status.INFO);
    }

    /** A figure not measured; {@code what} says why. */
    static BenchRow notRun(int caseId, String what, String bar) {
        return new BenchRow(caseId, what, "—", "", "", "", bar, Status.NOT_RUN);
    }

    static BenchRow failed(int caseId, String what, String why) {
        return new BenchRow(caseId, what, why, "", "", "", "", Status.FAILED);
    }

    /** "0.412 ms", "12.3 ms", "4.21 s": three significant digits. */
    static String seconds(double s) {
        if (s < 1e-3) {
            return String.format(Locale.ROOT, "%.3f ms", s * 1e3);
        }
        if (s < 1) {
            return sig3(s * 1e3) + " ms";
        }
        return sig3(s) + " s";
    }

    /** Three significant digits without exponent (e.g. 1234 → "1234", 12.34 → "12.3"). */
    static String sig3(double v) {
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** Bytes as "185.9 MB" (decimal megabytes: 10^6). */
    static String bytes(long b) {
        if (b >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f GB", b / 1e9);
        }
        return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
    }
}
