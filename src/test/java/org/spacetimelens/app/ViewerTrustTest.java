package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.control.ListView;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.pipeline.ExportFormat;
import org.spacetimelens.render.Blend;
import org.spacetimelens.render.Upsampling;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.MapNormalization;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

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

    @Test
    void loadErrorsStayOnTheirPanelsUntilTheNextSuccessAndAllAreListed(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("emptydir"));
        fx(() -> {
            h.controller.openModel(empty);
            return null;
        });
        waitUntil(() -> h.state.messageLog().modelErrorProperty().get() != null);
        Label modelError = node("#modelError");
        assertThat(fx(modelError::isVisible)).isTrue();
        assertThat(fx(modelError::getText)).contains(empty.toString()).contains("\n");
        // Later status lines do not wipe it.
        fx(() -> {
            h.controller.status("Something else");
            return null;
        });
        assertThat(fx(modelError::getText)).contains("emptydir");

        Path notVideo = Files.writeString(dir.resolve("notes.mp4"), "this is not a video");
        fx(() -> {
            h.controller.openVideo(notVideo);
            return null;
        });
        waitUntil(() -> h.state.messageLog().videoErrorProperty().get() != null);
        Label videoError = node("#videoError");
        assertThat(fx(videoError::isVisible)).isTrue();
        assertThat(fx(videoError::getText)).contains(notVideo.toString());

        // View ▸ Messages lists both, with their times.
        fx(() -> h.window.actions().get("messages").run());
        waitUntil(() -> h.window.root().lookup("#messageList") != null);
        ListView<?> list = node("#messageList");
        List<String> rows = fx(() -> list.getItems().stream().map(Object::toString).toList());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).matches("\\d\\d:\\d\\d:\\d\\d  ERROR  Could not load model.*emptydir.*");
        assertThat(rows.get(1)).contains("ERROR").contains("notes.mp4");
        fx(() -> {
            h.window.sheets().close();
            return null;
        });

        // The next successful load of each kind clears its own error only.
        Path model = ViewerHarness.model();
        fx(() -> {
            h.controller.openModel(model);
            return null;
        });
        waitUntil(() -> h.state.messageLog().modelErrorProperty().get() == null);
        assertThat(fx(modelError::isVisible)).isFalse();
        assertThat(fx(videoError::isVisible)).isTrue();
        h.settle();
    }

    private int[] shownPixels() throws Exception {
        return fx(() -> {
            Image img = h.state.frameImageProperty().get();
            int w = (int) img.getWidth();
            int ht = (int) img.getHeight();
            int[] px = new int[w * ht];
            img.getPixelReader().getPixels(0, 0, w, ht, PixelFormat.getIntArgbInstance(), px, 0, w);
            return px;
        });
    }

    private void setAndSettle(Runnable change) throws Exception {
        fx(() -> {
            change.run();
            return null;
        });
        h.settle();
    }

    @Test
    void rawMassIsAutoRangedWithItsRealUnitsAndAnInvisibleOverlaySaysSo() throws Exception {
        int[] globalMax = shownPixels();
        AttentionMaps normalised = fx(() -> h.state.mapsProperty().get());
        setAndSettle(() -> h.state.normalisationProperty().set(MapNormalization.NONE));
        waitUntil(() -> h.state.mapsProperty().get() != normalised);
        h.settle();
        AttentionMaps raw = fx(() -> h.state.mapsProperty().get());
        float max = 0;
        for (float v : raw.values()) {
            max = Math.max(max, v);
        }
        assertThat(max).as("raw mass of the tiny model stays well below 1").isLessThan(0.9f);
        // Drawn auto-ranged: the same picture as the clip's global maximum, not a dim one pinned to 0..1.
        assertThat(shownPixels()).isEqualTo(globalMax);
        assertThat(text("#barMax")).isEqualTo(String.format("%.3g", max));
        assertThat(fx(() -> node("#invisibleBadge").isVisible())).isFalse();

        // Alpha blend, opacity weighted by value, faint opacity: nothing visible, and the canvas says so.
        setAndSettle(() -> {
            h.state.normalisationProperty().set(MapNormalization.GLOBAL_MAX);
            h.state.blendProperty().set(Blend.ALPHA);
            h.state.valueWeightedProperty().set(true);
            h.state.opacityProperty().set(0.05);
        });
        Label badge = node("#invisibleBadge");
        assertThat(fx(badge::isVisible)).isTrue();
        assertThat(fx(badge::getText)).contains("nearly invisible");
        setAndSettle(() -> {
            h.state.normalisationProperty().set(MapNormalization.PER_FRAME);
            h.state.opacityProperty().set(0.6);
        });
        assertThat(fx(badge::isVisible)).isFalse();
    }

    @Test
    void resetViewPutsEveryOptionBackAndIsInTheViewMenu() throws Exception {
        ModelSummary card = fx(() -> h.state.modelProperty().get());
        setAndSettle(() -> {
            h.state.upsamplingProperty().set(Upsampling.NEAREST);
            h.state.tokenGridProperty().set(true);
            h.state.discardRatioProperty().set(0.5);
            h.state.layerProperty().set(0);
            h.state.soloHead(1, card.heads());
        });
        MenuBar bar = fx(() -> (MenuBar) h.window.root().lookup(".menu-bar"));
        List<String> viewItems = fx(() -> bar.getMenus().stream().filter(m -> m.getText().equals("View"))
                .flatMap(m -> m.getItems().stream()).map(MenuItem::getId).toList());
        assertThat(viewItems).contains("menu-resetView");
        setAndSettle(() -> h.window.actions().get("resetView").run());
        ViewState d = new ViewState();
        assertThat(fx(() -> h.state.upsamplingProperty().get())).isEqualTo(d.upsamplingProperty().get());
        assertThat(fx(() -> h.state.tokenGridProperty().get())).isEqualTo(d.tokenGridProperty().get());
        assertThat(fx(() -> h.state.discardRatioProperty().get())).isEqualTo(d.discardRatioProperty().get());
        assertThat(fx(() -> h.state.layerProperty().get())).isEqualTo(card.layers() - 1);
        assertThat(fx(() -> h.state.heads().size())).isEqualTo(card.heads());
        AttentionMaps shown = fx(() -> h.state.mapsProperty().get());
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        assertThat(shown.values()).containsExactly(Rollout.compute(a.record(), RolloutParams.defaults()).values());
    }

    @Test
    void homeEndAndGoToFrameNavigateAndPlaybackRunsAtTheVideosRate(FxRobot robot) throws Exception {
        int last = ViewerHarness.VIDEO_FRAMES - 1;
        robot.press(KeyCode.END).release(KeyCode.END);
        waitUntil(() -> h.state.playheadProperty().get() == last);
        robot.press(KeyCode.HOME).release(KeyCode.HOME);
        waitUntil(() -> h.state.playheadProperty().get() == 0);

        robot.press(KeyCode.CONTROL, KeyCode.G).release(KeyCode.G, KeyCode.CONTROL);
        TextField field = node("#gotoFrame");
        waitUntil(field::isFocused);
        robot.write("17").press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitUntil(() -> h.state.playheadProperty().get() == 17);
        assertThat(fx(field::isFocused)).as("focus returns to the viewer").isFalse();
        // Past the end clamps to the last frame.
        robot.press(KeyCode.CONTROL, KeyCode.G).release(KeyCode.G, KeyCode.CONTROL);
        waitUntil(field::isFocused);
        robot.write("999").press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitUntil(() -> h.state.playheadProperty().get() == last);

        // Playback defaults to the video's own frame rate when a video opens.
        fx(() -> {
            h.state.fpsProperty().set(3);
            h.controller.openVideo(ViewerHarness.video());
            return null;
        });
        VideoMeta v = fx(() -> h.state.videoProperty().get());
        waitUntil(() -> h.state.fpsProperty().get() != 3);
        assertThat(fx(() -> h.state.fpsProperty().get())).isEqualTo(v.fps());
        h.settle();
    }

    @Test
    void colourBarOnTheCanvasTogglesAndStatusItemsKeepTheirWidth(FxRobot robot) throws Exception {
        Node bar = node("#canvasColourBarBox");
        assertThat(fx(bar::isVisible)).isTrue();
        assertThat(text("#canvas-barMax")).isEqualTo(text("#barMax"));
        robot.press(KeyCode.B).release(KeyCode.B);
        waitUntil(() -> !bar.isVisible());
        assertThat(fx(() -> h.state.canvasColourBarProperty().get())).isFalse();
        robot.press(KeyCode.B).release(KeyCode.B);
        waitUntil(bar::isVisible);

        List<String> ids = List.of("#timingLabel", "#cacheLabel", "#deviceLabel");
        List<Double> before = new java.util.ArrayList<>();
        for (String id : ids) {
            Label l = node(id);
            before.add(fx(l::getWidth));
        }
        setAndSettle(() -> h.controller.status("A very long message ".repeat(40)));
        WaitForAsyncUtils.waitForFxEvents();
        for (int i = 0; i < ids.size(); i++) {
            Label l = node(ids.get(i));
            assertThat(fx(l::getWidth)).as(ids.get(i)).isEqualTo(before.get(i));
        }
    }

    @Test
    void methodAndRolloutOptionsExplainThemselves() throws Exception {
        ToggleButton temporal = node("#method-temporal");
        assertThat(fx(() -> temporal.getTooltip().getText())).contains("CLS").contains("receives");
        Slider discard = node("#discardRatio");
        Slider residual = node("#residualWeight");
        assertThat(fx(() -> tooltipOf(discard))).contains("weakest attention links");
        assertThat(fx(() -> tooltipOf(residual))).contains("skip connection");
    }

    private static String tooltipOf(Node n) {
        Object t = n.getProperties().get("javafx.scene.control.Tooltip");
        return t instanceof Tooltip tip ? tip.getText() : ((javafx.scene.control.Control) n).getTooltip().getText();
    }

    @Test
    void toolbarExportOpensTheDialogWithItsOptionsAndWritesWhatWasChosen(FxRobot robot, @TempDir Path out)
            throws Exception {
        robot.clickOn("#exportButton");
        waitUntil(() -> robot.lookup("#exportFolder").tryQuery().isPresent());
        TextField folder = robot.lookup("#exportFolder").queryAs(TextField.class);
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        assertThat(fx(() -> robot.lookup("#exportFrames").queryAs(Label.class).getText()))
                .contains(a.frameCount() + " frames");
        for (ExportFormat f : ExportFormat.values()) {
            assertThat(robot.lookup("#format-" + f.id()).tryQuery()).as(f.id()).isPresent();
        }
        fx(() -> {
            folder.setText(out.toString());
            robot.lookup("#screenshot").queryAs(CheckBox.class).setSelected(true);
            robot.lookup("#exportScale").queryAs(ComboBox.class).getSelectionModel().select(1); // 2×
            robot.lookup("#format-npz").queryAs(CheckBox.class).setSelected(false);
            DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
            ((Button) pane.lookupButton(ButtonType.OK)).fire();
            return null;
        });
        waitUntil(() -> Files.exists(out.resolve("sheet.png")) && Files.exists(out.resolve("params.json"))
                && Files.exists(out.resolve("screenshot@2x.png")) && !h.controller.isBusy());
        assertThat(out.resolve("maps.npz")).doesNotExist();
    }

    @Test
    void openModelTakesAHuggingFaceFolderAsWellAsItsFiles() throws Exception {
        MenuBar bar = fx(() -> (MenuBar) h.window.root().lookup(".menu-bar"));
        List<String> fileItems = fx(() -> bar.getMenus().stream().filter(m -> m.getText().equals("File"))
                .flatMap(m -> m.getItems().stream()).map(MenuItem::getId).toList());
        assertThat(fileItems).contains("menu-openModel", "menu-openModelFolder");
        Path dir = ViewerHarness.model();
        assertThat(OpenDialogs.modelTarget(dir.resolve("config.json"))).isEqualTo(dir);
        assertThat(OpenDialogs.modelTarget(dir.resolve("preprocessor_config.json"))).isEqualTo(dir);
        Path weights = dir.resolve("model.safetensors");
        assertThat(OpenDialogs.modelTarget(weights)).isEqualTo(weights);
    }

    @Test
    void screenshotIsTheFrameWithoutLetterboxAndHasTheColourBarItsSidecarClaims(@TempDir Path out)
            throws Exception {
        // The harness's view is wider than the 4:3 frame: fit to window leaves bars left and right.
        fx(() -> {
            h.state.canvasColourBarProperty().set(false);
            return null;
        });
        h.settle();
        double viewW = fx(() -> h.window.frameView().getWidth());
        double viewH = fx(() -> h.window.frameView().getHeight());
        assertThat(viewW / viewH).as("the view is wider than the frame").isGreaterThan(4 / 3.0 + 0.1);
        Path plain = out.resolve("plain.png");
        fx(() -> {
            h.window.exports().screenshot(plain, 1);
            return null;
        });
        waitUntil(() -> Files.exists(out.resolve("plain.params.json")) && !h.controller.isBusy());
        BufferedImage img = ImageIO.read(plain.toFile());
        assertThat(Math.abs(img.getWidth() / (double) img.getHeight() - 64 / 48.0)).as("frame aspect, no bars")
                .isLessThan(0.02);
        assertThat(img.getHeight()).isEqualTo((int) Math.round(viewH));
        assertThat(new ObjectMapper().readTree(out.resolve("plain.params.json").toFile()).at("/render/colorBar")
                .asBoolean()).isFalse();

        // With the colour bar on, the picture carries it (wider) and the sidecar says so.
        fx(() -> {
            h.state.canvasColourBarProperty().set(true);
            return null;
        });
        h.settle();
        Path withBar = out.resolve("bar.png");
        fx(() -> {
            h.window.exports().screenshot(withBar, 1);
            return null;
        });
        waitUntil(() -> Files.exists(out.resolve("bar.params.json")) && !h.controller.isBusy());
        BufferedImage barred = ImageIO.read(withBar.toFile());
        assertThat(barred.getWidth()).isGreaterThan(img.getWidth() + 10);
        assertThat(new ObjectMapper().readTree(out.resolve("bar.params.json").toFile()).at("/render/colorBar")
                .asBoolean()).isTrue();
    }
}
