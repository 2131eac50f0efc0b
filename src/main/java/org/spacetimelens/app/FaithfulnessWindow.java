package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.scene.Scene;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * View ▸ Faithfulness curves: the {@link FaithfulnessPane} in a window of its own beside the viewer, so the
 * map's options can be changed while the curves follow. Open, it keeps its curves current; closed, it
 * stops its run and computes nothing (its last curves stay for "export with the rest" while they still
 * match the view).
 */
final class FaithfulnessWindow {
    static final String TITLE = "Faithfulness — deletion and insertion curves";

    private final ViewerController controller;
    private final FaithfulnessRunner runner;
    private final Supplier<Window> owner;
    private final AppPreferences prefs;
    private Stage stage;
    private FaithfulnessPane pane;

    FaithfulnessWindow(ViewerController controller, Supplier<Window> owner, AppPreferences prefs) {
        this.controller = controller;
        this.runner = new FaithfulnessRunner(controller);
        this.owner = owner;
        this.prefs = prefs;
    }

    FaithfulnessRunner runner() {
        return runner;
    }

    /** The pane, once the window was first shown (tests). */
    FaithfulnessPane pane() {
        return pane;
    }

    Stage stage() {
        return stage;
    }

    boolean showing() {
        return stage != null && stage.isShowing();
    }

    /** Shows the window (and starts computing), or brings it to the front. */
    void show() {
        if (stage == null) {
            pane = new FaithfulnessPane(runner, controller.state(), this::exportDialog);
            Scene scene = new Scene(pane, 1000, 620);
            scene.getStylesheets().add(FaithfulnessWindow.class.getResource("app.css").toExternalForm());
            stage = new Stage();
            stage.setTitle(TITLE);
            Window o = owner.get();
            if (o != null) {
                stage.initOwner(o);
                // Beside the viewer where the screen allows, else over its right half.
                stage.setX(o.getX() + Math.max(40, o.getWidth() - 1000));
                stage.setY(o.getY() + 60);
            }
            stage.setScene(scene);
            // The viewer's key map lives in its own scene: here, Esc and the opening key close the window.
            scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.ESCAPE),
                    this::close);
            scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.F,
                    javafx.scene.input.KeyCombination.SHORTCUT_DOWN, javafx.scene.input.KeyCombination.SHIFT_DOWN),
                    this::close);
            stage.setOnShown(e -> runner.activeProperty().set(true));
            stage.setOnHidden(e -> runner.activeProperty().set(false));
        }
        stage.show();
        stage.toFront();
        runner.activeProperty().set(true);
    }

    /** Closes the window: the run in flight is cancelled and its result dropped. */
    void close() {
        if (stage != null) {
            stage.hide();
        }
        runner.activeProperty().set(false);
    }

    void toggle() {
        if (showing()) {
            close();
        } else {
            show();
        }
    }

    /** Writes the current curves into {@code dir} in the background (null result: says why, writes nothing). */
    void export(Path dir) {
        FaithfulnessResult r = runner.currentResult();
        if (r == null) {
            controller.fail("Nothing to export", new BackendException(
                    "The faithfulness curves are not computed for the current view yet."));
            return;
        }
        controller.runExport("Faithfulness export", ctx -> FaithfulnessExport.write(dir, r));
    }

    private void exportDialog() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Export faithfulness curves (faithfulness.json, .csv, .png, .params.json) into");
        Path last = prefs.lastFolder("export");
        if (last != null && last.toFile().isDirectory()) {
            dc.setInitialDirectory(last.toFile());
        }
        java.io.File f = dc.showDialog(stage);
        if (f != null) {
            prefs.setLastFolder("export", f.toPath());
            export(f.toPath());
        }
    }
}
