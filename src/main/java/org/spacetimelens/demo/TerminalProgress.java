package org.spacetimelens.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place on a terminal; off a terminal (logs, CI) it prints a
 * plain line every {@code logEvery} steps instead, so logs stay readable.
 */
public final class TerminalProgress {
    private final PrintStream out;
    private final boolean terminal;
    private final int logEvery;
    private final long start = System.nanoTime();

    public TerminalProgress(PrintStream out, boolean terminal, int logEvery) {
        this.out = out;
        this.terminal = terminal;
        this.logEvery = Math.max(1, logEvery);
    }

    /** Bar on {@code System.err} when a console is attached. */
    public static TerminalProgress stderr(int logEvery) {
        return new TerminalProgress(System.err, System.console() != null, logEvery);
    }

    public void update(int done, int total, String status) {
        double secs = (System.nanoTime() - start) / 1e9;
        double eta = done == 0 ? 0 : secs / done * (total - done);
        if (terminal) {
            int width = 28;
            int filled = (int) Math.round(width * (double) done / total);
            out.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] "
                    + String.format(Locale.ROOT, "%d/%d %s %s<%s ", done, total, status, clock(secs), clock(eta)));
            if (done == total) {
                out.println();
            }
            out.flush();
        } else if (done % logEvery == 0 || done == total) {
            out.printf(Locale.ROOT, "%d/%d %s (%s elapsed, %s left)%n", done, total, status, clock(secs), clock(eta));
        }
    }

    static String clock(double secs) {
        long s = Math.round(secs);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
