package org.spacetimelens.app;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/** The compare mode's entries of the {@link ViewerActions} registry (View menu, tool bar, {@code ?} sheet). */
final class CompareActions {
    private CompareActions() {
    }

    /** Compare mode on / off (C). */
    static ViewerAction toggle(ViewerWindowParts w) {
        return ViewerAction.toggle("compare", "Compare panes side by side", w.state().compare().activeProperty())
                .icon("mdi2v-view-split-vertical").key(new KeyCodeCombination(KeyCode.C), "C",
                        "Compare mode: panes with their own map settings, one playhead (click a pane to edit it)");
    }

    /** Four panes instead of two (4 / 2). */
    static ViewerAction fourPanes(ViewerWindowParts w) {
        CompareMode mode = w.state().compare();
        BooleanProperty four = new SimpleBooleanProperty(mode.paneCountProperty().get() == 4);
        four.addListener((o, a, b) -> {
            mode.paneCountProperty().set(b ? 4 : 2);
            if (mode.selectedProperty().get() >= mode.paneCountProperty().get()) {
                mode.selectedProperty().set(0);
            }
        });
        mode.paneCountProperty().addListener((o, a, b) -> four.set(b.intValue() == 4));
        return ViewerAction.toggle("comparePanes4", "Compare with four panes (A–D)", four)
                .icon("mdi2v-view-grid-outline").key(new KeyCodeCombination(KeyCode.DIGIT4), "4",
                        "Compare: four panes / two panes").enabledWhen(mode.activeProperty());
    }

    /** The difference A − B as an extra pane (D). */
    static ViewerAction difference(ViewerWindowParts w) {
        CompareMode mode = w.state().compare();
        return ViewerAction.toggle("compareDifference", "Compare: show the difference A − B",
                mode.differenceProperty()).icon("mdi2m-minus-box").key(new KeyCodeCombination(KeyCode.D), "D",
                        "Compare: difference A − B (diverging colours) on / off").enabledWhen(mode.activeProperty());
    }

    /** Export ▸ Compare figure (Ctrl+Shift+E): the panes as one PNG with one sidecar that replays it. */
    static ViewerAction export(ViewerWindowParts w) {
        return ViewerAction.of("compareExport", "Compare figure (panes + sidecar)…", () -> CompareExports.dialog(w))
                .icon(Icons.EXPORT).key(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN,
                        KeyCombination.SHIFT_DOWN), "Ctrl+Shift+E", "Compare figure: the panes as one PNG + sidecar")
                .enabledWhen(w.state().compare().activeProperty());
    }

    /** File ▸ Open model for a compare pane: the selected pane (B when A is selected) runs its own checkpoint. */
    static ViewerAction paneModel(ViewerWindowParts w) {
        return ViewerAction.of("comparePaneModel", "Open model for a compare pane (selected, else B)…", () -> {
            ComparePane p = target(w);
            w.dialogs().model(path -> w.controller().compare().openPaneModel(p, path));
        }).icon(Icons.OPEN_MODEL).enabledWhen(w.state().compare().activeProperty());
    }

    /** The selected compare pane (B when A is selected) uses the window's model again. */
    static ViewerAction windowModel(ViewerWindowParts w) {
        return ViewerAction.of("compareWindowModel", "Compare pane uses the window's model again",
                () -> w.controller().compare().useWindowModel(target(w)))
                .enabledWhen(w.state().compare().activeProperty());
    }

    /** The pane a model command acts on: the selected one, or B when A (the window's) is selected. */
    private static ComparePane target(ViewerWindowParts w) {
        CompareMode mode = w.state().compare();
        return mode.selectedProperty().get() == 0 ? mode.panes().get(1) : mode.selectedPane();
    }

    /**
     * A picture of the view: in compare mode the compare figure (the single canvas is not drawn there),
     * else {@code single}.
     */
    static Runnable orFigure(ViewerWindowParts w, Runnable single) {
        return () -> {
            if (w.state().compare().activeProperty().get()) {
                CompareExports.dialog(w);
            } else {
                single.run();
            }
        };
    }

    /**
     * Copy image: in compare mode the panes as they are on screen, with the compare figure's PNG and sidecar
     * ({@link CompareExports#copy}), else {@code single}.
     */
    static Runnable orPanes(ViewerWindowParts w, Runnable single) {
        return () -> {
            if (w.state().compare().activeProperty().get()) {
                CompareExports.copy(w.controller(), w.compareView().snapshot(null, null));
            } else {
                single.run();
            }
        };
    }

    /** Zoom in or out: all compare panes together in compare mode, else the frame. */
    static void zoom(ViewerWindowParts w, double factor) {
        if (w.state().compare().activeProperty().get()) {
            w.compareView().zoomCentre(factor);
        } else {
            w.frameView().zoomAbout(w.frameView().getWidth() / 2, w.frameView().getHeight() / 2, factor);
        }
    }

    /** 100 %: the compare panes in compare mode, else the frame. */
    static void actualSize(ViewerWindowParts w) {
        if (w.state().compare().activeProperty().get()) {
            w.compareView().actualSize();
        } else {
            w.frameView().actualSize();
        }
    }
}
