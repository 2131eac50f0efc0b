package org.spacetimelens.app;

import atlantafx.base.theme.Styles;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Side panel ▸ Model: the loaded checkpoint's name and shape facts. */
final class ModelPane {
    private final GridPane card = new GridPane();
    private final Label modelName = new Label("No model");
    private ViewState state;

    private ModelPane() {
    }

    static VBox create(ViewState state) {
        ModelPane p = new ModelPane();
        p.modelName.getStyleClass().addAll(Styles.TITLE_4);
        p.modelName.setId("modelName");
        p.modelName.setWrapText(true);
        p.card.setHgap(10);
        p.card.setVgap(3);
        ColumnConstraints c0 = new ColumnConstraints(Ui.LABEL_WIDTH);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        p.card.getColumnConstraints().setAll(c0, c1);
        p.state = state;
        state.modelProperty().addListener((o, a, m) -> p.fill(m));
        state.halfAttentionProperty().addListener((o, a, b) -> p.fill(state.modelProperty().get()));
        state.cacheBudgetProperty().addListener((o, a, b) -> p.fill(state.modelProperty().get()));
        p.fill(null);
        return Ui.section("Model", Icons.MODEL, p.modelName, p.card);
    }

    private void fill(ModelSummary m) {
        card.getChildren().clear();
        if (m == null) {
            modelName.setText("No model loaded");
            card.add(Ui.hint("Open a checkpoint (File ▸ Open model…) or drop it on the window."), 0, 0, 2, 1);
            return;
        }
        modelName.setText(m.name());
        boolean tubelets = m.tubelet() > 1;
        String[][] rows = {
            {"Architecture", m.architecture()},
            {"Attention", m.attentionType().replace('_', ' ')},
            {"Input", m.frames() + " frames · " + m.imageSize() + " px · patch " + m.patchSize()},
            {"Tubelet", tubelets ? m.tubelet() + " frames → " + m.slots() + " slots t'" : "1 frame (one map per frame)"},
            {"Tokens", m.tokenLayout()},
            {"Grid", m.gridSize() + " × " + m.gridSize() + " tokens / " + (tubelets ? "slot" : "frame")},
            {"Depth", m.layers() + " layers · " + m.heads() + " heads · width " + m.hiddenSize()},
            {"Parameters", Format.count(m.parameters())},
            {"Classes", String.valueOf(m.labels().size())},
            {"Device", m.device()},
            {"Load time", String.format("%.2f s", m.loadSeconds())},
            {"Clip memory", ClipMemory.describe(m, state.halfAttentionProperty().get(),
                    state.cacheBudgetProperty().get())},
        };
        for (int i = 0; i < rows.length; i++) {
            Label k = new Label(rows[i][0]);
            k.getStyleClass().addAll(Styles.TEXT_MUTED);
            Label v = new Label(rows[i][1]);
            v.setId("model-" + rows[i][0].toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
            v.setWrapText(true);
            card.add(k, 0, i);
            card.add(v, 1, i);
        }
        Tooltip.install(modelName, new Tooltip(m.path().toString()));
    }
}
