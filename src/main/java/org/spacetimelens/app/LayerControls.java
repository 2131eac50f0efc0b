package org.spacetimelens.app;

import java.util.List;
import javafx.beans.Observable;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.controlsfx.control.RangeSlider;

/**
 * The layer controls of Side panel ▸ Map: "Up to ℓ / Only ℓ", a range slider (rollout from a start
 * layer up to ℓ) or a single slider, and the read-out. The rules live in {@link LayerRange}; these
 * controls only show and set the state's layer properties (1-based on screen, 0-based in the state).
 */
final class LayerControls {
    private LayerControls() {
    }

    /** The header row (mode and read-out) and the sliders. */
    static List<Node> create(ViewState state) {
        RangeSlider range = new RangeSlider(1, 12, 1, 12);
        range.setId("layerRange");
        range.setShowTickMarks(true);
        range.setMajorTickUnit(1);
        range.setMinorTickCount(0);
        range.setSnapToTicks(true);
        range.setBlockIncrement(1);
        range.setFocusTraversable(false);
        Slider single = new Slider(1, 12, 12);
        single.setId("layerSlider");
        single.setShowTickMarks(true);
        single.setMajorTickUnit(1);
        single.setMinorTickCount(0);
        single.setSnapToTicks(true);
        single.setFocusTraversable(false);
        Label layerLabel = new Label();
        layerLabel.setId("layerLabel");
        layerLabel.getStyleClass().add("value-label");
        HBox upTo = Ui.segmented(List.of(Boolean.FALSE, Boolean.TRUE), state.singleLayerProperty(),
                b -> b ? "Only ℓ" : "Up to ℓ", "layerMode");
        Runnable sync = () -> {
            ModelSummary m = state.modelProperty().get();
            int layers = m == null ? 12 : m.layers();
            boolean only = state.oneLayer();
            range.setMax(layers);
            single.setMax(layers);
            range.setHighValue(state.layerProperty().get() + 1);
            range.setLowValue(state.startLayerProperty().get() + 1);
            single.setValue(state.layerProperty().get() + 1);
            range.setVisible(!only);
            single.setVisible(only);
            upTo.setDisable(!LayerRange.ranged(state.methodProperty().get()));
            layerLabel.setText(LayerRange.describe(only, state.startLayerProperty().get(),
                    state.layerProperty().get()));
        };
        for (Observable o : new Observable[] {state.modelProperty(), state.methodProperty(),
                state.singleLayerProperty(), state.layerProperty(), state.startLayerProperty()}) {
            o.addListener(x -> sync.run());
        }
        sync.run();
        range.highValueProperty().addListener((o, a, b) -> state.layerProperty().set((int) Math.round(b.doubleValue()) - 1));
        range.lowValueProperty().addListener((o, a, b) -> {
            if (range.isVisible()) {
                state.startLayerProperty().set((int) Math.round(b.doubleValue()) - 1);
            }
        });
        single.valueProperty().addListener((o, a, b) -> state.layerProperty().set((int) Math.round(b.doubleValue()) - 1));
        HBox header = new HBox(Ui.GAP, upTo, new Region(), layerLabel);
        HBox.setHgrow(header.getChildren().get(1), Priority.ALWAYS);
        header.setAlignment(Pos.CENTER_LEFT);
        return List.of(header, new StackPane(range, single));
    }
}
