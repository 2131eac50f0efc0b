package org.spacetimelens.app;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Side panel ▸ Prediction: the clip's top five classes with their probabilities. */
final class PredictionPane {
    private PredictionPane() {
    }

    static VBox create(ViewState state) {
        VBox predictions = new VBox(6);
        predictions.setId("predictions");
        state.predictions().addListener((ListChangeListener<Prediction>) c -> fill(predictions, state.predictions()));
        fill(predictions, state.predictions());
        return Ui.section("Prediction", Icons.CHART, predictions);
    }

    private static void fill(VBox box, List<Prediction> list) {
        box.getChildren().clear();
        if (list.isEmpty()) {
            box.getChildren().add(Ui.hint("Predictions appear once the clip is analysed."));
            return;
        }
        for (int i = 0; i < Math.min(5, list.size()); i++) {
            Prediction p = list.get(i);
            Label name = new Label(p.label());
            name.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(name, Priority.ALWAYS);
            if (i == 0) {
                name.getStyleClass().add(Styles.TEXT_BOLD);
            }
            Label pct = new Label(String.format("%.1f %%", 100 * p.probability()));
            pct.getStyleClass().add("value-label");
            ProgressBar bar = new ProgressBar(p.probability());
            bar.setMaxWidth(Double.MAX_VALUE);
            bar.getStyleClass().add(Styles.SMALL);
            if (i > 0) {
                bar.getStyleClass().add("muted-bar");
            }
            box.getChildren().add(new VBox(2, new HBox(6, name, pct), bar));
        }
    }
}
