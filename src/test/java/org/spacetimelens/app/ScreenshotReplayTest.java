package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.cli.Main;
import org.spacetimelens.render.Blend;
import org.spacetimelens.render.Colormap;
import org.spacetimelens.render.Upsampling;
import org.spacetimelens.rollout.MapNormalization;
import org.spacetimelens.rollout.QueryToken;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A viewer screenshot's sidecar records the frame (or grid) shown and every option that reaches its
 * pixels, and {@code export --replay} of it re-draws the same picture: byte-equal pixels. Both draw
 * through {@code render.ViewShotRenderer} (Java2D, no display) from the same decoded frames and the
 * same maps (the replay runs the forward pass with the view's float16 attention storage, {@code --fp16}),
 * so no tolerance is needed; text is drawn with the same JVM's fonts.
 */
@ExtendWith(ApplicationExtension.class)
class ScreenshotReplayTest {
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

    /** Ground-truth boxes for every frame of the fixture video (64 × 48). */
    private static VideoHints hints() {
        List<double[]> boxes = new ArrayList<>();
        for (int i = 0; i < ViewerHarness.VIDEO_FRAMES; i++) {
            boxes.add(new double[] {10 + i, 8, 34 + i, 30});
        }
        return new VideoHints(8, 1, Collections.nCopies(ViewerHarness.VIDEO_FRAMES, "x"), boxes);
    }

    private Path shoot(Path file, int scale, boolean caption) throws Exception {
        h.settle();
        fx(() -> {
            h.window.exports().screenshot(file, scale, caption);
            return null;
        });
        Path sidecar = FileKinds.sidecarOf(file);
        waitUntil(() -> Files.exists(sidecar) && Files.exists(file) && !h.controller.isBusy());
        return sidecar;
    }

    @Test
    void aZoomedFrameViewWithEveryOverlayReplaysToTheSamePixels(@TempDir Path out) throws Exception {
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        int playhead = a.frameIndices()[1] + 1; // between two clip frames: the nearest one's map is drawn
        int t = a.nearestClipFrame(playhead);
        fx(() -> {
            h.state.colormapProperty().set(Colormap.VIRIDIS);
            h.state.blendProperty().set(Blend.ALPHA);
            h.state.opacityProperty().set(0.8);
            h.state.valueWeightedProperty().set(true);
            h.state.upsamplingProperty().set(Upsampling.NEAREST);
            h.state.tokenGridProperty().set(true);
            h.state.queryProperty().set(QueryToken.patch(0, 1, a.slotOf(t)));
            h.state.hintsProperty().set(hints());
            h.state.showTruthProperty().set(true);
            h.state.canvasColourBarProperty().set(true);
            h.state.playheadProperty().set(playhead);
            return null;
        });
        waitUntil(() -> h.state.frameImageIndexProperty().get() == playhead);
        h.settle();
        fx(() -> {
            FrameView v = h.window.frameView();
            v.zoomAbout(v.getWidth() * 0.3, v.getHeight() * 0.4, 1.6); // zoomed in past the view: a part shows
            return null;
        });
        Path shot = out.resolve("view.png");
        Path sidecar = shoot(shot, 2, true);

        JsonNode json = JSON.readTree(sidecar.toFile());
        assertThat(json.at("/view/view").asText()).isEqualTo("frame");
        assertThat(json.at("/view/frame/frameIndex").asInt()).isEqualTo(playhead);
        assertThat(json.at("/view/frame/clipFrame").asInt()).isEqualTo(t);
        assertThat(json.at("/view/frame/mapFrameIndex").asInt()).isEqualTo(a.frameIndices()[t]);
        assertThat(json.at("/view/frame/timestamp").isNumber()).isTrue();
        assertThat(json.at("/view/frame/zoom").asDouble()).isGreaterThan(1);
        assertThat(json.at("/view/frame/truthBox").size()).isEqualTo(4);
        assertThat(json.at("/view/scale").asInt()).isEqualTo(2);
        assertThat(json.at("/view/queryMarker").asBoolean()).isTrue();
        assertThat(json.at("/view/truthBox").asBoolean()).isTrue();
        assertThat(json.at("/view/colorBar").asBoolean()).isTrue();
        assertThat(json.at("/view/caption").asText()).contains("layers");
        assertThat(json.at("/view/theme/name").asText()).isEqualTo("light");
        assertThat(json.at("/view/range").asText()).isEqualTo("normalised");
        assertThat(json.at("/render/colormap").asText()).isEqualTo("viridis");
        assertThat(json.at("/render/blend").asText()).isEqualTo("alpha");
        assertThat(json.at("/render/opacity").asDouble()).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(json.at("/render/valueWeighted").asBoolean()).isTrue();
        assertThat(json.at("/render/upsampling").asText()).isEqualTo("nearest");
        assertThat(json.at("/render/showGrid").asBoolean()).isTrue();
        assertThat(json.at("/rollout/query/y").asInt()).isZero();
        assertThat(json.at("/rollout/query/x").asInt()).isEqualTo(1);
        assertThat(json.at("/replay").toString()).contains("--view-shot").doesNotContain("\"--format\"");

        Path again = out.resolve("again");
        assertThat(Main.commandLine().execute("export", "--replay", sidecar.toString(), "--out", again.toString()))
                .isZero();
        assertSamePixels(shot, again.resolve("view.png"));
        assertThat(again.resolve("view.params.json")).exists();
        // the replayed screenshot's own sidecar replays again, to the same picture
        Path third = out.resolve("third");
        assertThat(Main.commandLine().execute("export", "--replay", again.resolve("view.params.json").toString(),
                "--out", third.toString())).isZero();
        assertSamePixels(shot, third.resolve("view.png"));
        // and, like every export, it does not overwrite without --force
        assertThat(Main.commandLine().execute("export", "--replay", sidecar.toString(), "--out", again.toString()))
                .isEqualTo(1);
        assertThat(Main.commandLine().execute("export", "--replay", sidecar.toString(), "--out", again.toString(),
                "--force")).isZero();
    }

    @Test
    void aDarkGridOfRawMapsReplaysToTheSamePixels(@TempDir Path out) throws Exception {
        fx(() -> {
            h.state.themeProperty().set(ThemeChoice.DARK);
            h.state.normalisationProperty().set(MapNormalization.NONE);
            h.state.colormapProperty().set(Colormap.INFERNO);
            h.state.hintsProperty().set(hints());
            h.state.showTruthProperty().set(true);
            h.state.canvasColourBarProperty().set(true);
            h.state.gridModeProperty().set(true);
            return null;
        });
        h.settle();
        waitUntil(() -> !h.state.gridOverlays().isEmpty());
        h.settle();
        Path shot = out.resolve("grid.png");
        Path sidecar = shoot(shot, 1, false);
        JsonNode json = JSON.readTree(sidecar.toFile());
        assertThat(json.at("/view/view").asText()).isEqualTo("grid");
        assertThat(json.at("/view/grid/columns").asInt()).isPositive();
        assertThat(json.at("/view/grid/frameIndices").size()).isEqualTo(json.at("/clip/frameIndices").size());
        assertThat(json.at("/view/grid/truthBoxes").size()).isEqualTo(json.at("/clip/frameIndices").size());
        assertThat(json.at("/view/range").asText()).isEqualTo("auto");
        assertThat(json.at("/view/rangeMax").asDouble()).isLessThan(1);
        assertThat(json.at("/view/theme/name").asText()).isEqualTo("dark");
        assertThat(json.at("/view").has("caption")).isFalse();
        assertThat(json.at("/rollout/normalization").asText()).isEqualTo("NONE");

        Path again = out.resolve("again");
        assertThat(Main.commandLine().execute("export", "--replay", sidecar.toString(), "--out", again.toString()))
                .isZero();
        assertSamePixels(shot, again.resolve("grid.png"));
    }

    /** Same size and every pixel equal. */
    static void assertSamePixels(Path expected, Path actual) throws Exception {
        BufferedImage a = ImageIO.read(expected.toFile());
        BufferedImage b = ImageIO.read(actual.toFile());
        assertThat(b.getWidth()).isEqualTo(a.getWidth());
        assertThat(b.getHeight()).isEqualTo(a.getHeight());
        int differing = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    differing++;
                }
            }
        }
        assertThat(differing).as("pixels that differ of " + a.getWidth() * a.getHeight()).isZero();
    }
}
