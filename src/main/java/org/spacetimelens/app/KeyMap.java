package org.spacetimelens.app;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The keyboard map in one table: it drives both the scene's key handling and the {@code ?} sheet,
 * so the sheet can never disagree with what the keys do.
 */
final class KeyMap {
    /** One shortcut: how it is written on the sheet, what it does, and the key it listens to. */
    record Shortcut(String keys, String description, KeyCombination combo, Runnable action) {
    }

    private KeyMap() {
    }

    static List<Shortcut> shortcuts(MainWindow w) {
        ViewState s = w.controllerState();
        return List.of(
                new Shortcut("Space", "Play / pause", key(KeyCode.SPACE), w.playback()::togglePlay),
                new Shortcut("← / →", "Previous / next frame", key(KeyCode.LEFT), () -> w.playback().step(-1)),
                new Shortcut("", "", key(KeyCode.RIGHT), () -> w.playback().step(1)),
                new Shortcut("Shift+← / →", "Previous / next sampled clip frame",
                        new KeyCodeCombination(KeyCode.LEFT, KeyCombination.SHIFT_DOWN),
                        () -> w.playback().stepClipFrame(-1)),
                new Shortcut("", "", new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.SHIFT_DOWN),
                        () -> w.playback().stepClipFrame(1)),
                new Shortcut("[ / ]", "Layer down / up", key(KeyCode.OPEN_BRACKET), () -> w.layerStep(-1)),
                new Shortcut("", "", key(KeyCode.CLOSE_BRACKET), () -> w.layerStep(1)),
                new Shortcut("H", "Next head (solo heads in turn, then all)", key(KeyCode.H), w::nextHead),
                new Shortcut("M", "Next method (rollout, spatial, temporal)", key(KeyCode.M), w::nextMethod),
                new Shortcut("G", "Grid of all clip frames", key(KeyCode.G),
                        () -> s.gridModeProperty().set(!s.gridModeProperty().get())),
                new Shortcut("O", "Overlay on / off", key(KeyCode.O),
                        () -> s.overlayVisibleProperty().set(!s.overlayVisibleProperty().get())),
                new Shortcut("F", "Fit to window", key(KeyCode.F), w::fit),
                new Shortcut("1", "Actual size (100 %)", key(KeyCode.DIGIT1), () -> w.frameView().actualSize()),
                new Shortcut("+ / −", "Zoom in / out", key(KeyCode.EQUALS), () -> w.zoom(1.25)),
                new Shortcut("", "", key(KeyCode.MINUS), () -> w.zoom(0.8)),
                new Shortcut("Esc", "Query back to CLS (closes this sheet)", key(KeyCode.ESCAPE), () -> {
                    if (w.helpShowing()) {
                        w.closeOverlays();
                    } else {
                        w.resetQuery();
                    }
                }),
                new Shortcut("T", "Light / dark theme", key(KeyCode.T),
                        () -> s.themeProperty().set(s.themeProperty().get().toggled())),
                new Shortcut("Ctrl+O", "Open video", shortcut(KeyCode.O), w::openVideoDialog),
                new Shortcut("Ctrl+M", "Open model", shortcut(KeyCode.M), w::openModelDialog),
                new Shortcut("Ctrl+S", "Screenshot (PNG + params sidecar)", shortcut(KeyCode.S),
                        () -> w.exports().screenshotDialog(1)),
                new Shortcut("Ctrl+E", "Export figure (contact sheet)", shortcut(KeyCode.E),
                        () -> w.exports().figureDialog()),
                new Shortcut("Ctrl+Shift+C", "Copy image to the clipboard",
                        new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                        () -> w.exports().copyToClipboard()),
                new Shortcut("?", "This sheet", key(KeyCode.F1), w::showHelp));
    }

    private static KeyCombination key(KeyCode code) {
        return new KeyCodeCombination(code);
    }

    private static KeyCombination shortcut(KeyCode code) {
        return new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN);
    }

    /**
     * Scene-level filter, so keys work wherever the focus is — except while typing in a text field
     * (a spinner's editor), where they belong to the field.
     */
    static void install(Scene scene, List<Shortcut> shortcuts, MainWindow w) {
        boolean[] swallowTyped = {false};
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            swallowTyped[0] = false;
            if (scene.getFocusOwner() instanceof TextInputControl && e.getCode() != KeyCode.ESCAPE) {
                return;
            }
            for (Shortcut s : shortcuts) {
                if (s.combo().match(e)) {
                    s.action().run();
                    e.consume();
                    swallowTyped[0] = true; // the character of a handled key must not reach a control
                    return;
                }
            }
        });
        // "?" is a character (Shift+/ on most layouts), so it is matched on KEY_TYPED.
        scene.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (swallowTyped[0]) {
                swallowTyped[0] = false;
                e.consume();
                return;
            }
            if ("?".equals(e.getCharacter()) && !(scene.getFocusOwner() instanceof TextInputControl)) {
                w.showHelp();
                e.consume();
            }
        });
    }

    /** The "?" sheet: a card listing every shortcut. */
    static Region sheet(List<Shortcut> shortcuts, Runnable close) {
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(6);
        int row = 0;
        for (Shortcut s : shortcuts) {
            if (s.keys().isEmpty()) {
                continue;
            }
            Label k = new Label(s.keys());
            k.getStyleClass().add("key-cap");
            Label d = new Label(s.description());
            grid.add(k, 0, row);
            grid.add(d, 1, row);
            row++;
        }
        Label title = new Label("Keyboard shortcuts");
        title.getStyleClass().add(Styles.TITLE_3);
        Label hint = new Label("Mouse: wheel zooms, drag pans, click a patch to query it; drag the timeline to scrub.");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        hint.setWrapText(true);
        Button ok = new Button("Close");
        ok.setDefaultButton(true);
        ok.setOnAction(e -> close.run());
        VBox card = new VBox(14, title, grid, hint, ok);
        card.setId("helpSheet");
        card.getStyleClass().add("modal-card");
        card.setPadding(new Insets(22, 26, 22, 26));
        card.setAlignment(Pos.TOP_LEFT);
        card.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        return card;
    }
}
