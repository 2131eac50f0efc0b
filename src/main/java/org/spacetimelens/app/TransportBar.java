package org.spacetimelens.app;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Play/pause, stepping, position read-out, a go-to-frame field, fps (the video's own rate when it
 * opens) and loop mode under the timeline.
 */
public final class TransportBar extends HBox {
    private final TextField goTo = new TextField();

    public TransportBar(ViewState state, Playback playback) {
        setId("transport");
        getStyleClass().add("transport-bar");
        setSpacing(Ui.GAP);
        setAlignment(Pos.CENTER_LEFT);
        setPadding(new Insets(4, 12, 8, 12));

        Button clipBack = iconButton(Icons.CLIP_BACK, "Previous sampled frame (Shift+←)", () -> playback.stepClipFrame(-1));
        Button back = iconButton(Icons.STEP_BACK, "Previous frame (←)", () -> playback.step(-1));
        Button play = iconButton(Icons.PLAY, "Play / pause (Space)", playback::togglePlay);
        play.setId("play");
        play.getStyleClass().add(Styles.ACCENT);
        state.playingProperty().addListener((o, a, p) ->
                ((FontIcon) play.getGraphic()).setIconLiteral(p ? Icons.PAUSE : Icons.PLAY));
        Button fwd = iconButton(Icons.STEP_FORWARD, "Next frame (→)", () -> playback.step(1));
        Button clipFwd = iconButton(Icons.CLIP_FORWARD, "Next sampled frame (Shift+→)", () -> playback.stepClipFrame(1));
        for (Button b : List.of(clipBack, back, play, fwd, clipFwd)) {
            b.disableProperty().bind(state.videoProperty().isNull());
        }

        Label position = new Label();
        position.setId("position");
        position.getStyleClass().add("position-label");
        position.textProperty().bind(Bindings.createStringBinding(() -> {
            VideoMeta v = state.videoProperty().get();
            if (v == null) {
                return "No video";
            }
            int p = state.playheadProperty().get();
            String s = String.format("frame %d / %d  ·  %s / %s", p, v.frameCount() - 1, time(v.secondsOf(p)),
                    time(v.durationSeconds()));
            ClipAnalysis a = state.analysisProperty().get();
            if (a != null) {
                int t = a.clipFrameAt(p);
                s += t >= 0 ? "  ·  sampled t " + t : "";
            }
            return s;
        }, state.playheadProperty(), state.videoProperty(), state.analysisProperty()));

        goTo.setId("gotoFrame");
        goTo.setPromptText("go to");
        goTo.setPrefColumnCount(5);
        goTo.setTooltip(new Tooltip("Go to a video frame: type its number and press Enter (Ctrl+G)"));
        goTo.disableProperty().bind(state.videoProperty().isNull());
        // only Ctrl+G or a click focuses it: as the first traversable control it took the focus when a video
        // opened, and the viewer's single-key shortcuts (G, O, H…) were typed into it
        goTo.setFocusTraversable(false);
        goTo.setOnAction(e -> {
            try {
                playback.goTo(Integer.parseInt(goTo.getText().trim()));
                goTo.pseudoClassStateChanged(Styles.STATE_DANGER, false);
                goTo.clear();
                getParent().requestFocus(); // back to the keys of the viewer
            } catch (NumberFormatException notANumber) {
                goTo.pseudoClassStateChanged(Styles.STATE_DANGER, true);
            }
        });

        Spinner<Double> fps = new Spinner<>(1.0, 120.0, state.fpsProperty().get(), 1.0);
        fps.setId("fps");
        // Not editable: arrows and the mouse wheel only, so typing shortcuts never lands in it.
        fps.setEditable(false);
        fps.setFocusTraversable(false);
        fps.setPrefWidth(96);
        fps.valueProperty().addListener((o, a, b) -> state.fpsProperty().set(b));
        state.fpsProperty().addListener((o, a, b) -> fps.getValueFactory().setValue(b.doubleValue()));
        Label fpsLabel = new Label("fps");
        fpsLabel.getStyleClass().add(Styles.TEXT_MUTED);

        var loop = Ui.combo(List.of(LoopMode.values()), state.loopProperty(), LoopMode::toString, "loop");
        loop.setPrefWidth(150);
        loop.setMaxWidth(150);

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(2, clipBack, back, play, fwd, clipFwd);
        buttons.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(buttons, goTo, position, spacer, Icons.icon(Icons.LOOP, 16), loop, fps, fpsLabel);
    }

    void focusGoToFrame() {
        goTo.requestFocus();
        goTo.selectAll();
    }

    static String time(double seconds) {
        int m = (int) (seconds / 60);
        double s = seconds - 60 * m;
        return String.format("%d:%05.2f", m, s);
    }

    private static Button iconButton(String icon, String tip, Runnable action) {
        Button b = new Button(null, Icons.icon(icon, 18));
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }
}
