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
import java.util.Set;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.render.Blend;
import org.spacetimelens.render.Colormap;
import org.spacetimelens.render.Upsampling;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.ClipSampler;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the real window on the real core (tiny random checkpoint, generated video): open, change
 * layer and heads, scrub, click a patch, export — asserting on the view-state and on pixels.
 */
@ExtendWith(ApplicationExtension.class)
class ViewerWindowTest {
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
    void opensVideoAndModelAndShowsTheirMaps() throws Exception {
        ModelSummary card = fx(() -> h.state.modelProperty().get());
        assertThat(card.layers()).isEqualTo(2);
        assertThat(card.heads()).isEqualTo(3);
        assertThat(card.frames()).isEqualTo(4);
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        // Uniform sampling is the published sampler over the whole video.
        assertThat(a.frameIndices()).containsExactly(ClipSampler.uniform(ViewerHarness.VIDEO_FRAMES, 4));
        assertThat(fx(() -> List.copyOf(h.state.predictions()))).hasSize(5);
        assertThat(fx(() -> ((Label) h.window.root().lookup("#modelName")).getText())).endsWith("/model");
        assertThat(fx(() -> h.state.thumbnails().size())).isGreaterThan(0);
        // The map on screen is the core's rollout of this record with the default recipe.
        AttentionMaps shown = fx(() -> h.state.mapsProperty().get());
        AttentionMaps expected = Rollout.compute(a.record(), RolloutParams.defaults());
        assertThat(shown.values()).containsExactly(expected.values());
    }

    @Test
    void overlayPixelsShowTheMapWhereItSays(FxRobot robot) throws Exception {
        showPlainMapColours();
        int t = fx(() -> h.state.shownClipFrameProperty().get());
        AttentionMaps maps = fx(() -> h.state.mapsProperty().get());
        assertSpread(maps, t);
        assertPatchColoursMatch(maps, t);

        // A different layer gives a different map, and the pixels follow it.
        robot.press(KeyCode.OPEN_BRACKET).release(KeyCode.OPEN_BRACKET);
        waitUntil(() -> h.state.layerProperty().get() == 0);
        h.settle();
        AttentionMaps layer1 = fx(() -> h.state.mapsProperty().get());
        assertThat(layer1.values()).isNotEqualTo(maps.values());
        assertPatchColoursMatch(layer1, t);
    }

    @Test
    void atModerateZoomTheCanvasShowsTheFrameResampledInTheBackground() throws Exception {
        showPlainMapColours();
        fx(() -> {
            h.state.fitToWindowProperty().set(false);
            h.state.zoomProperty().set(1.5);
            return null;
        });
        h.settle();
        fx(() -> {
            h.state.layerProperty().set(0); // a new overlay, drawn by a frame job that knows the zoom
            return null;
        });
        waitUntil(() -> {
            ScaledFrame f = h.state.scaledFrameProperty().get();
            return f != null && f.matches(h.state.frameImageProperty().get(), 1.5);
        });
        h.settle();
        ScaledFrame f = fx(() -> h.state.scaledFrameProperty().get());
        assertThat(f.image().getWidth()).isEqualTo(Math.round(f.source().getWidth() * 1.5));
        int t = fx(() -> h.state.shownClipFrameProperty().get());
        assertPatchColoursMatch(fx(() -> h.state.mapsProperty().get()), t);
    }

    @Test
    void layerAndHeadControlsDriveTheRollout(FxRobot robot) throws Exception {
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        // Double-click solos head 2 (index 1); the map becomes that head's rollout. Monocle's robot
        // does not synthesise click counts, so the second click of the double-click is fired as such.
        reveal("#head-1");
        robot.clickOn("#head-1");
        fx(() -> {
            var chip = h.window.root().lookup("#head-1");
            Point2D c = chip.localToScene(5, 5);
            Point2D s = chip.localToScreen(5, 5);
            javafx.event.Event.fireEvent(chip, new javafx.scene.input.MouseEvent(
                    javafx.scene.input.MouseEvent.MOUSE_CLICKED, c.getX(), c.getY(), s.getX(), s.getY(),
                    MouseButton.PRIMARY, 2, false, false, false, false, true, false, false, true, false, true,
                    null));
            return null;
        });
        waitUntil(() -> h.state.heads().equals(Set.of(1)));
        h.settle();
        RolloutParams p = fx(() -> h.state.rolloutParams().get());
        assertThat(p.heads()).containsExactly(1);
        assertThat(fx(() -> h.state.mapsProperty().get()).values())
                .containsExactly(Rollout.compute(a.record(), RolloutParams.defaults().withHeads(1)).values());
        // A single click adds head 3 (index 2): two heads, mean-fused.
        robot.clickOn("#head-2");
        waitUntil(() -> h.state.heads().equals(Set.of(1, 2)));
        // The layer keys: "[" goes down to layer 1 (index 0).
        robot.press(KeyCode.OPEN_BRACKET).release(KeyCode.OPEN_BRACKET);
        waitUntil(() -> h.state.layerProperty().get() == 0);
        h.settle();
        RolloutParams expected = RolloutParams.defaults().withHeads(1, 2).withUpToLayer(0);
        assertThat(fx(() -> h.state.rolloutParams().get())).isEqualTo(expected);
        assertThat(fx(() -> h.state.mapsProperty().get()).values())
                .containsExactly(Rollout.compute(a.record(), expected).values());
        // Method buttons: the spatial single-layer view.
        reveal("#method-spatial");
        robot.clickOn("#method-spatial");
        waitUntil(() -> h.state.methodProperty().get() == RolloutMethod.SPATIAL);
        h.settle();
        assertThat(fx(() -> h.state.mapsProperty().get()).values()).containsExactly(
                Rollout.compute(a.record(), expected.withMethod(RolloutMethod.SPATIAL).withStartLayer(0)).values());
        // Option changes re-use the cached forward pass.
        assertThat(h.backend.analyseCalls.get()).isEqualTo(1);
    }

    @Test
    void scrubbingMovesThePlayheadAndQueuesNoForwardPass(FxRobot robot) throws Exception {
        // Window sampling: leaving the clip span asks for a new clip, but only after the drag ends.
        fx(() -> {
            h.state.windowRateProperty().set(2);
            h.state.samplingModeProperty().set(SamplingMode.WINDOW);
            return null;
        });
        waitUntil(() -> h.state.analysisProperty().get() != null
                && h.state.analysisProperty().get().frameIndices()[0] != ClipSampler.uniform(24, 4)[0]);
        h.settle();
        int before = h.backend.analyseCalls.get();
        TimelineView tl = h.window.timeline();
        Point2D from = fx(() -> tl.localToScreen(tl.xOf(1), 20));
        Point2D to = fx(() -> tl.localToScreen(tl.xOf(22), 20));
        robot.moveTo(from).press(MouseButton.PRIMARY);
        for (int i = 1; i <= 10; i++) {
            robot.moveTo(from.add(to.subtract(from).multiply(i / 10.0)));
        }
        assertThat(fx(() -> h.state.scrubbingProperty().get())).isTrue();
        assertThat(h.backend.analyseCalls.get()).as("no forward pass while scrubbing").isEqualTo(before);
        robot.release(MouseButton.PRIMARY);
        int target = fx(() -> tl.frameAt(tl.screenToLocal(to).getX()));
        assertThat(target).isBetween(20, 23);
        waitUntil(() -> h.state.playheadProperty().get() == target && !h.state.scrubbingProperty().get());
        h.settle();
        assertThat(fx(() -> h.state.frameImageIndexProperty().get())).isEqualTo(target);
        // One new clip around the release point, not one per drag step.
        assertThat(h.backend.analyseCalls.get()).isEqualTo(before + 1);
        int[] clip = fx(() -> h.state.analysisProperty().get().frameIndices());
        assertThat(target).isBetween(clip[0] - 1, clip[clip.length - 1] + 1);
    }

    @Test
    void clickingAPatchMakesItTheQueryAndEscapeGoesBackToCls(FxRobot robot) throws Exception {
        int t = fx(() -> h.state.shownClipFrameProperty().get());
        Point2D p = patchOnScreen(1, 2);
        robot.moveTo(p);
        waitUntil(() -> h.state.hoverTextProperty().get().contains("token (y 1, x 2, t " + t + ")"));
        String hover = fx(() -> h.state.hoverTextProperty().get());
        AttentionMaps cls = fx(() -> h.state.mapsProperty().get());
        assertThat(hover).contains(String.format("value %.3f", cls.at(t, 1, 2)));
        robot.clickOn(p);
        waitUntil(() -> h.state.queryProperty().get().equals(QueryToken.patch(1, 2, t)));
        h.settle();
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        AttentionMaps patch = fx(() -> h.state.mapsProperty().get());
        assertThat(patch.values()).containsExactly(Rollout.compute(a.record(),
                RolloutParams.defaults().withQuery(QueryToken.patch(1, 2, t))).values());
        assertThat(fx(() -> ((Label) h.window.root().lookup("#queryLabel")).getText())).contains("y 1, x 2");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitUntil(() -> h.state.queryProperty().get().cls());
    }

    @Test
    void exportsScreenshotFigureAndMapsThatTheCliReplays(@TempDir Path out) throws Exception {
        // A different view than the defaults, so the replay has something to get right.
        fx(() -> {
            h.state.layerProperty().set(0);
            h.state.soloHead(2, 3);
            h.state.colormapProperty().set(Colormap.VIRIDIS);
            return null;
        });
        waitUntil(() -> h.state.rolloutParams().get().heads().equals(List.of(2)));
        h.settle();
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        AttentionMaps shown = fx(() -> h.state.mapsProperty().get());

        Path shot = out.resolve("shot.png");
        double w = fx(() -> h.window.frameView().getWidth());
        fx(() -> {
            h.window.exports().screenshot(shot, 2);
            return null;
        });
        Path sidecar = out.resolve("shot.params.json");
        waitUntil(() -> Files.exists(sidecar) && !h.controller.isBusy());
        BufferedImage img = ImageIO.read(shot.toFile());
        // The frame's part of the view (no letterbox), with the colour bar beside it (ViewerTrustTest).
        assertThat(img.getHeight()).isLessThanOrEqualTo((int) Math.round(2 * fx(() -> h.window.frameView().getHeight())));
        assertThat(img.getWidth()).isGreaterThan((int) Math.round(w));
        JsonNode json = new ObjectMapper().readTree(sidecar.toFile());
        assertThat(json.at("/rollout/method").asText()).isEqualTo("ROLLOUT");
        assertThat(json.at("/rollout/heads/0").asInt()).isEqualTo(2);
        assertThat(json.at("/config/numLayers").asInt()).isEqualTo(2);
        assertThat(json.at("/clip/frameIndices").size()).isEqualTo(a.frameCount());
        assertThat(json.at("/checkpoint/sha256").asText()).hasSize(64);
        assertThat(json.at("/replay/0").asText()).isEqualTo("export");

        Path figureDir = out.resolve("figure");
        Path mapsDir = out.resolve("maps");
        fx(() -> {
            h.window.exports().figure(figureDir);
            return null;
        });
        waitUntil(() -> Files.exists(figureDir.resolve("params.json")) && !h.controller.isBusy());
        fx(() -> {
            h.window.exports().maps(mapsDir);
            return null;
        });
        waitUntil(() -> Files.exists(mapsDir.resolve("params.json")) && !h.controller.isBusy());
        assertThat(figureDir.resolve("sheet.png")).exists();
        // The view keeps float16 attention (the default); exports re-run the clip in float32, so the
        // written maps are within float16's rounding of the shown ones and exactly what the CLI computes.
        assertThat(a.record().isHalf()).isTrue();
        float[] exported = npzFloats(mapsDir.resolve("maps.npz"), "rollout");
        assertThat(exported).hasSameSizeAs(shown.values());
        for (int i = 0; i < exported.length; i++) {
            assertThat(exported[i]).isCloseTo(shown.values()[i], org.assertj.core.data.Offset.offset(1e-3f));
        }
        assertThat(new ObjectMapper().readTree(mapsDir.resolve("params.json").toFile()).toString())
                .contains("\"attentionStorage\":\"float32\"");
        Path mapsAgain = out.resolve("maps-again");
        assertThat(org.spacetimelens.cli.Main.commandLine().execute("export", "--replay",
                mapsDir.resolve("params.json").toString(), "--out", mapsAgain.toString())).isZero();
        assertThat(npzFloats(mapsAgain.resolve("maps.npz"), "rollout")).containsExactly(exported);

        // The CLI re-runs each sidecar (decode, forward pass, rollout, render) and gets the same results.
        Path again = out.resolve("again");
        assertThat(org.spacetimelens.cli.Main.commandLine().execute("export", "--replay",
                figureDir.resolve("params.json").toString(), "--out", again.toString())).isZero();
        BufferedImage viewerSheet = ImageIO.read(figureDir.resolve("sheet.png").toFile());
        BufferedImage cliSheet = ImageIO.read(again.resolve("sheet.png").toFile());
        assertThat(cliSheet.getWidth()).isEqualTo(viewerSheet.getWidth());
        assertThat(cliSheet.getHeight()).isEqualTo(viewerSheet.getHeight());
        assertThat(maxChannelDifference(viewerSheet, cliSheet)).isLessThanOrEqualTo(2);
        Path fromShot = out.resolve("from-shot");
        assertThat(org.spacetimelens.cli.Main.commandLine().execute("export", "--replay", sidecar.toString(),
                "--out", fromShot.toString())).isZero();
        // a screenshot's replay re-draws the screenshot itself (ScreenshotReplayTest), pixel for pixel
        ScreenshotReplayTest.assertSamePixels(shot, fromShot.resolve("shot.png"));
    }

    private static float[] npzFloats(Path npz, String name) throws Exception {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
                var in = Files.newInputStream(npz)) {
            return ai.djl.ndarray.NDList.decode(m, in).get(name).toFloatArray();
        }
    }

    private static int maxChannelDifference(BufferedImage a, BufferedImage b) {
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s <= 16; s += 8) {
                    max = Math.max(max, Math.abs(((p >> s) & 0xFF) - ((q >> s) & 0xFF)));
                }
            }
        }
        return max;
    }

    @Test
    void float32AttentionDoublesTheRecordAndMovesTheMapLessThanARounding() throws Exception {
        ClipAnalysis half = fx(() -> h.state.analysisProperty().get());
        AttentionMaps halfMaps = fx(() -> h.state.mapsProperty().get());
        assertThat(half.record().isHalf()).as("float16 is the default").isTrue();
        fx(() -> {
            h.state.halfAttentionProperty().set(false);
            return null;
        });
        waitUntil(() -> h.state.analysisProperty().get() != half && h.state.analysisProperty().get() != null);
        h.settle();
        ClipAnalysis full = fx(() -> h.state.analysisProperty().get());
        assertThat(full.record().isHalf()).isFalse();
        assertThat(half.record().byteSize() * 2).isEqualTo(full.record().byteSize());
        AttentionMaps fullMaps = fx(() -> h.state.mapsProperty().get());
        for (int i = 0; i < fullMaps.values().length; i++) {
            assertThat(halfMaps.values()[i]).isCloseTo(fullMaps.values()[i], org.assertj.core.data.Offset.offset(3e-3f));
        }
        assertThat(fx(() -> h.state.cacheEntriesProperty().get())).isEqualTo(2);
    }

    @Test
    void aSmallerCacheBudgetDropsTheOldestClips() throws Exception {
        ClipAnalysis first = fx(() -> h.state.analysisProperty().get());
        fx(() -> {
            h.state.halfAttentionProperty().set(false); // a second clip in the cache
            return null;
        });
        waitUntil(() -> h.state.analysisProperty().get() != first && h.state.analysisProperty().get() != null);
        h.settle();
        assertThat(fx(() -> h.state.cacheEntriesProperty().get())).isEqualTo(2);
        ClipAnalysis second = fx(() -> h.state.analysisProperty().get());
        fx(() -> {
            h.state.cacheBudgetProperty().set(second.byteSize()); // room for one
            return null;
        });
        assertThat(fx(() -> h.state.cacheEntriesProperty().get())).isEqualTo(1);
        assertThat(fx(() -> h.state.cacheBytesProperty().get())).isEqualTo(second.byteSize());
        // the shown clip stays, and its maps still follow the options
        fx(() -> {
            h.state.layerProperty().set(0);
            return null;
        });
        h.settle();
        assertThat(fx(() -> h.state.analysisProperty().get())).isSameAs(second);
    }

    @Test
    void aBadCheckpointIsReportedInlineAndTheCurrentModelStays(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("broken.safetensors");
        Files.write(junk, new byte[] {1, 2, 3});
        ModelSummary before = fx(() -> h.state.modelProperty().get());
        fx(() -> {
            h.controller.openModel(junk);
            return null;
        });
        waitUntil(() -> h.state.lastErrorProperty().get() != null);
        String error = fx(() -> h.state.lastErrorProperty().get());
        assertThat(error).contains("broken.safetensors").doesNotContain("Exception:").doesNotContain("\tat ");
        assertThat(fx(() -> h.state.modelProperty().get())).isSameAs(before);
        assertThat(fx(() -> h.state.mapsProperty().get())).isNotNull();

        // The same for a file that is not a video: named in the message, the open video stays.
        Path notVideo = dir.resolve("notes.mp4");
        Files.writeString(notVideo, "this is not a video");
        VideoMeta video = fx(() -> h.state.videoProperty().get());
        fx(() -> {
            h.state.lastErrorProperty().set(null);
            h.controller.openVideo(notVideo);
            return null;
        });
        waitUntil(() -> h.state.lastErrorProperty().get() != null);
        assertThat(fx(() -> h.state.lastErrorProperty().get())).contains("notes.mp4").doesNotContain("\tat ");
        assertThat(fx(() -> h.state.videoProperty().get())).isSameAs(video);
        assertThat(fx(() -> h.state.frameImageProperty().get())).isNotNull();
    }

    // --- helpers ------------------------------------------------------------------------------

    /** Scrolls the side panel so the node is on screen (the robot clicks only what is visible). */
    private void reveal(String selector) throws Exception {
        fx(() -> {
            var node = h.window.root().lookup(selector);
            var pane = (javafx.scene.control.ScrollPane) h.window.root().lookup("#sidePanel");
            double y = pane.getContent().sceneToLocal(node.localToScene(0, 0)).getY();
            double range = pane.getContent().getBoundsInLocal().getHeight() - pane.getViewportBounds().getHeight();
            pane.setVvalue(Math.max(0, Math.min(1, (y - 100) / range)));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Jet, nearest upsampling, opaque alpha: each patch shows exactly its map colour. */
    private void showPlainMapColours() throws Exception {
        fx(() -> {
            h.state.colormapProperty().set(Colormap.JET);
            h.state.blendProperty().set(Blend.ALPHA);
            h.state.opacityProperty().set(1.0);
            h.state.valueWeightedProperty().set(false);
            h.state.upsamplingProperty().set(Upsampling.NEAREST);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        h.settle();
    }

    private static void assertSpread(AttentionMaps maps, int t) {
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (int y = 0; y < maps.gridH(); y++) {
            for (int x = 0; x < maps.gridW(); x++) {
                lo = Math.min(lo, maps.at(t, y, x));
                hi = Math.max(hi, maps.at(t, y, x));
            }
        }
        assertThat(hi - lo).as("the fixture's map must vary across patches for the pixel test to mean much")
                .isGreaterThan(0.15f);
    }

    /** Every patch's centre pixel on screen has the colormap colour of that patch's value. */
    private void assertPatchColoursMatch(AttentionMaps maps, int t) throws Exception {
        WritableImage shot = fx(() -> h.window.frameView().snapshot(null, null));
        PixelReader px = shot.getPixelReader();
        for (int y = 0; y < maps.gridH(); y++) {
            for (int x = 0; x < maps.gridW(); x++) {
                Point2D c = patchInView(y, x);
                int argb = px.getArgb((int) c.getX(), (int) c.getY());
                int want = Colormap.JET.argb(maps.at(t, y, x));
                for (int shift = 0; shift <= 16; shift += 8) {
                    assertThat(Math.abs(((argb >> shift) & 0xFF) - ((want >> shift) & 0xFF)))
                            .as("patch (%d, %d) colour %06x vs map colour %06x", y, x, argb & 0xFFFFFF,
                                    want & 0xFFFFFF)
                            .isLessThanOrEqualTo(8);
                }
            }
        }
    }

    private Point2D patchInView(int y, int x) throws Exception {
        return fx(() -> {
            ClipAnalysis a = h.state.analysisProperty().get();
            var img = h.state.frameImageProperty().get();
            double[] r = new TokenLocator(a.crop(), a.record().gridH(), a.record().gridW()).patchRect(y, x);
            double sx = img.getWidth() / a.crop().sourceWidth();
            double sy = img.getHeight() / a.crop().sourceHeight();
            double[] v = h.window.frameView().toView((r[0] + r[2] / 2) * sx, (r[1] + r[3] / 2) * sy);
            return new Point2D(v[0], v[1]);
        });
    }

    private Point2D patchOnScreen(int y, int x) throws Exception {
        Point2D v = patchInView(y, x);
        return fx(() -> h.window.frameView().localToScreen(v));
    }
}
