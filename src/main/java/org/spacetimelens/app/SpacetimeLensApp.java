package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.stage.Stage;
import org.spacetimelens.model.Engines;

/**
 * The JavaFX application: builds view-state, controller and window, restores preferences, and
 * opens what the command line asked for (named parameters {@code --video=} and {@code --model=}),
 * or the bundled demo video and model when nothing was given.
 *
 * <p>Start it through {@link ViewerLauncher}, which works from a plain classpath.
 */
public class SpacetimeLensApp extends Application {
    private static volatile Supplier<AnalysisBackend> backendFactory = CoreBackend::new;

    private ViewerController controller;
    private AnalysisBackend backend;
    private AppPreferences prefs;

    /** Replaces the backend (tests, tools); call before launch. */
    public static void setBackendFactory(Supplier<AnalysisBackend> factory) {
        backendFactory = factory;
    }

    @Override
    public void start(Stage stage) {
        Engines.ensureOffline();
        HeapPolicy.apply();
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
        openInitial(window);
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
