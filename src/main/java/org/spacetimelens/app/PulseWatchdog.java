package org.spacetimelens.app;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the FX thread for stalls: an {@link AnimationTimer} notes every pulse, and a gap between two
 * pulses longer than {@link #THRESHOLD_MS} (the user sees a frozen window) is logged to the viewer log
 * with what caused it, and counted ({@link #stalls()}, {@link #maxGapMs()}, {@link #recent()}) for tests
 * and {@code ViewerBench}.
 *
 * <p>"What caused it", three ways, because a gap is only seen at the next pulse, after the work is done:
 * the longest piece of labelled FX work that ran inside the gap (background-job callbacks and viewer
 * actions label themselves with {@link #during}); where the FX thread was (its top project frame),
 * with its state (running, or blocked on a lock and by which thread), sampled by a watchdog thread while
 * the gap was still open; and the FX thread's CPU time, its time blocked on locks and the garbage
 * collectors' pause time during the gap, which tell the viewer's own work ({@link Stall#ownMs}) from a
 * GC pause or a machine too busy to give the FX thread a core.
 *
 * <p>Cost: the timer keeps the FX thread pulsing at 60 Hz even when nothing changes (an empty pulse
 * is a few microseconds); the sampler thread wakes every 50 ms.
 */
public final class PulseWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PulseWatchdog.class);

    /** A pulse gap above this is a stall (the bar for the viewer: no FX pulse gap over 250 ms). */
    public static final long THRESHOLD_MS = 250;
    private static final int RECENT = 64;

    /** The labelled FX work running now (FX thread writes, the sampler reads). */
    private static volatile String activity;
    /** The longest labelled FX work since the last pulse (FX thread only). */
    private static String longestWork;
    private static long longestWorkNanos;

    /**
     * One stall.
     *
     * @param gapMs     wall-clock time between the two pulses
     * @param fxCpuMs   CPU time the FX thread used in it
     * @param blockedMs time the FX thread waited for a lock another thread held
     * @param gcMs      garbage-collector pause time accumulated in it (all collectors)
     * @param cause     the labelled work that ran longest in it, or "unlabelled FX work"
     * @param where     the FX thread's state and top project frame while the gap was open, or ""
     */
    public record Stall(double gapMs, double fxCpuMs, double blockedMs, double gcMs, String cause, String where) {
        /**
         * The part of the gap the viewer itself held the FX thread: its CPU time plus time blocked on a
         * lock beyond the GC pauses. The rest is GC, or time the FX thread was ready but had no core (a busy
         * machine).
         */
        public double ownMs() {
            // a lock whose holder was stopped by a GC pause blocks the FX thread for the pause: that is the GC's
            return fxCpuMs + Math.max(0, blockedMs - gcMs);
        }

        public String line() {
            return String.format(Locale.ROOT, "FX pulse gap %.0f ms (FX thread CPU %.0f ms, blocked on locks %.0f ms, "
                    + "GC pauses %.0f ms, so %.0f ms waiting for a core): %s%s", gapMs, fxCpuMs, blockedMs, gcMs,
                    Math.max(0, gapMs - fxCpuMs - blockedMs - gcMs), cause,
                    where.isEmpty() ? "" : "; FX thread was " + where);
        }
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final AtomicLong stalls = new AtomicLong();
    private final AtomicLong ownStalls = new AtomicLong();
    private final AtomicLong pulses = new AtomicLong();
    private final ArrayDeque<Stall> recent = new ArrayDeque<>();
    private final ScheduledExecutorService sampler;
    private final AnimationTimer timer;
    private volatile long lastPulse;
    private volatile long maxGapNanos;
    /** Gaps that began before this instant (nanoTime) are not counted: see {@link #excluding}. */
    private volatile long ignoreBefore = Long.MIN_VALUE;
    private volatile boolean ignoring;
    private volatile Thread fxThread;
    private volatile String sampledWhere = "";
    private volatile long sampledFor;
    private long lastCpu;
    private long lastGc;
    private long lastBlocked;

    private PulseWatchdog() {
        try {
            if (threads.isThreadContentionMonitoringSupported()) {
                threads.setThreadContentionMonitoringEnabled(true); // blocked times, see fxBlocked
            }
        } catch (UnsupportedOperationException | SecurityException e) {
            // blocked time stays unmeasured (reported as 0)
        }
        sampler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "stl-pulse-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulse();
            }
        };
    }

    /** Starts watching (any thread); stop with {@link #close}. */
    public static PulseWatchdog start() {
        PulseWatchdog w = new PulseWatchdog();
        Runnable begin = () -> {
            w.fxThread = Thread.currentThread();
            w.lastPulse = System.nanoTime();
            w.lastCpu = w.fxCpu();
            w.lastGc = w.gcMillis();
            w.lastBlocked = w.fxBlocked();
            resetLongest();
            w.timer.start();
        };
        if (Platform.isFxApplicationThread()) {
            begin.run();
        } else {
            Platform.runLater(begin);
        }
        w.sampler.scheduleWithFixedDelay(w::sample, 50, 50, TimeUnit.MILLISECONDS);
        return w;
    }

    /**
     * Runs FX-thread work under a label, so that a stall it causes names it ("forward pass: done —
     * Forward pass on frames 0–7", "action open-video"). Cheap enough for every callback.
     */
    public static void during(String label, Runnable work) {
        String outer = activity;
        activity = label;
        long t0 = System.nanoTime();
        try {
            work.run();
        } finally {
            long took = System.nanoTime() - t0;
            activity = outer;
            if (outer == null && took > longestWorkNanos) {
                longestWorkNanos = took;
                longestWork = label;
            }
        }
    }

    private static void resetLongest() {
        longestWork = null;
        longestWorkNanos = 0;
    }

    private void pulse() {
        long now = System.nanoTime();
        long gap = now - lastPulse;
        lastPulse = now;
        pulses.incrementAndGet();
        long cpu = fxCpu();
        long gc = gcMillis();
        long blocked = fxBlocked();
        boolean counted = !ignoring && now - gap >= ignoreBefore;
        if (counted && gap > maxGapNanos) {
            maxGapNanos = gap;
        }
        if (counted && gap > TimeUnit.MILLISECONDS.toNanos(THRESHOLD_MS)) {
            String cause = longestWork == null ? "unlabelled FX work (layout, rendering or a listener)"
                    : String.format(Locale.ROOT, "%s (%.0f ms)", longestWork, longestWorkNanos / 1e6);
            String where = sampledFor == now - gap ? sampledWhere : "";
            Stall s = new Stall(gap / 1e6, cpu < 0 ? Double.NaN : (cpu - lastCpu) / 1e6,
                    blocked < 0 ? 0 : blocked - lastBlocked, gc - lastGc, cause, where);
            stalls.incrementAndGet();
            if (s.ownMs() > THRESHOLD_MS) {
                ownStalls.incrementAndGet();
            }
            synchronized (recent) {
                if (recent.size() == RECENT) {
                    recent.removeFirst();
                }
                recent.addLast(s);
            }
            LOG.warn(s.line());
        }
        lastCpu = cpu;
        lastGc = gc;
        lastBlocked = blocked;
        resetLongest();
    }

    /** Watchdog thread: while a gap is open past the threshold, notes once where the FX thread is. */
    private void sample() {
        Thread fx = fxThread;
        long last = lastPulse;
        if (fx == null || sampledFor == last
                || System.nanoTime() - last < TimeUnit.MILLISECONDS.toNanos(THRESHOLD_MS)) {
            return;
        }
        java.lang.management.ThreadInfo info = threads.getThreadInfo(fx.getId(), 64);
        if (info == null) {
            return;
        }
        StackTraceElement[] stack = info.getStackTrace();
        String label = activity;
        String top = "";
        for (StackTraceElement e : stack) {
            if (e.getClassName().startsWith("org.spacetimelens.") && !e.getClassName().equals(PulseWatchdog.class.getName())) {
                top = e.toString();
                break;
            }
        }
        if (top.isEmpty() && stack.length > 0) {
            top = stack[0].toString();
        }
        String state = info.getThreadState() == Thread.State.BLOCKED
                ? "blocked on " + info.getLockName() + " held by " + info.getLockOwnerName()
                : info.getThreadState().toString().toLowerCase(Locale.ROOT);
        sampledWhere = state + (label != null ? " in [" + label + "]" : "") + " at " + top;
        sampledFor = last;
    }

    private long fxCpu() {
        try {
            return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    /** Milliseconds the FX thread (the caller) has spent blocked on monitors, or -1 when not measured. */
    private long fxBlocked() {
        try {
            // depth 0: no stack walk, so no safepoint; cheap enough for every pulse
            java.lang.management.ThreadInfo info = threads.getThreadInfo(Thread.currentThread().getId(), 0);
            return info == null ? -1 : info.getBlockedTime();
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    private long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean b : collectors) {
            sum += Math.max(0, b.getCollectionTime());
        }
        return sum;
    }

    /**
     * Stalls in which the viewer itself held the FX thread longer than {@link #THRESHOLD_MS}
     * ({@link Stall#ownMs}: its CPU time plus time blocked on locks), as opposed to gaps a busy machine or
     * a GC pause made.
     */
    public long ownStalls() {
        return ownStalls.get();
    }

    /** Gaps over {@link #THRESHOLD_MS} seen so far. */
    public long stalls() {
        return stalls.get();
    }

    /** Pulses seen so far. */
    public long pulses() {
        return pulses.get();
    }

    /** The longest gap between two pulses so far, in milliseconds. */
    public double maxGapMs() {
        return maxGapNanos / 1e6;
    }

    /** The latest stalls (at most 64), oldest first. */
    public List<Stall> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    /**
     * Runs {@code work} (any thread but the FX thread) without counting the pulse gaps it spans: a measurement's
     * own full GC, say, which is not something the viewer does to its user.
     */
    public <T> T excluding(java.util.concurrent.Callable<T> work) throws Exception {
        ignoring = true;
        try {
            return work.call();
        } finally {
            ignoreBefore = System.nanoTime();
            ignoring = false;
        }
    }

    /** Forgets the counts (e.g. after a warm-up); call on the FX thread. */
    public void reset() {
        stalls.set(0);
        ownStalls.set(0);
        pulses.set(0);
        maxGapNanos = 0;
        synchronized (recent) {
            recent.clear();
        }
    }

    /** One line for reports: pulses, stalls, longest gap. */
    public String summary() {
        return String.format(Locale.ROOT, "%d pulses, %d gaps over %d ms (%d of them the viewer's own work), "
                + "longest gap %.0f ms", pulses(), stalls(), THRESHOLD_MS, ownStalls(), maxGapMs());
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        if (Platform.isFxApplicationThread()) {
            timer.stop();
        } else {
            Platform.runLater(timer::stop);
        }
    }
}
