package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.JointConfig;
import org.spacetimelens.model.ModelFamily;
import org.spacetimelens.model.TensorDType;
import org.spacetimelens.model.testing.JointCheckpoints;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.render.Blend;
import org.spacetimelens.render.Colormap;
import org.spacetimelens.render.Upsampling;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.ClipSampler;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window on tiny random VideoMAE and ViViT checkpoints: the model panel names the architecture
 * and tubelet, the temporal view is hidden, each tubelet's map is drawn on every frame it covers, a
 * click sets the query's slot t', and the maps export carries the joint {@code attention}.
 */
@ExtendWith(ApplicationExtension.class)
class JointViewerTest {
    /** VideoMAE: 4 frames of 32², tubelet 2, patch 8 (4 × 4 patches, 2 slots), mean pooling. */
    private static final JointConfig VIDEOMAE = new JointConfig(ModelFamily.VIDEOMAE, 32, 8, 2, 3, 4, 16, 2, 2, 32,
            "gelu", 1e-12, true, true, 5, TinyConfigs.labels(5));

    private ViewerHarness h;

    @Start
    void start(Stage stage) {
        h = ViewerHarness.start(stage);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private void open(Path dir, JointConfig c) throws Exception {
        Path model = JointCheckpoints.writeHfFolder(dir.resolve(c.family().modelType()), c,
                JointCheckpoints.weights(c, 5), true, TensorDType.F32, "{\"size\": {\"shortest_edge\": " + c.imageSize()
                        + "}, \"crop_size\": {\"height\": " + c.imageSize() + ", \"width\": " + c.imageSize() + "}}");
        Path video = ViewerHarness.video();
        fx(() -> {
            h.controller.openModel(model);
            h.controller.openVideo(video);
            return null;
        });
        waitUntil(() -> h.state.analysisProperty().get() != null && h.state.mapsProperty().get() != null
                && h.state.shownClipFrameProperty().get() >= 0);
        h.settle();
    }

    @Test
    void videoMaeShowsItsTubeletsOnEveryFrame(@TempDir Path dir) throws Exception {
        open(dir, VIDEOMAE);
        ModelSummary card = fx(() -> h.state.modelProperty().get());
        assertThat(card.architecture()).isEqualTo("VideoMAE");
        assertThat(card.tubelet()).isEqualTo(2);
        assertThat(card.tokenLayout()).isEqualTo("mean of (t', y, x), tubelet 2");
        assertThat(text("#model-architecture")).isEqualTo("VideoMAE");
        assertThat(text("#model-tubelet")).contains("2 frames").contains("2 slots");
        assertThat(text("#model-tokens")).contains("mean of (t', y, x)");
        assertThat(text("#queryLabel")).isEqualTo("Output (mean of all tokens)");
        assertTemporalHidden();

        // The model's own frame count is sampled; the record has one slot per tubelet.
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        assertThat(a.frameIndices()).containsExactly(ClipSampler.uniform(ViewerHarness.VIDEO_FRAMES, 4));
        assertThat(a.record().frames()).isEqualTo(2);
        AttentionMaps slots = Rollout.compute(a.record(), RolloutParams.defaults());
        AttentionMaps shown = fx(() -> h.state.mapsProperty().get());
        assertThat(shown.frames()).isEqualTo(4);
        assertThat(shown.values()).containsExactly(slots.perFrame(2).values());
        assertThat(slots.frame(0)).isNotEqualTo(slots.frame(1));

        // Map t' is drawn on both frames of its tubelet, in the single view and in the grid.
        plainMapColours();
        for (int t = 0; t < 4; t++) {
            int frame = a.frameIndices()[t];
            int clipFrame = t;
            fx(() -> {
                h.state.playheadProperty().set(frame);
                return null;
            });
            waitUntil(() -> h.state.shownClipFrameProperty().get() == clipFrame);
            h.settle();
            assertPatchColours(slots.frame(t / 2), slots.gridW());
        }
        fx(() -> {
            h.state.gridModeProperty().set(true);
            return null;
        });
        waitUntil(() -> h.state.gridOverlays().size() == 4);

        // Clicking a patch on clip frame 3 rolls out from that patch of slot t' = 1.
        fx(() -> {
            h.state.gridModeProperty().set(false);
            return null;
        });
        h.settle();
        assertThat(fx(() -> h.state.shownClipFrameProperty().get())).isEqualTo(3);
        Point2D p = patchInView(1, 2);
        assertThat(fx(() -> h.window.frameView().selectQuery(p.getX(), p.getY()))).isTrue();
        assertThat(fx(() -> h.state.queryProperty().get())).isEqualTo(QueryToken.patch(1, 2, 1));
        assertThat(text("#queryLabel")).isEqualTo("patch (y 1, x 2, t' 1)");
        h.settle();
        AttentionMaps fromPatch = fx(() -> h.state.mapsProperty().get());
        assertThat(fromPatch.values()).containsExactly(Rollout.compute(a.record(), RolloutParams.defaults()
                .toBuilder().query(QueryToken.patch(1, 2, 1)).build()).perFrame(2).values());

        // The maps export writes the joint attention (L, heads, N, N) in the model's token order.
        Path out = dir.resolve("maps");
        fx(() -> {
            h.window.exports().maps(out);
            return null;
        });
        waitUntil(() -> Files.exists(out.resolve("params.json")) && !h.controller.isBusy());
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager();
                var in = Files.newInputStream(out.resolve("maps.npz"))) {
            ai.djl.ndarray.NDList npz = ai.djl.ndarray.NDList.decode(m, in);
            assertThat(npz.get("attention").getShape().getShape()).containsExactly(2, 2, 32, 32);
            assertThat(npz.get("rollout").getShape().getShape()).containsExactly(2, 4, 4);
        }
    }

    @Test
    void vivitSamplesItsOwnFrameCountAndHidesTheTemporalView(@TempDir Path dir) throws Exception {
        fx(() -> {
            h.state.methodProperty().set(RolloutMethod.TEMPORAL);
            return null;
        });
        open(dir, JointCheckpoints.vivit());
        ModelSummary card = fx(() -> h.state.modelProperty().get());
        assertThat(card.architecture()).isEqualTo("ViViT");
        assertThat(card.frames()).isEqualTo(6);
        assertThat(text("#model-tokens")).isEqualTo("cls + (t', y, x), tubelet 2");
        assertThat(text("#queryLabel")).isEqualTo("CLS token");
        assertTemporalHidden();
        // A temporal view chosen before is dropped for the rollout.
        assertThat(fx(() -> h.state.methodProperty().get())).isEqualTo(RolloutMethod.ROLLOUT);
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        assertThat(a.frameCount()).isEqualTo(6);
        assertThat(a.record().frames()).isEqualTo(3);
        AttentionMaps shown = fx(() -> h.state.mapsProperty().get());
        assertThat(shown.frames()).isEqualTo(6);
        assertThat(Arrays.equals(shown.frame(4), shown.frame(5))).isTrue();
    }

    private void assertTemporalHidden() throws Exception {
        Node temporal = fx(() -> h.window.root().lookup("#method-temporal"));
        assertThat(fx(temporal::isVisible)).isFalse();
        assertThat(fx(temporal::isManaged)).isFalse();
        assertThat(fx(() -> h.window.root().lookup("#method-spatial").isVisible())).isTrue();
    }

    private String text(String id) throws Exception {
        return fx(() -> ((Label) h.window.root().lookup(id)).getText());
    }

    private void plainMapColours() throws Exception {
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

    /** Every patch's centre pixel on screen has the colormap colour of {@code map}'s value there. */
    private void assertPatchColours(float[] map, int gw) throws Exception {
        WritableImage shot = fx(() -> h.window.frameView().snapshot(null, null));
        PixelReader px = shot.getPixelReader();
        for (int y = 0; y < map.length / gw; y++) {
            for (int x = 0; x < gw; x++) {
                Point2D c = patchInView(y, x);
                int argb = px.getArgb((int) c.getX(), (int) c.getY());
                int want = Colormap.JET.argb(map[y * gw + x]);
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
}
