package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.video.VideoSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Grid mode (the published figure's layout), help sheet, clipboard, overlay video, opening by path. */
@ExtendWith(ApplicationExtension.class)
class ViewerGridTest {
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

    @Test
    void gridShowsEveryClipFrameAndClicksPickQueryOrPlayhead(FxRobot robot) throws Exception {
        robot.press(KeyCode.G).release(KeyCode.G);
        waitUntil(() -> h.state.gridModeProperty().get() && h.state.gridOverlays().size() == 4);
        h.settle();
        assertThat(fx(() -> h.window.gridView().isVisible())).isTrue();
        assertThat(fx(() -> h.window.frameView().isVisible())).isFalse();
        assertThat(fx(() -> h.state.gridFrames().size())).isEqualTo(4);
        // Clicking a patch of clip frame 2's overlay makes it the query.
        Point2D p = fx(() -> h.window.gridView().localToScreen(
                new Point2D(h.window.gridView().patchCentre(2, 3, 1)[0], h.window.gridView().patchCentre(2, 3, 1)[1])));
        robot.clickOn(p);
        waitUntil(() -> h.state.queryProperty().get().equals(QueryToken.patch(3, 1, 2)));
        h.settle();
        // The grid is redrawn from the new maps (one overlay per clip frame again).
        assertThat(fx(() -> h.state.gridOverlays().size())).isEqualTo(4);
        // Clicking a frame tile (top row) moves the playhead to that source frame.
        int frame3 = fx(() -> h.state.analysisProperty().get().frameIndices()[3]);
        Point2D top = fx(() -> {
            double[] c = h.window.gridView().patchCentre(3, 0, 0);
            GridView.Layout l = h.window.gridView().tiles();
            return h.window.gridView().localToScreen(c[0], l.frameY(3) + l.tileH() / 2);
        });
        robot.clickOn(top);
        waitUntil(() -> h.state.playheadProperty().get() == frame3);
    }

    @Test
    void helpSheetListsTheKeysAndEscapeClosesIt(FxRobot robot) throws Exception {
        fx(() -> {
            h.window.showHelp();
            return null;
        });
        waitUntil(() -> h.window.root().lookup("#helpSheet") != null && h.window.helpShowing());
        String text = fx(() -> h.window.root().lookup("#helpSheet").toString());
        assertThat(text).isNotEmpty();
        List<String> keys = fx(() -> h.window.shortcuts().stream().map(KeyMap.Shortcut::keys)
                .filter(k -> !k.isEmpty()).toList());
        assertThat(keys).contains("Space", "← / →", "Shift+← / →", "[ / ]", "H", "M", "G", "Ctrl+S", "Ctrl+E",
                "Ctrl+O", "F", "?", "Esc");
        QueryToken before = fx(() -> h.state.queryProperty().get());
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitUntil(() -> !h.window.helpShowing());
        assertThat(fx(() -> h.state.queryProperty().get())).isEqualTo(before);
    }

    @Test
    void copyPutsTheCanvasOnTheClipboard() throws Exception {
        double w = fx(() -> h.window.frameView().getWidth());
        double ht = fx(() -> h.window.frameView().getHeight());
        fx(() -> {
            h.window.exports().copyToClipboard();
            return null;
        });
        javafx.scene.image.Image img = fx(() -> Clipboard.getSystemClipboard().getImage());
        assertThat(img).isNotNull();
        // The frame's part of the wider view, without the letterbox: full height, 4:3 wide.
        assertThat(img.getHeight()).isEqualTo(Math.round(ht));
        assertThat(img.getWidth()).isLessThan(w).isCloseTo(ht * 64 / 48, org.assertj.core.data.Offset.offset(1.5));
    }

    @Test
    void overlayVideoCoversTheWholeVideoInUniformSampling(@TempDir Path out) throws Exception {
        fx(() -> {
            h.window.exports().overlayVideo(out, org.spacetimelens.pipeline.ExportFormat.MP4);
            return null;
        });
        waitUntil(() -> Files.exists(out.resolve("params.json")) && !h.controller.isBusy());
        try (VideoSource v = VideoSource.open(out.resolve("overlay.mp4"))) {
            assertThat(v.info().frameCount()).isEqualTo(ViewerHarness.VIDEO_FRAMES);
        }
    }

    @Test
    void droppedPathsOpenAsModelOrVideoByWhatTheyAre() throws Exception {
        Path model = ViewerHarness.model();
        Path video = ViewerHarness.video();
        ModelSummary before = fx(() -> h.state.modelProperty().get());
        VideoMeta beforeVideo = fx(() -> h.state.videoProperty().get());
        fx(() -> {
            h.state.recentModels().clear();
            h.state.recentVideos().clear();
            h.window.openPaths(List.of(video, model));
            return null;
        });
        // Both reloaded (new handles), and the clip comes back from the attention cache.
        waitUntil(() -> h.state.modelProperty().get() != before && h.state.videoProperty().get() != beforeVideo
                && h.state.analysisProperty().get() != null);
        h.settle();
        assertThat(h.backend.analyseCalls.get()).isEqualTo(1);
        assertThat(fx(() -> List.copyOf(h.state.recentModels()))).first().isEqualTo(model.toAbsolutePath());
        assertThat(fx(() -> List.copyOf(h.state.recentVideos()))).first().isEqualTo(video.toAbsolutePath());
    }
}
