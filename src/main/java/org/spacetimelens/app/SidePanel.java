package org.spacetimelens.app;

import atlantafx.base.theme.Tweaks;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.layout.VBox;

/**
 * The right-hand panel: one pane per section (video, model, prediction, map, rollout options, display,
 * sampling), each control bound to the view-state (the panel itself decides nothing).
 */
public final class SidePanel extends ScrollPane {
    static final double WIDTH = 340;

    public SidePanel(ViewState state) {
        setId("sidePanel");
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        setMinWidth(WIDTH);
        setPrefWidth(WIDTH);
        getStyleClass().addAll("side-panel", Tweaks.EDGE_TO_EDGE);
        VBox model = ModelPane.create(state);
        // The last failed load stays under the model's card until a checkpoint loads.
        model.getChildren().add(VideoPane.errorLabel(state.messageLog().modelErrorProperty(), "modelError"));
        VBox content = new VBox(
                VideoPane.create(state), new Separator(),
                model, new Separator(),
                PredictionPane.create(state), new Separator(),
                MapPane.create(state), new Separator(),
                RolloutOptionsPane.create(state), new Separator(),
                DisplayPane.create(state), new Separator(),
                SamplingPane.create(state));
        content.getStyleClass().add("side-content");
        setContent(content);
    }
}
