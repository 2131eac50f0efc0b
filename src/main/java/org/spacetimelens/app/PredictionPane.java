package org.spacetimelens.app;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.beans.Observable;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Side panel ▸ Prediction: the clip's top five classes with their probabilities, and the frames
 * they cover. When the playhead leaves those frames (or a new clip is on its way) the list greys
 * out and says so, so an old answer is never read as the current frame's.
 */
final class PredictionPane {
    static final String STALE = "stale";
    private final ViewState state;
    private final VBox list = new VBox(6);
    private final Label covers = new Label();

    private PredictionPane(ViewState state) {
        this.state = state;
    }

    static VBox create(ViewState state) {
        PredictionPane p = new PredictionPane(state);
        p.list.setId("predictions");
        p.covers.setId("predictionFrames");
        p.covers.setWrapText(true);
        p.covers.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        state.predictions().addListener((ListChangeListener<Prediction>) c -> p.fill());
        for (Observable o : List.<Observable>of(state.analysisProperty(), state.playheadProperty(),
                state.plannedClipProperty())) {
            o.addListener(x -> p.freshness());
        }
        p.fill();
        return Ui.section("Prediction", Icons.CHART, p.covers, p.list);
    }

    /** Whether the shown predictions are not those of the clip around the playhead. */
    static boolean stale(ClipAnalysis a, int[] planned, int playhead) {
        if (a == null) {
            return false;
        }
        boolean outside = playhead < a.firstFrame() || playhead > a.lastFrame();
        boolean replaced = planned != null && !java.util.Arrays.equals(planned, a.frameIndices());
        return outside || replaced;
    }

    private void freshness() {
        ClipAnalysis a = state.analysisProperty().get();
        int p = state.playheadProperty().get();
        if (a == null || state.predictions().isEmpty()) {
            covers.setText("");
            list.getStyleClass().remove(STALE);
            list.setOpacity(1);
            return;
        }
        String span = String.format("Clip of frames %d–%d (%d sampled)", a.firstFrame(), a.lastFrame(),
                a.frameCount());
        boolean stale = stale(a, state.plannedClipProperty().get(), p);
        if (!stale) {
            covers.setText(span);
            list.getStyleClass().remove(STALE);
            list.setOpacity(1);
            return;
        }
        int[] planned = state.plannedClipProperty().get();
        boolean updating = planned != null && !java.util.Arrays.equals(planned, a.frameIndices());
        covers.setText(span + " · playhead at frame " + p + (p < a.firstFrame() || p > a.lastFrame()
                ? " is outside it" : "") + (updating ? " · new clip being analysed…" : ""));
        if (!list.getStyleClass().contains(STALE)) {
            list.getStyleClass().add(STALE);
        }
        list.setOpacity(0.4);
    }

    private void fill() {
        list.getChildren().clear();
        List<Prediction> predictions = state.predictions();
        if (predictions.isEmpty()) {
            list.getChildren().add(Ui.hint("Predictions appear once the clip is analysed."));
        }
        for (int i = 0; i < Math.min(5, predictions.size()); i++) {
            Prediction p = predictions.get(i);
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
            list.getChildren().add(new VBox(2, new HBox(6, name, pct), bar));
        }
        freshness();
    }
}
