package org.spacetimelens.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real viewer window on the real core, opened on a tiny generated checkpoint and frame-folder
 * video (created once per JVM), with its own preferences node.
 */
final class ViewerHarness {
    static final int VIDEO_FRAMES = 24;
    private static Path fixtures;

    final ViewState state = new ViewState();
    final RecordingBackend backend = new RecordingBackend(new CoreBackend());
    final AppPreferences prefs = new AppPreferences("org/spacetimelens/test/" + UUID.randomUUID());
    final ViewerController controller = new ViewerController(state, backend);
    final MainWindow window;

    private ViewerHarness(Stage stage) {
        window = new MainWindow(controller, prefs);
        window.install(stage);
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
        window.frameView().requestFocus();
    }

    /** Builds the window on the FX thread (call from a TestFX {@code @Start}). */
    static ViewerHarness start(Stage stage) {
        Themes.apply(ThemeChoice.LIGHT);
        return new ViewerHarness(stage);
    }

    static synchronized Path fixtures() throws Exception {
        if (fixtures == null) {
            Path dir = Files.createTempDirectory("stl-viewer-test");
            // Copy image writes its PNG and sidecar here, not into the user's state folder
            System.setProperty(ClipboardCopy.DIR_PROPERTY, dir.resolve("copies").toString());
            ViewerFixtures.checkpoint(dir.resolve("model"), ViewerFixtures.tinyConfig(), 11);
            ViewerFixtures.frameFolder(dir.resolve("video"), VIDEO_FRAMES, 64, 48);
            fixtures = dir;
        }
        return fixtures;
    }

    static Path model() throws Exception {
        return fixtures().resolve("model");
    }

    static Path video() throws Exception {
        return fixtures().resolve("video");
    }

    /** Opens the tiny model and video and waits until the first overlay is on screen. */
    void openFixtures() throws Exception {
        Path m = model();
        Path v = video();
        fx(() -> {
            controller.openModel(m);
            controller.openVideo(v);
            return null;
        });
        waitUntil(() -> state.analysisProperty().get() != null && state.mapsProperty().get() != null
                && state.shownClipFrameProperty().get() >= 0);
        settle();
    }

    /** Runs on the FX thread and returns its result. */
    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(20, TimeUnit.SECONDS);
    }

    /** Waits (up to 30 s) until the condition, evaluated on the FX thread, holds. */
    static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(condition));
    }

    /** Waits until no pipeline stage runs and the FX queue is drained. */
    void settle() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        waitUntil(() -> !controller.isBusy());
        WaitForAsyncUtils.waitForFxEvents();
    }

    void close() throws Exception {
        fx(() -> {
            controller.close();
            return null;
        });
        backend.close();
        prefs.clear();
    }
}
