package org.spacetimelens.app;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.rollout.RolloutMethod;

/** Side panel ▸ Map: method, layers ({@link LayerControls}), heads ({@link HeadChips}) and the query token. */
final class MapPane {
    /**
     * The methods the viewer offers. Class evidence (gradient-weighted rollout) works for every family the
     * core loads; its gradients are computed in the background ({@link ClassEvidenceJobs}).
     */
    static final List<RolloutMethod> METHODS = List.of(RolloutMethod.ROLLOUT, RolloutMethod.SPATIAL,
            RolloutMethod.TEMPORAL, RolloutMethod.GRAD_ROLLOUT);

    private MapPane() {
    }

    static VBox create(ViewState state) {
        List<Node> content = new ArrayList<>();
        HBox methods = Ui.segmented(METHODS, state.methodProperty(), MapPane::methodLabel,
                "method");
        methods.getChildren().forEach(b -> ((javafx.scene.control.Control) b).setTooltip(
                new Tooltip(methodTip((RolloutMethod) b.getUserData()))));
        // Four labels do not fit the panel's width: class evidence, in the same toggle group, on a row of its own.
        Node evidence = methods.lookup("#method-grad_rollout");
        methods.getChildren().remove(evidence);
        evidence.getStyleClass().remove(Styles.RIGHT_PILL);
        Node temporal = methods.lookup("#method-temporal");
        temporal.getStyleClass().remove(Styles.CENTER_PILL);
        temporal.getStyleClass().add(Styles.RIGHT_PILL);
        HBox evidenceRow = new HBox(evidence);
        HBox.setHgrow(evidence, Priority.ALWAYS);
        hideTemporalUnlessDivided(methods, state);
        content.add(methods);
        content.add(evidenceRow);
        content.add(sub("Layers"));
        content.addAll(LayerControls.create(state));
        content.add(sub("Heads"));
        content.addAll(HeadChips.create(state));
        content.add(Ui.hint("Click a head to toggle it, double-click to solo it."));
        content.add(sub("Query token"));
        content.add(queryRow(state));
        content.add(Ui.hint("Click a patch on the frame to roll out from it."));
        return Ui.section("Map", Icons.LAYERS, content.toArray(Node[]::new));
    }

    private static HBox queryRow(ViewState state) {
        Label query = new Label();
        query.setId("queryLabel");
        query.textProperty().bind(Bindings.createStringBinding(() -> {
            QueryToken q = state.queryProperty().get();
            ModelSummary m = state.modelProperty().get();
            return q.cls() ? outputName(m) : String.format("patch (y %d, x %d, %s %d)", q.y(), q.x(),
                    m != null && m.tubelet() > 1 ? "t'" : "t", q.t());
        }, state.queryProperty(), state.modelProperty()));
        query.setGraphic(Icons.icon(Icons.QUERY, 14));
        Button reset = new Button("CLS");
        reset.textProperty().bind(Bindings.createStringBinding(
                () -> outputName(state.modelProperty().get()).equals("CLS token") ? "CLS" : "Output",
                state.modelProperty()));
        reset.setId("resetQuery");
        reset.getStyleClass().addAll(Styles.SMALL);
        reset.setTooltip(new Tooltip("Back to the CLS token (Esc)"));
        reset.disableProperty().bind(Bindings.createBooleanBinding(() -> state.queryProperty().get().cls(),
                state.queryProperty()));
        reset.setOnAction(e -> state.queryProperty().set(QueryToken.CLS));
        reset.setFocusTraversable(false);
        HBox row = new HBox(Ui.GAP, query, new Region(), reset);
        HBox.setHgrow(row.getChildren().get(1), Priority.ALWAYS);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /**
     * The temporal single-layer view exists only for divided space-time attention: its segment is
     * removed (not disabled) for joint and space-only models, and the other two share the width.
     */
    private static void hideTemporalUnlessDivided(HBox methods, ViewState state) {
        Node temporal = methods.lookup("#method-temporal");
        Node spatial = methods.lookup("#method-spatial");
        Runnable sync = () -> {
            ModelSummary m = state.modelProperty().get();
            boolean show = m == null || m.hasTemporalView();
            temporal.setVisible(show);
            temporal.setManaged(show);
            spatial.getStyleClass().removeAll(Styles.CENTER_PILL, Styles.RIGHT_PILL);
            spatial.getStyleClass().add(show ? Styles.CENTER_PILL : Styles.RIGHT_PILL);
        };
        sync.run();
        state.modelProperty().addListener((o, a, b) -> sync.run());
    }

    /** What the "CLS" query means for this model: VideoMAE has no CLS and reads the mean of all tokens. */
    static String outputName(ModelSummary m) {
        if (m == null || !m.tokenLayout().startsWith("mean of") && !m.tokenLayout().startsWith("token 0")) {
            return "CLS token";
        }
        return m.tokenLayout().startsWith("mean of") ? "Output (mean of all tokens)" : "Output (token 0)";
    }

    static Label sub(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("sub-title");
        return l;
    }

    /** What each method's map means, in the words of src/docs/ROLLOUT.md. */
    static String methodTip(RolloutMethod m) {
        return switch (m) {
            case ROLLOUT -> "Attention rollout: how much each patch contributes to the query token (CLS, or the "
                    + "clicked patch), propagated through the chosen layers";
            case SPATIAL -> "One layer's spatial attention: within each frame, where the query looks";
            case TEMPORAL -> "One layer's temporal attention. With the CLS query (which has no temporal "
                    + "attention): at each patch position, how much attention frame t receives from all frames "
                    + "(averaged over query frames). With a patch query: how that patch attends to the same "
                    + "position in every frame";
            case GRAD_ROLLOUT -> "Class evidence: rollout of the attention weighted by the gradient of the chosen "
                    + "class's score (positive contributions only). Pick the class in Prediction (click), "
                    + "shift-click a second class to ask why the first rather than it";
        };
    }

    static String methodLabel(RolloutMethod m) {
        return switch (m) {
            case ROLLOUT -> "Rollout";
            case SPATIAL -> "Spatial";
            case TEMPORAL -> "Temporal";
            case GRAD_ROLLOUT -> "Class evidence";
        };
    }
}
