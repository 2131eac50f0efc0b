package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spacetimelens.model.Engines;

/**
 * The JavaFX application: builds view-state, controller and window, restores preferences, and
 * opens what the command line asked for (named parameters {@code --video=} and {@code --model=}),
 * or the bundled demo video and model when nothing was given.
 *
 * <p>Start it through {@link ViewerLauncher}, which works from a plain classpath.
 */
public class SpacetimeLensApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(SpacetimeLensApp.class);
    /** The line the viewer log gets once the first map is on screen (the smoke test waits for it). */
    static final String FIRST_MAP_LOG = "first map on screen";
    private static volatile Supplier<AnalysisBackend> backendFactory = CoreBackend::new;
    private static volatile Consumer<Started> onStarted;

    private ViewerController controller;
    private AnalysisBackend backend;
    private AppPreferences prefs;
    private PulseWatchdog watchdog;

    /** What a start hook sees: the window, its controller and the main window's parts. */
    record Started(Stage stage, ViewerController controller, MainWindow window) {
    }

    /** Test hook: called on the FX thread once the window is shown (shutdown tests close it mid-work). */
    static void setOnStarted(Consumer<Started> hook) {
        onStarted = hook;
    }

    /** Replaces the backend (tests, tools); call before launch. */
    public static void setBackendFactory(Supplier<AnalysisBackend> factory) {
        backendFactory = factory;
    }

    @Override
    public void start(Stage stage) {
        long t0 = System.nanoTime();
        Engines.ensureOffline();
        HeapPolicy.apply();
        watchdog = PulseWatchdog.start();
        ViewState state = new ViewState();
        prefs = AppPreferences.user();
        prefs.bind(state);
        Themes.apply(state.themeProperty().get());
        state.themeProperty().addListener((o, a, b) -> Themes.apply(b));
        backend = backendFactory.get();
        controller = new ViewerController(state, backend);
        MainWindow window = new MainWindow(controller, prefs);
        window.install(stage);
        prefs.bindWindow(stage);
        controller.setNotifier(new FxNotifier(stage));
        stage.show();
        window.frameView().requestFocus();
        logFirstMap(state, t0);
        openInitial(window);
        Consumer<Started> hook = onStarted;
        if (hook != null) {
            hook.accept(new Started(stage, controller, window));
        }
    }

    private static void logFirstMap(ViewState state, long t0) {
        javafx.beans.InvalidationListener[] once = new javafx.beans.InvalidationListener[1];
        once[0] = o -> {
            if (state.mapsProperty().get() != null && state.shownClipFrameProperty().get() >= 0) {
                state.shownClipFrameProperty().removeListener(once[0]);
                LOG.info("{} {} s after start", FIRST_MAP_LOG, String.format(java.util.Locale.ROOT, "%.1f",
                        (System.nanoTime() - t0) / 1e9));
            }
        };
        state.shownClipFrameProperty().addListener(once[0]);
    }

    private void openInitial(MainWindow window) {
        Map<String, String> named = getParameters().getNamed();
        Path video = named.containsKey("video") ? Path.of(named.get("video")) : backend.demoVideo().orElse(null);
        Path model = named.containsKey("model") ? Path.of(named.get("model")) : backend.demoModel().orElse(null);
        if (model != null) {
            controller.openModel(model);
        }
        if (video != null) {
            controller.openVideo(video);
        }
        if (model == null && video == null) {
            controller.status("Demo assets not found (assets/demo next to the app or in the checkout): "
                    + "open a video and a checkpoint.");
        }
    }

    @Override
    public void stop() {
        if (watchdog != null) {
            watchdog.close();
            LOG.info("FX pulses: {}", watchdog.summary());
        }
        if (controller != null) {
            controller.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (prefs != null) {
            prefs.flush();
        }
    }
}
