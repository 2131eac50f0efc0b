package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.pipeline.ExportFormat;
import org.spacetimelens.rollout.RolloutMethod;

/**
 * The viewer as a user starts it ({@link ViewerLauncher#main}: log file, launch, {@code System.exit}), run by
 * {@link ViewerShutdownTest} in a child JVM, headless (Monocle). A start hook waits for the first map, starts
 * the work named by the first argument and closes the window, as the window's close button does, while that
 * work runs in native code:
 * <ul>
 *   <li>{@code forward}: a new clip's forward pass (window sampling moves), closed once the pass has begun;</li>
 *   <li>{@code export}: an export of npz, sheet and MP4 (its float32 forward pass, then the writing), closed
 *       once it writes;</li>
 *   <li>{@code gradient}: the viewer's class-evidence job (map method "Class evidence"), closed once its
 *       forward and backward pass runs.</li>
 * </ul>
 * Prints {@code closing ...} just before closing; the parent times the exit from that line.
 *
 * <p>Arguments: {@code MODE VIDEO MODEL OUTDIR}.
 */
public final class ViewerShutdownChild {
    private ViewerShutdownChild() {
    }

    public static void main(String[] args) {
        String mode = args[0];
        Path out = Path.of(args[3]);
        AtomicInteger forwardStarts = new AtomicInteger();
        AtomicInteger gradientStarts = new AtomicInteger();
        SpacetimeLensApp.setBackendFactory(() -> new CoreBackend() {
            @Override
            public ClipAnalysis analyse(ModelHandle model, VideoHandle video, int[] frames, boolean half,
                    ProgressListener progress) throws BackendException {
                return super.analyse(model, video, frames, half, (done, message) -> {
                    progress.progress(done, message);
                    if (message != null && message.startsWith("Forward pass")) {
                        forwardStarts.incrementAndGet();
                    }
                });
            }

            @Override
            public AttentionGradients gradients(ModelHandle model, ClipAnalysis analysis, int targetClass,
                    int contrastClass, ProgressListener progress) throws BackendException {
                return super.gradients(model, analysis, targetClass, contrastClass, (done, message) -> {
                    progress.progress(done, message);
                    if (message != null && message.startsWith("Forward and backward")) {
                        gradientStarts.incrementAndGet();
                    }
                });
            }
        });
        SpacetimeLensApp.setOnStarted(started -> {
            Thread t = new Thread(() -> drive(mode, started, out, forwardStarts, gradientStarts), "shutdown-test-driver");
            t.setDaemon(true);
            t.start();
        });
        // the parent times the two halves of the exit: window closed -> System.exit, then the JVM's own exit
        Runtime.getRuntime().addShutdownHook(new Thread(() -> println("exit begins"), "shutdown-test-exit"));
        ViewerLauncher.main(new String[] {args[1], "--model", args[2]});
    }

    private static void drive(String mode, SpacetimeLensApp.Started s, Path out, AtomicInteger forwardStarts,
            AtomicInteger gradientStarts) {
        try {
            ViewState st = s.controller().state();
            SoakSession.waitUntil(() -> st.mapsProperty().get() != null && st.shownClipFrameProperty().get() >= 0
                    && !s.controller().isBusy(), 120);
            println("first map shown");
            switch (mode) {
                case "forward" -> {
                    int before = forwardStarts.get();
                    SoakSession.fx(() -> {
                        st.windowRateProperty().set(1);
                        st.samplingModeProperty().set(SamplingMode.WINDOW);
                        st.playheadProperty().set(st.videoProperty().get().frameCount() - 1);
                        return null;
                    });
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (forwardStarts.get() == before && System.nanoTime() < end) {
                        Thread.sleep(1);
                    }
                    Thread.sleep(30); // into the pass
                    close(s, "during the forward pass (running: "
                            + SoakSession.fx(() -> s.controller().analysingProperty().get()) + ")");
                }
                case "export" -> {
                    CountDownLatch writing = new CountDownLatch(1);
                    SoakSession.fx(() -> {
                        BackgroundService<?> export = s.controller().services().stream()
                                .filter(x -> x.name().equals("export")).findFirst().orElseThrow();
                        export.messageProperty().addListener((o, a, b) -> {
                            if (b != null && b.startsWith("Writing")) {
                                writing.countDown();
                            }
                        });
                        s.window().exports().export(out, Set.of(ExportFormat.NPZ, ExportFormat.SHEET, ExportFormat.MP4));
                        return null;
                    });
                    await(writing, "export writing");
                    Thread.sleep(30);
                    close(s, "during the export (running: " + SoakSession.fx(() -> s.controller().services().stream()
                            .filter(x -> x.name().equals("export")).findFirst().orElseThrow().isRunning()) + ")");
                }
                case "gradient" -> {
                    // the viewer's own class-evidence job: choosing the method starts its gradient pass
                    int before = gradientStarts.get();
                    SoakSession.fx(() -> {
                        st.methodProperty().set(RolloutMethod.GRAD_ROLLOUT);
                        return null;
                    });
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (gradientStarts.get() == before && System.nanoTime() < end) {
                        Thread.sleep(1);
                    }
                    Thread.sleep(30); // into the pass
                    close(s, "during the class-evidence gradient pass (running: " + SoakSession.fx(() -> s.controller()
                            .services().stream().filter(x -> x.name().equals("class evidence")).findFirst()
                            .orElseThrow().isRunning()) + ")");
                }
                default -> throw new IllegalArgumentException(mode);
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(9);
        }
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(what + " never started");
        }
    }

    /** As the window's close button: a close request (the viewer sets no handler for it), then the window hides. */
    private static void close(SpacetimeLensApp.Started s, String when) {
        Platform.runLater(() -> {
            Stage stage = s.stage();
            println("closing " + when);
            Event.fireEvent(stage, new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
            stage.close();
        });
    }

    private static void println(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
