package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The viewer tells the truth about what it shows (issue 15): panels say what they cover and grey
 * out when stale, errors stay, raw maps stay visible, settings persist, navigation and findability.
 */
@ExtendWith(ApplicationExtension.class)
class ViewerTrustTest {
    private ViewerHarness h;

    @Start
    void start(Stage stage) {
        h = ViewerHarness.start(stage);
    }

    @BeforeEach
    void open() throws Exception {
        h.openFixtures();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private <T extends Node> T node(String id) throws Exception {
        @SuppressWarnings("unchecked")
        T n = (T) fx(() -> h.window.root().lookup(id));
        assertThat(n).as(id).isNotNull();
        return n;
    }

    private String text(String id) throws Exception {
        Label l = node(id);
        return fx(l::getText);
    }

    @Test
    void predictionPanelNamesItsFramesAndGreysOutWhenThePlayheadLeavesThem() throws Exception {
        fx(() -> {
            h.state.windowRateProperty().set(2);
            h.state.samplingModeProperty().set(SamplingMode.WINDOW);
            return null;
        });
        waitUntil(() -> h.state.analysisProperty().get() != null
                && h.state.analysisProperty().get().lastFrame() < ViewerHarness.VIDEO_FRAMES - 4);
        h.settle();
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        Node list = node("#predictions");
        assertThat(text("#predictionFrames")).contains("frames " + a.firstFrame() + "–" + a.lastFrame());
        assertThat(fx(() -> list.getStyleClass().contains(PredictionPane.STALE))).isFalse();

        // Dragging the playhead past the clip: the old top-5 is marked stale at once.
        int outside = ViewerHarness.VIDEO_FRAMES - 1;
        fx(() -> {
            h.state.scrubbingProperty().set(true);
            h.state.playheadProperty().set(outside);
            return null;
        });
        assertThat(fx(() -> list.getStyleClass().contains(PredictionPane.STALE))).isTrue();
        assertThat(fx(list::getOpacity)).isLessThan(1);
        assertThat(text("#predictionFrames")).contains("playhead at frame " + outside + " is outside it");

        // Releasing it analyses the clip there; the panel is current again and names the new frames.
        fx(() -> {
            h.state.scrubbingProperty().set(false);
            return null;
        });
        waitUntil(() -> h.state.analysisProperty().get().lastFrame() >= outside - 1);
        h.settle();
        ClipAnalysis b = fx(() -> h.state.analysisProperty().get());
        assertThat(fx(() -> list.getStyleClass().contains(PredictionPane.STALE))).isFalse();
        assertThat(text("#predictionFrames")).contains("frames " + b.firstFrame() + "–" + b.lastFrame());
    }
}
