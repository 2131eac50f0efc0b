package org.spacetimelens.app;

import ai.djl.ndarray.NDManager;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.spacetimelens.bench.MemoryReport;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.TimeSformerNet;
import org.spacetimelens.rollout.HeadFusion;
import org.spacetimelens.rollout.RolloutMethod;

/**
 * End-to-end viewer benchmark on the real window and the real core (issue 5's bars), not a JMH
 * benchmark: the quantity is "time until the new overlay is on screen", which needs the FX toolkit.
 * <ul>
 *   <li>option change → first rendered pulse showing the new overlay (base size: 12 layers, 12 heads,
 *       8 frames, 224 px, attention cached);</li>
 *   <li>scrubbing inside the cached clip: frames shown per second, closed loop (next frame asked for
 *       when the previous one is on screen);</li>
 *   <li>resident memory (heap + native) with the base model and 4 cached clips.</li>
 * </ul>
 * Needs a display: {@code mvn -Pjmh -DskipTests package && xvfb-run -a java -Xmx2g -cp target/benchmarks.jar
 * org.spacetimelens.app.ViewerBench} ({@code -Dbench.only=latency|scrub|memory} for one part, {@code -Dbench.only=soak}
 * for issue 16's long session ({@link #soak}; not part of the default run), {@code -Dbench.float32=true}
 * for a float32 attention cache, {@code -Dbench.cacheMb=N} for the cache budget,
 * {@code -Dbench.clips=N} for the number of clips analysed in the memory part (default 5),
 * {@code -XX:NativeMemoryTracking=summary -Dbench.nmt=true} to add the JVM's native memory summary,
 * {@code -Dbench.compare=true} to measure the option changes again in compare mode with two panes, after
 * the single-pane figure of the same run). A random-weight base-size checkpoint and a 640×360 frame-folder
 * video are generated once under {@code java.io.tmpdir/stl-bench}.
 */
public final class ViewerBench {
    private ViewerBench() {
    }

    public static void main(String[] args) throws Exception {
        Engines.ensureOffline();
        HeapPolicy.apply(); // as SpacetimeLensApp.start does
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "stl-bench");
        Path model = dir.resolve("base-random");
        Path video = dir.resolve("video-640x360");
        prepare(model, video);

        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        ViewState state = new ViewState();
        AppPreferences prefs = new AppPreferences("org/spacetimelens/bench/" + UUID.randomUUID());
        if (Boolean.getBoolean("bench.float32")) {
            state.halfAttentionProperty().set(false); // float32 attention cache (the default is float16)
        }
        if (Long.getLong("bench.cacheMb") != null) {
            state.cacheBudgetProperty().set(Long.getLong("bench.cacheMb") << 20);
        }
        CoreBackend backend = new CoreBackend();
        ViewerController controller = new ViewerController(state, backend);
        Scene[] scene = new Scene[1];
        fx(() -> {
            Themes.apply(ThemeChoice.LIGHT);
            Stage stage = new Stage();
            MainWindow w = new MainWindow(controller, prefs);
            scene[0] = w.install(stage);
            stage.setWidth(1480);
            stage.setHeight(920);
            stage.show();
            controller.openModel(model);
            controller.openVideo(video);
        });
        long t0 = System.nanoTime();
        waitFor(() -> state.mapsProperty().get() != null && state.shownClipFrameProperty().get() >= 0, 600);
        System.out.printf(Locale.ROOT, "first clip on screen after %.1f s (load + decode + forward pass)%n",
                (System.nanoTime() - t0) / 1e9);
        settle(controller);
        if (Boolean.getBoolean("bench.actualSize")) {
            fx(() -> {
                state.fitToWindowProperty().set(false);
                state.zoomProperty().set(1);
            });
        }

        String only = System.getProperty("bench.only", "");
        if (only.equals("soak")) {
            soak(controller, model, video, dir);
        }
        if (only.isEmpty() || only.equals("latency")) {
            optionLatency(state, controller, scene[0]);
            if (Boolean.getBoolean("bench.compare")) {
                compareLatency(state, controller, scene[0]); // the same changes with two compare panes
            }
        }
        if (only.isEmpty() || only.equals("scrub")) {
            scrubbing(state, controller, scene[0]);
        }
        if (only.isEmpty() || only.equals("memory")) {
            System.out.println("memory with one clip: " + MemoryReport.now().line());
            memory(state, controller);
        }

        fx(controller::close);
        backend.close();
        prefs.clear();
        Platform.exit();
        System.exit(0);
    }

    /** Each change, timed from the property write to the first pulse after the new frame image. */
    private static void optionLatency(ViewState s, ViewerController c, Scene scene) throws Exception {
        List<Consumer<Integer>> changes = List.of(
                i -> s.layerProperty().set(i % 12),
                i -> s.soloHead(i % 12, 12),
                i -> s.fusionProperty().set(HeadFusion.values()[i % 3]),
                i -> s.methodProperty().set(RolloutMethod.values()[i % 2]),
                i -> s.discardRatioProperty().set((i % 10) / 20.0),
                i -> s.startLayerProperty().set(i % 6));
        String[] names = {"layer", "solo head", "fusion", "method", "discard ratio", "start layer"};
        List<Double> ms = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<List<Double>> byKind = new ArrayList<>();
        for (int k = 0; k < changes.size(); k++) {
            byKind.add(new ArrayList<>());
        }
        for (int i = 0; i < 120; i++) {
            Consumer<Integer> change = changes.get(i % changes.size());
            int arg = i / changes.size() + 1;
            double t = untilShown(s, c, scene, () -> change.accept(arg));
            if (i % 6 == 0 || i % 6 == 1) {
                System.out.printf(Locale.ROOT, "  %-13s %6.1f ms  (%s)%n", names[i % 6], t,
                        fxGet(() -> s.timingTextProperty().get()));
            }
            if (i >= 12) {
                ms.add(t);
                cpu.add(Double.isNaN(t) ? Double.NaN : lastCpuMs);
                byKind.get(i % changes.size()).add(t);
            }
        }
        report("option change -> overlay on screen (base size, cached attention)", ms);
        report("  CPU time per option change, all threads (load-independent)", cpu);
        for (int k = 0; k < names.length; k++) {
            report("  " + names[k], byKind.get(k));
        }
    }

    /**
     * Compare mode with two panes (B: layer 0 only, viridis, per-frame), the side panel editing A: each of
     * the single view's option changes, timed from the property write to the first pulse after both panes
     * were drawn again.
     */
    private static void compareLatency(ViewState s, ViewerController c, Scene scene) throws Exception {
        CompareMode mode = fxGet(s::compare);
        fx(() -> {
            mode.paneCountProperty().set(2);
            mode.activeProperty().set(true);
            mode.selectedProperty().set(1);
            s.singleLayerProperty().set(true);
            s.layerProperty().set(0);
            s.colormapProperty().set(org.spacetimelens.render.Colormap.VIRIDIS);
            s.normalisationProperty().set(org.spacetimelens.rollout.MapNormalization.PER_FRAME);
            mode.selectedProperty().set(0); // the changes below edit pane A
        });
        waitFor(() -> mode.drawnProperty().get() > 0 && !c.isBusy(), 120);
        Thread.sleep(500);
        settle(c);
        List<Consumer<Integer>> changes = List.of(
                i -> s.layerProperty().set(i % 12),
                i -> s.soloHead(i % 12, 12),
                i -> s.fusionProperty().set(HeadFusion.values()[i % 3]),
                i -> s.methodProperty().set(RolloutMethod.values()[i % 2]),
                i -> s.discardRatioProperty().set((i % 10) / 20.0),
                i -> s.startLayerProperty().set(i % 6));
        List<Double> ms = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Consumer<Integer> change = changes.get(i % changes.size());
            int arg = i / changes.size() + 1;
            double t = untilDrawn(s, c, scene, () -> change.accept(arg));
            if (i >= 12) {
                ms.add(t);
                cpu.add(Double.isNaN(t) ? Double.NaN : lastCpuMs);
            }
        }
        report("option change -> pixels in compare mode, two panes (base size, cached attention)", ms);
        report("  CPU time per option change in compare mode, all threads (load-independent)", cpu);
        fx(() -> mode.activeProperty().set(false));
        settle(c);
    }

    /** {@link #untilShown} for compare mode: until a pulse after the compare panes were drawn again. */
    private static double untilDrawn(ViewState s, ViewerController c, Scene scene, Runnable change) throws Exception {
        long cpu0 = cpuNanos();
        CompletableFuture<Long> done = new CompletableFuture<>();
        long[] t0 = new long[1];
        boolean[] changed = {true};
        CompareMode mode = fxGet(s::compare);
        fx(() -> {
            long before = mode.drawnProperty().get();
            Object[] key = {s.rolloutParams().get(), s.renderOptions().get(), s.playheadProperty().get()};
            Runnable[] listener = new Runnable[1];
            listener[0] = () -> {
                if (mode.drawnProperty().get() != before && !c.isBusy()) {
                    scene.removePostLayoutPulseListener(listener[0]);
                    done.complete(System.nanoTime());
                }
            };
            scene.addPostLayoutPulseListener(listener[0]);
            t0[0] = System.nanoTime();
            change.run();
            Object[] after = {s.rolloutParams().get(), s.renderOptions().get(), s.playheadProperty().get()};
            if (Arrays.equals(key, after)) {
                changed[0] = false;
                scene.removePostLayoutPulseListener(listener[0]);
                return;
            }
            Platform.requestNextPulse();
        });
        if (!changed[0]) {
            return Double.NaN;
        }
        long t1 = done.get(60, TimeUnit.SECONDS);
        lastCpuMs = (cpuNanos() - cpu0) / 1e6;
        return (t1 - t0[0]) / 1e6;
    }

    private static void scrubbing(ViewState s, ViewerController c, Scene scene) throws Exception {
        int[] span = fxGet(() -> new int[] {s.analysisProperty().get().firstFrame(),
                s.analysisProperty().get().lastFrame()});
        // Warm the decoded-frame cache once, as scrubbing back and forth does.
        for (int f = span[0]; f <= span[1]; f++) {
            int frame = f;
            untilShown(s, c, scene, () -> s.playheadProperty().set(frame));
        }
        List<Double> ms = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        long t0 = System.nanoTime();
        int shown = 0;
        for (int round = 0; round < 2; round++) {
            for (int f = span[0]; f <= span[1]; f++) {
                int frame = f;
                ms.add(untilShown(s, c, scene, () -> s.playheadProperty().set(frame)));
                cpu.add(lastCpuMs);
                shown++;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        report("scrub step inside the cached clip -> frame on screen", ms);
        report("  CPU time per scrub step, all threads (load-independent)", cpu);
        System.out.printf(Locale.ROOT, "scrubbing throughput: %.1f frames/s (%d frames, closed loop)%n",
                shown / seconds, shown);
    }

    private static void memory(ViewState s, ViewerController c) throws Exception {
        fx(() -> {
            s.windowRateProperty().set(4);
            s.samplingModeProperty().set(SamplingMode.WINDOW);
        });
        int frames = fxGet(() -> s.videoProperty().get().frameCount());
        // the clip already shown, then moves of the sampling window: -Dbench.clips clips in all (default 5)
        int moves = Integer.getInteger("bench.clips", 5) - 1;
        for (int k = 0; k < moves; k++) {
            int at = 20 + k * (frames - 40) / Math.max(1, moves - 1);
            fx(() -> s.playheadProperty().set(at));
            waitFor(() -> s.analysisProperty().get() != null && s.analysisProperty().get().firstFrame() <= at
                    && s.analysisProperty().get().lastFrame() >= at && !c.isBusy(), 600);
        }
        String what = String.format(Locale.ROOT, "memory with the base model and %d cached clips (%s attention+frames, %s)",
                fxGet(() -> s.cacheEntriesProperty().get()), MainWindow.bytes(fxGet(() -> s.cacheBytesProperty().get())),
                fxGet(() -> s.halfAttentionProperty().get()) ? "float16" : "float32");
        System.out.printf(Locale.ROOT, "%s, just analysed: %s%n", what, MemoryReport.now().line());
        Thread.sleep(12_000); // the app's idle heap trimming (HeapPolicy) runs after 5 s without a GC
        System.out.printf(Locale.ROOT, "%s, after 12 s idle: %s%n", what, MemoryReport.now().line());
        System.gc();
        Thread.sleep(500);
        System.out.printf(Locale.ROOT, "%s, after a full GC: %s%n", what, MemoryReport.now().line());
        if (Boolean.getBoolean("bench.nmt")) {
            System.out.println(MemoryReport.nativeMemorySummary());
        }
        if (Boolean.getBoolean("bench.histogram")) {
            Object h = java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            String[] lines = String.valueOf(h).split("\n");
            for (int i = 0; i < Math.min(25, lines.length); i++) {
                System.out.println(lines[i]);
            }
        }
    }

    /**
     * Issue 16's long session (the soak test's, {@link SoakSession}) on the base-size model: 2,000 scrub steps,
     * 500 option changes, 30 clip switches over three videos, 5 reloads of two base checkpoints
     * ({@code -Dbench.soak.scale=0.1} for a tenth). Prints the settled resident set after the warm-up (3 of 30
     * rounds) and at the end, heap and native apart, the peak, and the FX pulse gaps.
     */
    private static void soak(ViewerController c, Path model, Path video, Path dir) throws Exception {
        Path model2 = dir.resolve("base-random-2");
        Path video2 = dir.resolve("video-640x360-b");
        Path video3 = dir.resolve("video-480x270-c");
        prepareModel(model2, 2);
        prepareVideo(video2, 160, 640, 360, 0.5f);
        prepareVideo(video3, 120, 480, 270, 0.25f);
        PulseWatchdog watchdog = PulseWatchdog.start();
        double scale = Double.parseDouble(System.getProperty("bench.soak.scale", "1"));
        SoakSession.Counts i = SoakSession.Counts.ISSUE;
        SoakSession.Counts counts = new SoakSession.Counts((int) Math.round(i.scrubs() * scale),
                (int) Math.round(i.options() * scale), Math.max(2, (int) Math.round(i.clipSwitches() * scale)),
                Math.max(1, (int) Math.round(i.modelReloads() * scale)));
        System.out.println("soak: start: " + MemoryReport.now().line());
        SoakSession.Result r = new SoakSession(c, List.of(model, model2), List.of(video, video2, video3), watchdog,
                System.out::println).run(counts, Math.max(1, counts.clipSwitches() / 10));
        r.lines().forEach(System.out::println);
        watchdog.close();
    }

    /** CPU milliseconds the last {@link #untilShown} cost, summed over all threads of this JVM. */
    private static double lastCpuMs;

    private static long cpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
    }

    /** Runs {@code change} on the FX thread; milliseconds until a pulse has laid out the new frame image. */
    private static double untilShown(ViewState s, ViewerController c, Scene scene, Runnable change) throws Exception {
        long cpu0 = cpuNanos();
        CompletableFuture<Long> done = new CompletableFuture<>();
        long[] t0 = new long[1];
        boolean[] changed = {true};
        fx(() -> {
            javafx.scene.image.Image before = s.frameImageProperty().get();
            Object[] key = {s.rolloutParams().get(), s.renderOptions().get(), s.playheadProperty().get()};
            Runnable[] listener = new Runnable[1];
            listener[0] = () -> {
                if (s.frameImageProperty().get() != before && !c.isBusy()) {
                    scene.removePostLayoutPulseListener(listener[0]);
                    done.complete(System.nanoTime());
                }
            };
            scene.addPostLayoutPulseListener(listener[0]);
            t0[0] = System.nanoTime();
            change.run();
            Object[] after = {s.rolloutParams().get(), s.renderOptions().get(), s.playheadProperty().get()};
            if (Arrays.equals(key, after)) {
                changed[0] = false; // nothing to redraw (e.g. the same value again): not a sample
                scene.removePostLayoutPulseListener(listener[0]);
                return;
            }
            Platform.requestNextPulse();
        });
        if (!changed[0]) {
            return Double.NaN;
        }
        long t1 = done.get(60, TimeUnit.SECONDS);
        lastCpuMs = (cpuNanos() - cpu0) / 1e6;
        return (t1 - t0[0]) / 1e6;
    }

    private static void report(String what, List<Double> ms) {
        double[] v = ms.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s: median %.1f ms, p90 %.1f ms, max %.1f ms (n=%d)%n", what,
                v[v.length / 2], v[(int) (v.length * 0.9)], v[v.length - 1], v.length);
    }

    private static void prepare(Path model, Path video) throws Exception {
        prepareModel(model, 1);
        prepareVideo(video, 240, 640, 360, 0f);
    }

    private static void prepareModel(Path model, long seed) throws Exception {
        if (!Files.exists(model.resolve("config.json"))) {
            TimeSformerConfig base = new TimeSformerConfig(224, 16, 3, 8, 768, 12, 12, 3072, "gelu", 1e-6, true,
                    AttentionType.DIVIDED_SPACE_TIME, 400, labels(400));
            try (NDManager m = NDManager.newBaseManager();
                    TimeSformerNet net = TimeSformerNet.random(base, m.newSubManager(), seed)) {
                net.save(model, PreprocessConfig.defaults(224));
            }
        }
    }

    private static void prepareVideo(Path video, int frames, int w, int h, float hue) throws Exception {
        if (!Files.exists(video)) {
            Files.createDirectories(video);
            for (int i = 0; i < frames; i++) {
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setColor(Color.getHSBColor(hue + i / 240f, 0.4f, 0.6f));
                g.fillRect(0, 0, w, h);
                g.setColor(Color.WHITE);
                g.fillOval(40 + i * 2 * w / 640, h * 140 / 360, w / 8, w / 8);
                g.dispose();
                ImageIO.write(img, "png", video.resolve(String.format("frame_%04d.png", i)).toFile());
            }
        }
    }

    private static List<String> labels(int n) {
        String[] l = new String[n];
        Arrays.setAll(l, i -> "class_" + i);
        return List.of(l);
    }

    private static void fx(Runnable r) throws Exception {
        fxGet(() -> {
            r.run();
            return null;
        });
    }

    private static <T> T fxGet(java.util.concurrent.Callable<T> c) throws Exception {
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

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!fxGet(condition)) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(20);
        }
    }

    private static void settle(ViewerController c) throws Exception {
        waitFor(() -> !c.isBusy(), 120);
    }
}
