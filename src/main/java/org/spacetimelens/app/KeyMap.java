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
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The key map, made from {@link ViewerActions}: it drives both the scene's key handling and the
 * {@code ?} sheet, so the sheet can never disagree with what the keys do. A disabled action's key
 * does nothing.
 */
final class KeyMap {
    /** One shortcut: how it is written on the sheet ("" when a neighbour's row names it), what it does, its key. */
    record Shortcut(String keys, String description, KeyCombination combo, ViewerAction action) {
    }

    private KeyMap() {
    }

    /**
     * Scene-level filter, so keys work wherever the focus is — except while typing in a text field
     * (a spinner's editor), where they belong to the field.
     */
    static void install(Scene scene, List<Shortcut> shortcuts, Runnable help) {
        boolean[] swallowTyped = {false};
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            swallowTyped[0] = false;
            if (scene.getFocusOwner() instanceof TextInputControl && e.getCode() != KeyCode.ESCAPE) {
                return;
            }
            for (Shortcut s : shortcuts) {
                if (s.combo().match(e)) {
                    s.action().run();
                    // A disabled action's key is swallowed too: it must not reach a focused control.
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
                help.run();
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
