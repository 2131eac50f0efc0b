package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import javafx.application.Platform;
import org.spacetimelens.bench.MemoryReport;
import org.spacetimelens.model.Engines;
import org.spacetimelens.render.Blend;
import org.spacetimelens.render.Colormap;
import org.spacetimelens.rollout.HeadFusion;
import org.spacetimelens.rollout.MapNormalization;
import org.spacetimelens.rollout.QueryToken;

/**
 * A long viewer session, driven as a user would through the real controller on the real core (issue 16,
 * "no leak, no stall"): scrubbing, option changes, clip switches (opening the next video) and model
 * reloads, interleaved in rounds so that every kind of work happens both before and after the warm-up
 * reading. Each step waits until its result is drawn (closed loop). Memory is read settled (full GC and
 * {@code malloc_trim} first) after the warm-up rounds and at the end; the FX pulse gaps come from a
 * {@link PulseWatchdog}. Used by the soak test (tiny checkpoint) and by {@code ViewerBench -Dbench.only=soak}
 * (base-size checkpoint). Call from a thread other than the FX thread.
 */
final class SoakSession {

    /** How much of each activity a session does. */
    record Counts(int scrubs, int options, int clipSwitches, int modelReloads) {
        /** The issue's session: 2,000 scrub steps, 500 option changes, 30 clip switches, 5 model reloads. */
        static final Counts ISSUE = new Counts(2000, 500, 30, 5);
    }

    /**
     * What a session measured.
     *
     * @param warm     memory, settled, after the warm-up rounds
     * @param end      memory, settled, at the end
     * @param peakMb   the peak resident set ({@code VmHWM}) during the session (reset at its start where
     *                 Linux allows), MiB
     * @param done     activities actually done
     * @param seconds  wall time of the whole session
     */
    record Result(MemoryReport warm, MemoryReport end, double peakMb, Counts done, double seconds,
            long pulses, long stalls, long ownStalls, double maxGapMs, List<PulseWatchdog.Stall> stallList) {

        /** Growth of the settled resident set from the warm-up reading to the end, MiB. */
        double residentGrowthMb() {
            return end.values().get("resident") - warm.values().get("resident");
        }

        List<String> lines() {
            List<String> l = new ArrayList<>();
            l.add(String.format(Locale.ROOT, "soak: %d scrub steps, %d option changes, %d clip switches, %d model "
                    + "reloads in %.0f s", done.scrubs(), done.options(), done.clipSwitches(), done.modelReloads(),
                    seconds));
            l.add("soak: after warm-up: " + describe(warm));
            l.add("soak: at the end:    " + describe(end));
            l.add(String.format(Locale.ROOT, "soak: resident growth after warm-up %+.1f MB (heap committed %+.1f, "
                    + "native = resident - heap committed %+.1f); peak resident %.0f MB", residentGrowthMb(),
                    heapCommitted(end) - heapCommitted(warm), nativeMb(end) - nativeMb(warm), peakMb));
            l.add(String.format(Locale.ROOT, "soak: FX pulses %d, gaps over %d ms: %d (the viewer's own work: %d), "
                    + "longest gap %.0f ms", pulses, PulseWatchdog.THRESHOLD_MS, stalls, ownStalls, maxGapMs));
            for (PulseWatchdog.Stall s : stallList) {
                l.add("soak:   " + s.line());
            }
            return l;
        }

        private static String describe(MemoryReport m) {
            return String.format(Locale.ROOT, "%s · native (resident - heap committed) %.0f MB", m.line(), nativeMb(m));
        }

        static double heapCommitted(MemoryReport m) {
            return m.values().get("heap committed");
        }

        static double nativeMb(MemoryReport m) {
            return m.values().get("resident") - heapCommitted(m);
        }
    }

    private final ViewState state;
    private final ViewerController controller;
    private final List<Path> models;
    private final List<Path> videos;
    private final PulseWatchdog watchdog;
    private final Consumer<String> log;
    private int scrubs;
    private int options;
    private int switches;
    private int reloads;
    private int scrubDirection = 1;
    private boolean peakResettable;
    /** Step kind → {peak resident MiB, heap committed and used right after that step}. */
    private final Map<String, double[]> peaks = new LinkedHashMap<>();

    /**
     * @param models checkpoints reloaded in turn (the first is open when the session starts)
     * @param videos videos opened in turn by the clip switches (the first is open when it starts)
     */
    SoakSession(ViewerController controller, List<Path> models, List<Path> videos, PulseWatchdog watchdog,
            Consumer<String> log) {
        this.state = controller.state();
        this.controller = controller;
        this.models = List.copyOf(models);
        this.videos = List.copyOf(videos);
        this.watchdog = watchdog;
        this.log = log;
    }

    /** Runs {@code counts} in rounds (one per clip switch); the first {@code warmupRounds} are the warm-up. */
    Result run(Counts counts, int warmupRounds) throws Exception {
        long t0 = System.nanoTime();
        peakResettable = MemoryReport.resetPeak();
        if (peakResettable) {
            log.accept("soak: peak resident set reset to the current one, so that the peak reported is the session's");
        }
        int rounds = Math.max(1, counts.clipSwitches());
        MemoryReport warm = null;
        for (int r = 0; r < rounds; r++) {
            int scrubTarget = share(counts.scrubs(), rounds, r);
            int optionTarget = share(counts.options(), rounds, r);
            for (int i = 0; i < scrubTarget; i++) {
                step("scrub", this::scrub);
            }
            for (int i = 0; i < optionTarget; i++) {
                step("option change", this::option);
            }
            // the reloads spread evenly, the first in the warm-up
            if (reloads < counts.modelReloads() && r >= (long) reloads * rounds / counts.modelReloads()) {
                step("model reload", this::reloadModel);
            }
            if (switches < counts.clipSwitches()) {
                step("clip switch", this::switchClip);
            }
            if (r + 1 == warmupRounds) {
                warm = watchdog.excluding(SoakSession::settledMemory);
                log.accept("soak: warm-up done (" + (r + 1) + " rounds): " + warm.line() + "; " + fx(this::cache));
            } else if ((r + 1) % 5 == 0) {
                log.accept(String.format(Locale.ROOT, "soak: round %d/%d, %s; %s", r + 1, rounds,
                        MemoryReport.now().line(), watchdog.summary()));
            }
        }
        MemoryReport end = watchdog.excluding(SoakSession::settledMemory);
        log.accept("soak: at the end: " + fx(this::cache));
        if (warm == null) {
            warm = end;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double peak = end.values().getOrDefault("resident peak", Double.NaN);
        for (double[] p : peaks.values()) {
            peak = Math.max(peak, p[0]);
        }
        log.accept("soak: " + peaksLine());
        return new Result(warm, end, peak,
                new Counts(scrubs, options, switches, reloads), seconds, watchdog.pulses(), watchdog.stalls(),
                watchdog.ownStalls(), watchdog.maxGapMs(), watchdog.recent());
    }

    /** A step that may throw. */
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Runs one step and, where the peak can be reset, charges the peak resident set reached during it to
     * its kind (then resets it): the session's peak is then known by what caused it.
     */
    private void step(String kind, Step step) throws Exception {
        step.run();
        if (peakResettable) {
            MemoryReport m = MemoryReport.now();
            double peak = m.values().getOrDefault("resident peak", Double.NaN);
            double[] worst = peaks.computeIfAbsent(kind, k -> new double[] {0, 0, 0});
            if (peak > worst[0]) {
                worst[0] = peak;
                worst[1] = m.values().get("heap committed");
                worst[2] = m.values().get("heap used");
            }
            MemoryReport.resetPeak();
        }
    }

    /** "peak resident by step: scrub 1234 MB (heap committed … / used … right after), …". */
    private String peaksLine() {
        if (peaks.isEmpty()) {
            return "peak resident by step: not available (the peak cannot be reset here)";
        }
        StringBuilder sb = new StringBuilder("peak resident by step (heap committed / used right after):");
        peaks.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s %.0f MB (%.0f / %.0f);", k, v[0], v[1], v[2])));
        return sb.substring(0, sb.length() - 1);
    }

    private static int share(int total, int rounds, int r) {
        return (int) ((long) total * (r + 1) / rounds - (long) total * r / rounds);
    }

    /** One timeline step, as a drag does: the next frame, back and forth across the video, with the drag flag on. */
    private void scrub() throws Exception {
        int target = fx(() -> {
            int n = state.videoProperty().get().frameCount();
            int p = state.playheadProperty().get() + scrubDirection;
            if (p < 0 || p >= n) {
                scrubDirection = -scrubDirection;
                p = Math.max(0, Math.min(n - 1, state.playheadProperty().get() + scrubDirection));
            }
            state.scrubbingProperty().set(true);
            state.playheadProperty().set(p);
            return p;
        });
        waitFor(() -> state.frameImageIndexProperty().get() == target && !controller.isBusy(), 60);
        scrubs++;
        if (scrubs % 50 == 0) {
            fx(() -> {
                state.scrubbingProperty().set(false); // the drag ends: the window may move (a forward pass)
                return null;
            });
            settle();
        }
    }

    /** One option change, cycling through the map and render options a user reaches for. */
    private void option() throws Exception {
        int i = options;
        fx(() -> {
            ModelSummary m = state.modelProperty().get();
            List<IntConsumer> changes = List.of(
                    k -> state.layerProperty().set(k % m.layers()),
                    k -> state.soloHead(k % m.heads(), m.heads()),
                    k -> state.fusionProperty().set(HeadFusion.values()[k % HeadFusion.values().length]),
                    k -> state.methodProperty().set(MapPane.METHODS.get(k % MapPane.METHODS.size())),
                    k -> state.discardRatioProperty().set((k % 10) / 20.0),
                    k -> state.startLayerProperty().set(k % Math.max(1, state.layerProperty().get() + 1)),
                    k -> state.colormapProperty().set(Colormap.values()[k % Colormap.values().length]),
                    k -> state.opacityProperty().set(0.3 + (k % 7) / 10.0),
                    k -> state.normalisationProperty().set(
                            MapNormalization.values()[k % MapNormalization.values().length]),
                    k -> state.queryProperty().set(k % 3 == 0 ? QueryToken.CLS
                            : QueryToken.patch(k % m.gridSize(), (k / 2) % m.gridSize(), k % m.slots())),
                    k -> state.blendProperty().set(Blend.values()[k % Blend.values().length]));
            changes.get(i % changes.size()).accept(i / changes.size() + 1);
            return null;
        });
        settle();
        options++;
    }

    private void switchClip() throws Exception {
        Path next = videos.get((switches + 1) % videos.size());
        fx(() -> {
            state.scrubbingProperty().set(false);
            controller.openVideo(next);
            return null;
        });
        waitFor(() -> shows(next, state.modelPathProperty().get()), 300);
        switches++;
    }

    private void reloadModel() throws Exception {
        Path next = models.get((reloads + 1) % models.size());
        fx(() -> {
            state.scrubbingProperty().set(false);
            controller.openModel(next);
            return null;
        });
        waitFor(() -> shows(state.videoPathProperty().get(), next), 300);
        reloads++;
    }

    /** Whether the view shows this video analysed by this model, its maps and the playhead's frame, and rests. */
    private boolean shows(Path video, Path model) {
        ClipAnalysis a = state.analysisProperty().get();
        return a != null && a.key().video().equals(video.toAbsolutePath().normalize())
                && a.key().model().equals(model.toAbsolutePath().normalize()) && state.mapsProperty().get() != null
                && state.frameImageIndexProperty().get() == state.playheadProperty().get() && !controller.isBusy();
    }

    private void settle() throws Exception {
        waitFor(() -> !controller.isBusy(), 120);
    }

    /**
     * Memory once the garbage is collected and libtorch's freed blocks are given back (as the idle trim does);
     * the pulse gaps of these full collections are not counted ({@link PulseWatchdog#excluding}).
     */
    static MemoryReport settledMemory() throws InterruptedException {
        // Two full collections, checked: a System.gc() that meets a JNI critical section (GCLocker) ends as a
        // young collection, which left a warm-up reading with 1.9 GB of heap committed in one soak run.
        long fullBefore = fullCollections();
        for (int i = 0; i < 10 && fullCollections() < fullBefore + 2; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Engines.releaseFreedMemory();
        Thread.sleep(200);
        return MemoryReport.now();
    }

    /** Full collections so far (G1's "G1 Old Generation" bean; other collectors' old-generation beans alike). */
    private static long fullCollections() {
        long n = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory
                .getGarbageCollectorMXBeans()) {
            if (gc.getName().contains("Old") || gc.getName().contains("MarkSweep")) {
                n += Math.max(0, gc.getCollectionCount());
            }
        }
        return n;
    }

    /** The clip cache's fill: it grows up to its budget, which is not a leak. */
    private String cache() {
        return "clip cache " + state.cacheEntriesProperty().get() + " clips, "
                + Format.bytes(state.cacheBytesProperty().get()) + " of " + Format.bytes(state.cacheBudgetProperty().get());
    }

    private String describe() {
        ClipAnalysis a = state.analysisProperty().get();
        return "video " + state.videoPathProperty().get() + ", model " + state.modelPathProperty().get()
                + ", playhead " + state.playheadProperty().get() + ", frame shown " + state.frameImageIndexProperty().get()
                + ", clip frame " + state.shownClipFrameProperty().get() + ", analysis "
                + (a == null ? "none" : a.firstFrame() + "-" + a.lastFrame()) + ", maps " + (state.mapsProperty().get() != null)
                + ", busy " + controller.isBusy() + " ("
                + controller.services().stream().filter(javafx.concurrent.Worker::isRunning)
                        .map(BackgroundService::name).toList()
                + "), status '" + state.statusTextProperty().get() + "', last error '" + state.lastErrorProperty().get() + "'";
    }

    /** Waits (polling on the FX thread) until {@code condition} holds. */
    static void waitUntil(Callable<Boolean> condition, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!fx(condition)) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + seconds + " s waiting for the viewer");
            }
            Thread.sleep(5);
        }
    }

    static <T> T fx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    private void waitFor(Callable<Boolean> condition, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!fx(condition)) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("soak: timed out after " + seconds + " s waiting for the viewer ("
                        + scrubs + " scrubs, " + options + " options, " + switches + " switches, " + reloads
                        + " reloads done): " + fx(this::describe));
            }
            Thread.sleep(2);
        }
    }
}
