package org.spacetimelens.app;

import atlantafx.base.theme.Styles;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * Side panel ▸ Video: the open video's name and shape, and the last failed open (file and reason),
 * kept until a video opens. Also makes the error label the model pane shows under its card.
 */
final class VideoPane {
    private VideoPane() {
    }

    static VBox create(ViewState state) {
        Label name = new Label("No video");
        name.setId("videoName");
        name.getStyleClass().add(Styles.TITLE_4);
        Label facts = Ui.hint("Open a video or a folder of frames (File ▸ Open video…) or drop it on the window.");
        facts.setId("videoFacts");
        state.videoProperty().addListener((o, a, v) -> {
            name.setText(v == null ? "No video" : v.fileName());
            facts.setText(v == null ? "" : String.format("%d frames · %.3g fps · %d × %d px · %s", v.frameCount(),
                    v.fps(), v.width(), v.height(), TransportBar.time(v.durationSeconds())));
        });
        return Ui.section("Video", Icons.OPEN_VIDEO, name, facts,
                errorLabel(state.messageLog().videoErrorProperty(), "videoError"));
    }

    /** A red label showing {@code error} (file, then reason), hidden while it is null. */
    static Label errorLabel(StringProperty error, String id) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setGraphic(Icons.icon("mdi2a-alert-circle-outline", 16));
        l.getStyleClass().addAll(Styles.DANGER, "load-error");
        l.textProperty().bind(error);
        l.visibleProperty().bind(error.isNotNull());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }
}
