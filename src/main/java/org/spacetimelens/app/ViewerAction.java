package org.spacetimelens.app;

import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.input.KeyCombination;

/**
 * One viewer command, described once: the menu bar, the tool bar, the key map and the {@code ?}
 * sheet are all made from these ({@link ViewerActions}), so they cannot disagree.
 *
 * @param id        stable name (tests, tool-bar ids)
 * @param label     menu text
 * @param icon      Ikonli icon literal, or null
 * @param key       the key that runs it (also shown in the menu), or null
 * @param keys      how the key is written on the {@code ?} sheet and in tooltips; "" when a
 *                  neighbouring action's row already names it (← / →), null when not on the sheet
 * @param help      what the sheet (and the tooltip) says it does; "" with {@code keys} ""
 * @param enabled   when it may run: menu and tool bar disable it, the key map skips it otherwise
 * @param selected  for on/off commands, the state it shows and toggles (check item, toggle button); or null
 * @param handler   what it does (FX thread)
 */
record ViewerAction(String id, String label, String icon, KeyCombination key, String keys, String help,
        ObservableBooleanValue enabled, BooleanProperty selected, Runnable handler) {

    static final ObservableBooleanValue ALWAYS = Bindings.createBooleanBinding(() -> true);

    ViewerAction {
        Objects.requireNonNull(id);
        Objects.requireNonNull(label);
        Objects.requireNonNull(enabled);
        Objects.requireNonNull(handler);
    }

    /** A command with neither key nor icon. */
    static ViewerAction of(String id, String label, Runnable handler) {
        return new ViewerAction(id, label, null, null, null, null, ALWAYS, null, handler);
    }

    ViewerAction icon(String literal) {
        return new ViewerAction(id, label, literal, key, keys, help, enabled, selected, handler);
    }

    /** The key, its spelling on the sheet, and the sheet's text. */
    ViewerAction key(KeyCombination combo, String spelling, String text) {
        return new ViewerAction(id, label, icon, combo, spelling, text, enabled, selected, handler);
    }

    /** The key of an action whose sheet row is its neighbour's ("← / →"). */
    ViewerAction pairedKey(KeyCombination combo) {
        return key(combo, "", "");
    }

    ViewerAction enabledWhen(ObservableBooleanValue condition) {
        return new ViewerAction(id, label, icon, key, keys, help, condition, selected, handler);
    }

    /** An on/off command bound to {@code property}; its handler flips it. */
    static ViewerAction toggle(String id, String label, BooleanProperty property) {
        return new ViewerAction(id, label, null, null, null, null, ALWAYS, property,
                () -> property.set(!property.get()));
    }

    boolean isEnabled() {
        return enabled.get();
    }

    /** Runs the command when it is enabled; returns whether it ran. */
    boolean run() {
        if (!isEnabled()) {
            return false;
        }
        PulseWatchdog.during("action " + id, handler);
        return true;
    }

    /** A tooltip: the sheet's text with the key, "Fit to window (F)". */
    String tooltip(String text) {
        return keys == null || keys.isEmpty() ? text : text + " (" + keys + ")";
    }
}
