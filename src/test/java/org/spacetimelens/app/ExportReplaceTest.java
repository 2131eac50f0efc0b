package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.cli.Main;
import org.spacetimelens.pipeline.ExportFormat;
import org.spacetimelens.pipeline.VideoSpan;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The viewer asks before an export replaces files ("Replace N files?", Replace / Choose another folder /
 * Cancel) instead of failing with the CLI's refusal; and the export dialog's scale and frames apply to
 * the pipeline's formats (sheet, overlay PNGs, overlay video), recorded in their sidecars and replayed.
 */
@ExtendWith(ApplicationExtension.class)
class ExportReplaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    private void figure(Path dir) throws Exception {
        fx(() -> {
            h.window.exports().figure(dir);
            return null;
        });
    }

    private static DialogPane replaceDialog(FxRobot robot) throws Exception {
        waitUntil(() -> robot.lookup("#replaceDialog").tryQuery().isPresent());
        return robot.lookup("#replaceDialog").queryAs(DialogPane.class);
    }

    private static void press(DialogPane pane, ButtonType type) throws Exception {
        fx(() -> {
            ((Button) pane.lookupButton(type)).fire();
            return null;
        });
    }

    @Test
    void exportingOverExistingArtefactsAsksAndReplaceDoesWhatForceDoes(FxRobot robot, @TempDir Path out)
            throws Exception {
        figure(out);
        waitUntil(() -> Files.exists(out.resolve("params.json")) && !h.controller.isBusy());
        String first = JSON.readTree(out.resolve("sheet.params.json").toFile()).get("createdAt").asText();
        int errorsBefore = fx(() -> h.state.messageLog().entries().size());

        // Cancel: nothing written, no error
        figure(out);
        DialogPane pane = replaceDialog(robot);
        assertThat(fx(pane::getHeaderText)).isEqualTo("Replace 3 files?");
        @SuppressWarnings("unchecked")
        ListView<String> files = (ListView<String>) fx(() -> pane.lookup("#replaceFiles"));
        assertThat(fx(() -> List.copyOf(files.getItems()))).containsExactlyInAnyOrder("sheet.png",
                "sheet.params.json", "params.json");
        assertThat(fx(() -> pane.getButtonTypes().stream().map(ButtonType::getText).toList()))
                .containsExactly("Replace", "Choose another folder", "Cancel");
        press(pane, ButtonType.CANCEL);
        h.settle();
        assertThat(JSON.readTree(out.resolve("sheet.params.json").toFile()).get("createdAt").asText())
                .isEqualTo(first);
        assertThat(fx(() -> h.state.messageLog().entries().size())).isEqualTo(errorsBefore);

        // Replace: written again (the sidecar is new), still no error
        Thread.sleep(5); // a later createdAt
        figure(out);
        press(replaceDialog(robot), ReplaceDialog.REPLACE);
        waitUntil(() -> !JSON.readTree(out.resolve("sheet.params.json").toFile()).get("createdAt").asText()
                .equals(first) && !h.controller.isBusy());
        assertThat(fx(() -> h.state.messageLog().entries().size())).isEqualTo(errorsBefore);
    }

    @Test
    void chooseAnotherFolderReopensTheExportDialogWithTheSameChoices(FxRobot robot, @TempDir Path out)
            throws Exception {
        figure(out);
        waitUntil(() -> Files.exists(out.resolve("params.json")) && !h.controller.isBusy());
        fx(() -> h.window.exports().exportDialog());
        waitUntil(() -> robot.lookup("#exportFolder").tryQuery().isPresent());
        fx(() -> {
            robot.lookup("#exportFolder").queryAs(TextField.class).setText(out.toString());
            robot.lookup("#format-npz").queryAs(CheckBox.class).setSelected(false);
            ((Button) robot.lookup(".dialog-pane").queryAs(DialogPane.class).lookupButton(ButtonType.OK)).fire();
            return null;
        });
        press(replaceDialog(robot), ReplaceDialog.CHOOSE_ANOTHER);
        waitUntil(() -> robot.lookup("#exportFolder").tryQuery().isPresent());
        assertThat(fx(() -> robot.lookup("#exportFolder").queryAs(TextField.class).getText())).isEmpty();
        assertThat(fx(() -> robot.lookup("#format-sheet").queryAs(CheckBox.class).isSelected())).isTrue();
        assertThat(fx(() -> robot.lookup("#format-npz").queryAs(CheckBox.class).isSelected())).isFalse();
    }

    @Test
    void theDialogsScaleAndFramesApplyToSheetOverlaysAndVideoAndReplay(FxRobot robot, @TempDir Path out)
            throws Exception {
        Path one = out.resolve("one");
        fx(() -> {
            h.window.exports().export(one, java.util.Set.of(ExportFormat.SHEET, ExportFormat.PNG));
            return null;
        });
        waitUntil(() -> Files.exists(one.resolve("params.json")) && !h.controller.isBusy());
        Path two = out.resolve("two");
        fx(() -> h.window.exports().exportDialog());
        waitUntil(() -> robot.lookup("#exportFolder").tryQuery().isPresent());
        fx(() -> {
            robot.lookup("#exportFolder").queryAs(TextField.class).setText(two.toString());
            robot.lookup("#format-npz").queryAs(CheckBox.class).setSelected(false);
            robot.lookup("#format-png").queryAs(CheckBox.class).setSelected(true);
            robot.lookup("#format-mp4").queryAs(CheckBox.class).setSelected(true);
            robot.lookup("#exportScale").queryAs(ComboBox.class).getSelectionModel().select(1); // 2×
            @SuppressWarnings("unchecked")
            ComboBox<VideoSpan> span = robot.lookup("#videoSpan").queryAs(ComboBox.class);
            span.getSelectionModel().select(VideoSpan.CLIP);
            ((Button) robot.lookup(".dialog-pane").queryAs(DialogPane.class).lookupButton(ButtonType.OK)).fire();
            return null;
        });
        waitUntil(() -> Files.exists(two.resolve("params.json")) && !h.controller.isBusy());

        BufferedImage sheet1 = ImageIO.read(one.resolve("sheet.png").toFile());
        BufferedImage sheet2 = ImageIO.read(two.resolve("sheet.png").toFile());
        assertThat(sheet2.getWidth()).isBetween(2 * sheet1.getWidth() - 4, 2 * sheet1.getWidth() + 4);
        assertThat(JSON.readTree(two.resolve("sheet.params.json").toFile()).at("/render/figureScale").asDouble())
                .isEqualTo(2.0);
        List<Path> pngs;
        try (Stream<Path> s = Files.list(two.resolve("overlays"))) {
            pngs = s.sorted().toList();
        }
        BufferedImage png = ImageIO.read(pngs.get(0).toFile());
        BufferedImage png1 = ImageIO.read(one.resolve("overlays").resolve(pngs.get(0).getFileName()).toFile());
        int width = 2 * png1.getWidth(); // the model's crop of the 64 × 48 frame, at 2×
        assertThat(png.getWidth()).isEqualTo(width);
        assertThat(png.getHeight()).isEqualTo(2 * png1.getHeight());
        JsonNode overlays = JSON.readTree(two.resolve("overlays.params.json").toFile());
        assertThat(overlays.at("/render/overlayScale").asDouble()).isEqualTo(2.0);
        JsonNode video = JSON.readTree(two.resolve("overlay.mp4.params.json").toFile());
        assertThat(video.at("/render/videoSpan").asText()).isEqualTo("clip");
        assertThat(video.at("/render/overlayScale").asDouble()).isEqualTo(2.0);
        assertThat(video.at("/outputs/overlay.mp4/width").asInt()).isEqualTo(width);
        int[] frames = fx(() -> h.state.analysisProperty().get().frameIndices());
        assertThat(video.at("/outputs/overlay.mp4/frames").asInt())
                .isEqualTo(frames[frames.length - 1] - frames[0] + 1);

        // the CLI replays each at the recorded scale and span
        Path again = out.resolve("again");
        assertThat(Main.commandLine().execute("export", "--replay", two.resolve("overlays.params.json").toString(),
                "--out", again.toString())).isZero();
        ScreenshotReplayTest.assertSamePixels(pngs.get(0), again.resolve("overlays").resolve(pngs.get(0)
                .getFileName()));
        Path againVideo = out.resolve("again-video");
        assertThat(Main.commandLine().execute("export", "--replay", two.resolve("overlay.mp4.params.json").toString(),
                "--out", againVideo.toString())).isZero();
        JsonNode replayed = JSON.readTree(againVideo.resolve("overlay.mp4.params.json").toFile());
        assertThat(replayed.at("/outputs/overlay.mp4/width").asInt()).isEqualTo(width);
        assertThat(replayed.at("/outputs/overlay.mp4/frames").asInt()).isEqualTo(video.at("/outputs/overlay.mp4/frames")
                .asInt());
        assertThat(ExportFormat.PNG.id()).isEqualTo("png");
    }
}
