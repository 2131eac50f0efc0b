package org.spacetimelens.app;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.spacetimelens.rollout.RolloutMethod;

/**
 * The centre of the window: the frame canvas or the grid, the empty state before a video is open,
 * and badges over the canvas (what the frame shows; "Analysing clip…" while the model works; a
 * warning when the overlay draws nothing visible; the colour bar).
 */
final class CentreStack extends StackPane {
    private final ViewState state;

    /** {@code analysing}: true while a model loads or a forward pass runs. */
    CentreStack(ViewState state, FrameView frameView, GridView gridView, CompareView compareView,
            BooleanBinding analysing) {
        this.state = state;
        BooleanProperty compare = state.compare().activeProperty();
        gridView.visibleProperty().bind(state.gridModeProperty());
        frameView.visibleProperty().bind(state.gridModeProperty().not().and(compare.not()));
        compareView.visibleProperty().bind(compare);
        compare.addListener((o, was, on) -> (on ? compareView : frameView).requestFocus());
        // the hidden frame view loses the focus; keep it in the centre (the keys still reach the window's key
        // map) rather than letting it land on a side-panel control, which scrolled the side panel
        gridView.setFocusTraversable(true);
        state.gridModeProperty().addListener((o, was, grid) -> (grid ? gridView : frameView).requestFocus());

        VBox empty = new VBox(10, Icons.icon(Icons.OPEN_VIDEO, 48),
                ModalSheets.label("Open a video to begin", Styles.TITLE_3),
                ModalSheets.label("Ctrl+O, File ▸ Open, or drop a video or checkpoint here.", Styles.TEXT_MUTED));
        empty.setAlignment(Pos.CENTER);
        empty.setMouseTransparent(true);
        empty.visibleProperty().bind(state.frameImageProperty().isNull());
        empty.getStyleClass().add("empty-state");

        Label badge = new Label();
        badge.setId("frameBadge");
        badge.getStyleClass().add("canvas-badge");
        badge.textProperty().bind(Bindings.createStringBinding(this::badgeText, state.shownClipFrameProperty(),
                state.frameImageIndexProperty(), state.analysisProperty(), state.queryProperty(),
                state.rolloutParams(), state.hintsProperty(), state.classChoiceProperty(),
                state.evidenceStatusProperty(), state.plannedClipProperty()));
        badge.visibleProperty().bind(state.frameImageProperty().isNotNull().and(state.gridModeProperty().not())
                .and(compare.not()));
        StackPane.setAlignment(badge, Pos.TOP_LEFT);
        StackPane.setMargin(badge, new Insets(10));

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        Label busy = new Label("Analysing clip…", spinner);
        busy.setId("busyBadge");
        busy.getStyleClass().add("canvas-badge");
        // also while a class-evidence map waits for its gradients
        BooleanBinding working = analysing.or(Bindings.createBooleanBinding(
                () -> state.evidenceStatusProperty().get().startsWith("computing"), state.evidenceStatusProperty()));
        busy.textProperty().bind(Bindings.when(analysing).then("Analysing clip…")
                .otherwise("Computing class evidence…"));
        busy.visibleProperty().bind(working);
        // An indeterminate indicator animates (and repaints every pulse) even when hidden: stop it.
        spinner.progressProperty().bind(Bindings.when(working).then(-1.0).otherwise(0.0));
        StackPane.setAlignment(busy, Pos.TOP_RIGHT);
        StackPane.setMargin(busy, new Insets(10));

        Label invisible = new Label();
        invisible.setId("invisibleBadge");
        invisible.setGraphic(Icons.icon("mdi2e-eye-off-outline", 16));
        invisible.getStyleClass().addAll("canvas-badge", "warning-badge");
        invisible.textProperty().bind(Bindings.createStringBinding(this::invisibleText, state.mapsProperty(),
                state.shownClipFrameProperty(), state.renderOptions(), state.normalisationProperty(),
                state.overlayVisibleProperty(), state.gridModeProperty()));
        invisible.visibleProperty().bind(invisible.textProperty().isNotEmpty().and(compare.not()));
        StackPane.setAlignment(invisible, Pos.BOTTOM_LEFT);
        StackPane.setMargin(invisible, new Insets(10));

        VBox bar = ColourBar.canvas(state);
        bar.visibleProperty().bind(state.canvasColourBarProperty().and(state.overlayVisibleProperty())
                .and(state.mapsProperty().isNotNull()).and(state.frameImageProperty().isNotNull()).and(compare.not()));
        bar.setMouseTransparent(true);
        StackPane.setAlignment(bar, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(bar, new Insets(10));

        getChildren().addAll(frameView, gridView, compareView, empty, badge, busy, invisible, bar);
        getStyleClass().add("canvas-stack");
        setMinSize(0, 0);
    }

    /** Why the overlay on the shown frame draws nothing visible, or "" (see {@link MapDisplay}). */
    private String invisibleText() {
        if (!state.overlayVisibleProperty().get() || state.gridModeProperty().get()) {
            return "";
        }
        String why = MapDisplay.invisibleReason(MapDisplay.forDisplay(state.mapsProperty().get(),
                state.normalisationProperty().get()), state.shownClipFrameProperty().get(),
                state.renderOptions().get());
        return why == null ? "" : why;
    }

    private String badgeText() {
        ClipAnalysis a = state.analysisProperty().get();
        int shown = state.shownClipFrameProperty().get();
        int frame = state.frameImageIndexProperty().get();
        if (a == null || frame < 0) {
            return frame < 0 ? "" : "frame " + frame + " · no map yet";
        }
        String pending = state.evidenceStatusProperty().get();
        if (!pending.isEmpty() && state.methodProperty().get() == RolloutMethod.GRAD_ROLLOUT) {
            return "frame " + frame + " · " + pending; // no map of another class meanwhile
        }
        if (shown < 0) {
            return "frame " + frame + " · " + OutsideClip.text(a, state.plannedClipProperty().get());
        }
        String where = a.frameIndices()[shown] == frame ? "sampled frame t " + shown
                : "map held from t " + shown + " (#" + a.frameIndices()[shown] + ")";
        if (a.tubelet() > 1) {
            where += " (tubelet t' " + a.slotOf(shown) + ")";
        }
        ModelSummary m = state.modelProperty().get();
        VideoHints hints = state.hintsProperty().get();
        String truth = hints != null && hints.labelAt(frame) != null ? "  ·  truth: " + hints.labelAt(frame) : "";
        String view = Describe.params(state.rolloutParams().get(), m);
        String label = MapPane.methodLabel(RolloutMethod.GRAD_ROLLOUT);
        if (view.startsWith(label)) {
            view = label + classes(a, m) + view.substring(label.length());
        }
        return where + "  ·  " + view + truth;
    }

    /** For a class-evidence map, the class it explains (and the contrast): " of 'jumping' vs 'waving'". */
    private String classes(ClipAnalysis a, ModelSummary m) {
        if (state.methodProperty().get() != RolloutMethod.GRAD_ROLLOUT || m == null) {
            return "";
        }
        return " of " + state.classChoiceProperty().get().resolve(a).describe(m.labels());
    }
}
