package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.cli.Main;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.ModelLoader;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.ClipTensor;
import org.spacetimelens.video.Preprocessor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Class evidence" in the real window on the real core (tiny random divided space-time checkpoint, generated
 * video): the map equals the core's gradient-weighted rollout and the CLI's export for the same options; the
 * prediction panel picks the class (click), the contrast (shift-click) and back; the gradients are computed in
 * the background (latest wins, rollout stays available meanwhile, no stale map) and cached per clip and class;
 * a screenshot's sidecar names the class and replays to the same map.
 */
@ExtendWith(ApplicationExtension.class)
class ClassEvidenceViewerTest {
    private static final double EPS = 1e-5;
    private ViewerHarness h;

    @Start
    void start(Stage stage) {
        h = ViewerHarness.start(stage);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    /** Opens the fixtures with float32 attention (the CLI's precision) and shows class evidence. */
    private void openFloat32() throws Exception {
        fx(() -> {
            h.state.halfAttentionProperty().set(false);
            return null;
        });
        h.openFixtures();
    }

    @Test
    void classEvidenceEqualsTheCoreAndTheCliAndItsControlsOnlyRePropagate(@TempDir Path dir, FxRobot robot)
            throws Exception {
        openFloat32();
        // Offered in the map chooser; the rollout-only options are disabled for it.
        reveal("#method-grad_rollout");
        robot.clickOn("#method-grad_rollout");
        awaitEvidence();
        assertThat(fx(() -> h.state.methodProperty().get())).isEqualTo(RolloutMethod.GRAD_ROLLOUT);
        assertThat(fx(() -> h.window.root().lookup("#discardRatio").getParent().getParent().isDisabled())).isTrue();
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        int top = a.predictions().get(0).classIndex();
        assertThat(h.backend.gradientCalls.get()).isEqualTo(1);
        assertMapIs(core(a, top, AttentionGradients.NO_CONTRAST, params()));
        assertMapIs(cli(dir.resolve("cli-top"), a, "top", null));
        assertThat(badge()).contains("Class evidence of '" + a.predictions().get(0).label() + "'");

        // Layers, heads and the query re-run only the propagation: no new gradient pass.
        fx(() -> {
            h.state.startLayerProperty().set(1);
            h.state.heads().remove(1);
            h.state.queryProperty().set(QueryToken.patch(2, 1, 3));
            return null;
        });
        h.settle();
        RolloutParams p = params();
        assertThat(p.startLayer()).isEqualTo(1);
        assertThat(p.heads()).containsExactly(0, 2);
        assertThat(h.backend.gradientCalls.get()).isEqualTo(1);
        assertMapIs(core(a, top, AttentionGradients.NO_CONTRAST, p));
        assertMapIs(cli(dir.resolve("cli-options"), a, "top", null));
    }

    /**
     * The viewer's layer-by-layer gradient pass (what it runs on base models, forced here with a graph limit of 0)
     * gives the map of the single pass: the core's, computed with the whole graph.
     */
    @Test
    void layerByLayerPassGivesTheSameClassEvidence(FxRobot robot) throws Exception {
        org.spacetimelens.model.AttentionGradientPass.limitGraphs(0);
        try {
            openFloat32();
            reveal("#method-grad_rollout");
            robot.clickOn("#method-grad_rollout");
            awaitEvidence();
            ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
            int top = a.predictions().get(0).classIndex();
            assertThat(h.backend.gradientCalls.get()).isEqualTo(1);
            assertMapIs(core(a, top, AttentionGradients.NO_CONTRAST, params(), Long.MAX_VALUE));
        } finally {
            org.spacetimelens.model.AttentionGradientPass.limitGraphs(-1);
        }
    }

    @Test
    void predictionRowsPickTheClassAndTheContrastAndReturningIsACacheHit(@TempDir Path dir) throws Exception {
        openFloat32();
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        Prediction second = a.predictions().get(1);
        Prediction third = a.predictions().get(2);
        int top = a.predictions().get(0).classIndex();

        // A click on a class explains it and switches the map to class evidence.
        click(second, false);
        awaitEvidence();
        assertThat(fx(() -> h.state.methodProperty().get())).isEqualTo(RolloutMethod.GRAD_ROLLOUT);
        assertThat(fx(() -> h.state.classChoiceProperty().get()))
                .isEqualTo(new ClassChoice(second.classIndex(), AttentionGradients.NO_CONTRAST));
        AttentionMaps ofSecond = fx(() -> h.state.mapsProperty().get());
        assertMapIs(core(a, second.classIndex(), AttentionGradients.NO_CONTRAST, params()));
        assertThat(badge()).contains("Class evidence of '" + second.label() + "'").doesNotContain(" vs ");
        assertThat(styles(second)).contains(PredictionPane.TARGET);
        assertThat(text("#classExplained")).contains(second.label());

        // Shift-click: why the second rather than the third.
        click(third, true);
        awaitEvidence();
        assertThat(fx(() -> h.state.classChoiceProperty().get()))
                .isEqualTo(new ClassChoice(second.classIndex(), third.classIndex()));
        assertMapIs(core(a, second.classIndex(), third.classIndex(), params()));
        assertMapIs(cli(dir.resolve("cli-contrast"), a, String.valueOf(second.classIndex()),
                String.valueOf(third.classIndex())));
        assertThat(badge()).contains("Class evidence of '" + second.label() + "' vs '" + third.label() + "'");
        assertThat(styles(third)).contains(PredictionPane.CONTRAST);
        assertThat(fx(() -> h.state.mapsProperty().get()).values()).isNotEqualTo(ofSecond.values());

        // Shift-click again drops the contrast: a cache hit.
        int passes = h.backend.gradientCalls.get();
        click(third, true);
        awaitEvidence();
        assertThat(fx(() -> h.state.classChoiceProperty().get()).hasContrast()).isFalse();
        assertThat(fx(() -> h.state.mapsProperty().get()).values()).containsExactly(ofSecond.values());
        assertThat(h.backend.gradientCalls.get()).isEqualTo(passes);

        // Clicking the explained class again returns to the top class (computed once, then cached).
        click(second, false);
        awaitEvidence();
        assertThat(fx(() -> h.state.classChoiceProperty().get())).isEqualTo(ClassChoice.TOP);
        assertMapIs(core(a, top, AttentionGradients.NO_CONTRAST, params()));
        assertThat(badge()).contains("Class evidence of '" + a.predictions().get(0).label() + "'");
        assertThat(fx(() -> h.window.root().lookup("#classReset").isVisible())).isFalse();
        int afterTop = h.backend.gradientCalls.get();
        click(second, false);
        awaitEvidence();
        assertThat(fx(() -> h.window.root().lookup("#classReset").isVisible())).isTrue();
        fx(() -> {
            ((javafx.scene.control.Button) h.window.root().lookup("#classReset")).fire();
            return null;
        });
        awaitEvidence();
        assertThat(h.backend.gradientCalls.get()).as("every class was cached").isEqualTo(afterTop);
        // one clip, and its classes' gradients counted in the cache's bytes
        assertThat(fx(() -> h.state.cacheEntriesProperty().get())).isEqualTo(1);
        AttentionGradients g = fx(() -> h.controller.currentJob().gradients());
        assertThat(fx(() -> h.state.cacheBytesProperty().get()))
                .isGreaterThanOrEqualTo(a.byteSize() + 3 * ClipCaches.gradientBytes(g));
    }

    @Test
    void latestClassWinsAndRolloutStaysAvailableWhileGradientsCompute() throws Exception {
        h.openFixtures(); // the default float16 view
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        List<Prediction> preds = a.predictions();
        h.backend.holdGradients();
        fx(() -> {
            h.state.methodProperty().set(RolloutMethod.GRAD_ROLLOUT);
            return null;
        });
        assertThat(h.backend.gradientEntered.await(30, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        // While the gradients compute: no map (not a stale one of another method or class), a busy badge.
        waitUntil(() -> h.state.mapsProperty().get() == null && h.state.shownClipFrameProperty().get() < 0);
        assertThat(badge()).contains("computing class evidence for '" + preds.get(0).label() + "'");
        assertThat(fx(() -> h.window.root().lookup("#busyBadge").isVisible())).isTrue();
        assertThat(text("#busyBadge")).isEqualTo("Computing class evidence…");

        // The rollout is there at once, the gradient pass still held.
        fx(() -> {
            h.state.methodProperty().set(RolloutMethod.ROLLOUT);
            return null;
        });
        waitUntil(() -> h.state.mapsProperty().get() != null && h.state.shownClipFrameProperty().get() >= 0);
        assertThat(fx(() -> h.state.mapsProperty().get()).values())
                .containsExactly(Rollout.compute(a.record(), RolloutParams.defaults()).values());
        assertThat(badge()).doesNotContain("computing").contains("·  Rollout · layers");
        assertThat(h.backend.gradientCalls.get()).isEqualTo(1);

        // Back to class evidence (in the grid: its map tiles become the bare frames, not the rollout's), then two
        // quick class changes while the first pass is still held.
        fx(() -> {
            h.state.gridModeProperty().set(true);
            return null;
        });
        waitUntil(() -> h.state.gridOverlays().size() == a.frameCount()
                && h.state.gridOverlays().get(0) != h.state.gridFrames().get(0));
        fx(() -> {
            h.state.methodProperty().set(RolloutMethod.GRAD_ROLLOUT);
            return null;
        });
        waitUntil(() -> h.state.gridOverlays().get(0) == h.state.gridFrames().get(0));
        fx(() -> {
            h.state.gridModeProperty().set(false);
            return null;
        });
        click(preds.get(1), false);
        click(preds.get(2), false);
        waitUntil(() -> h.state.mapsProperty().get() == null);
        h.backend.releaseGradients();
        awaitEvidence();
        assertThat(fx(() -> h.state.classChoiceProperty().get().target())).isEqualTo(preds.get(2).classIndex());
        // The held (top) pass finished; the superseded second class never ran; the last one did.
        assertThat(h.backend.gradientTargets).containsExactly(preds.get(0).classIndex(), preds.get(2).classIndex());
        AttentionGradients g = fx(() -> h.controller.currentJob().gradients());
        assertThat(g.targetClass()).isEqualTo(preds.get(2).classIndex());
        assertThat(fx(() -> h.state.mapsProperty().get()).values()).containsExactly(
                Rollout.compute(a.record(), g, params()).values());
        assertThat(badge()).contains("Class evidence of '" + preds.get(2).label() + "'");
        // The top class's pass, superseded while it ran, still left its gradients in the cache.
        click(preds.get(2), false); // back to the top class
        awaitEvidence();
        assertThat(h.backend.gradientCalls.get()).isEqualTo(2);
    }

    @Test
    void aScreenshotOfClassEvidenceNamesTheClassAndReplaysToTheSameMap(@TempDir Path dir) throws Exception {
        h.openFixtures(); // float16 view: the replay keeps that precision
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        Prediction second = a.predictions().get(1);
        Prediction top = a.predictions().get(0);
        click(second, false);
        awaitEvidence();
        click(top, true);
        awaitEvidence();
        AttentionMaps shown = fx(() -> h.state.mapsProperty().get());
        Path shot = dir.resolve("shot.png");
        fx(() -> {
            h.window.exports().screenshot(shot, 1);
            return null;
        });
        waitUntil(() -> Files.exists(dir.resolve("shot.params.json")) && !h.controller.isBusy());
        JsonNode sidecar = new ObjectMapper().readTree(dir.resolve("shot.params.json").toFile());
        assertThat(sidecar.at("/rollout/method").asText()).isEqualToIgnoringCase("GRAD_ROLLOUT");
        assertThat(sidecar.at("/classTarget/target/index").asInt()).isEqualTo(second.classIndex());
        assertThat(sidecar.at("/classTarget/target/label").asText()).isEqualTo(second.label());
        assertThat(sidecar.at("/classTarget/contrast/index").asInt()).isEqualTo(top.classIndex());
        assertThat(sidecar.at("/classTarget/targetAsked").asText()).isEqualTo(String.valueOf(second.classIndex()));
        List<String> replay = new ArrayList<>();
        sidecar.get("replay").forEach(n -> replay.add(n.asText()));
        assertThat(replay).containsSequence("--target-class", String.valueOf(second.classIndex()));
        assertThat(replay).containsSequence("--contrast-class", String.valueOf(top.classIndex()));

        // Replay re-draws the screenshot itself (same pixels) ...
        Path again = dir.resolve("again");
        assertThat(Main.commandLine().execute("export", "--replay", dir.resolve("shot.params.json").toString(),
                "--out", again.toString())).isZero();
        ScreenshotReplayTest.assertSamePixels(shot, again.resolve("shot.png"));
        // ... and its arguments without --view-shot export the class-evidence map on screen.
        int v = replay.indexOf("--view-shot");
        assertThat(v).isNotNegative();
        List<String> exportArgs = new ArrayList<>(replay);
        exportArgs.subList(v, v + 2).clear();
        int o = exportArgs.indexOf("--out");
        if (o >= 0) {
            exportArgs.subList(o, o + 2).clear();
        }
        if (!exportArgs.get(0).equals("export")) {
            exportArgs.add(0, "export");
        }
        Path maps = dir.resolve("maps");
        exportArgs.addAll(List.of("--out", maps.toString(), "--format", "npz"));
        assertThat(Main.commandLine().execute(exportArgs.toArray(String[]::new))).isZero();
        assertThat(npz(maps.resolve("maps.npz"), "rollout")).containsExactly(shown.values(), within((float) EPS));

        // The viewer's export of the same view (float32, as the CLI) replays to its own numbers.
        Path export = dir.resolve("export");
        fx(() -> {
            h.window.exports().maps(export);
            return null;
        });
        waitUntil(() -> Files.exists(export.resolve("params.json")) && !h.controller.isBusy());
        JsonNode params = new ObjectMapper().readTree(export.resolve("params.json").toFile());
        assertThat(params.at("/classTarget/contrast/index").asInt()).isEqualTo(top.classIndex());
        Path replayed = dir.resolve("export-again");
        assertThat(Main.commandLine().execute("export", "--replay", export.resolve("maps.params.json").toString(),
                "--out", replayed.toString())).isZero();
        assertThat(npz(replayed.resolve("maps.npz"), "rollout"))
                .containsExactly(npz(export.resolve("maps.npz"), "rollout"), within((float) EPS));
        assertThat(npz(export.resolve("maps.npz"), "rollout")).containsExactly(shown.values(), within(1e-2f));
    }

    // --- helpers ---------------------------------------------------------------------------------

    private RolloutParams params() throws Exception {
        return fx(() -> h.state.rolloutParams().get());
    }

    /** Waits until the class-evidence map of the current choice is on screen and nothing runs. */
    private void awaitEvidence() throws Exception {
        h.settle();
        waitUntil(() -> h.state.evidenceStatusProperty().get().isEmpty() && h.state.mapsProperty().get() != null
                && h.state.shownClipFrameProperty().get() >= 0);
        h.settle();
    }

    private void click(Prediction p, boolean shift) throws Exception {
        fx(() -> {
            javafx.scene.Node row = h.window.root().lookup("#class-" + p.classIndex());
            row.fireEvent(new javafx.scene.input.MouseEvent(javafx.scene.input.MouseEvent.MOUSE_CLICKED, 5, 5, 5, 5,
                    javafx.scene.input.MouseButton.PRIMARY, 1, shift, false, false, false, true, false, false, true,
                    false, false, null));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<String> styles(Prediction p) throws Exception {
        return fx(() -> List.copyOf(h.window.root().lookup("#class-" + p.classIndex()).getStyleClass()));
    }

    private String badge() throws Exception {
        return text("#frameBadge");
    }

    private String text(String id) throws Exception {
        return fx(() -> ((Label) h.window.root().lookup(id)).getText());
    }

    private void assertMapIs(float[] expected) throws Exception {
        float[] shown = fx(() -> h.state.mapsProperty().get()).values();
        assertThat(shown).hasSize(expected.length);
        assertThat(shown).containsExactly(expected, within((float) EPS));
    }

    /** The core's gradient-weighted rollout of a fresh forward and backward pass over the clip's frames. */
    private static float[] core(ClipAnalysis a, int target, int contrast, RolloutParams p) throws Exception {
        return core(a, target, contrast, p, org.spacetimelens.model.AttentionGradientPass.defaultGraphLimit());
    }

    private static float[] core(ClipAnalysis a, int target, int contrast, RolloutParams p, long graphLimit)
            throws Exception {
        try (VideoModel m = ModelLoader.load(ViewerHarness.model(), TimeSformer.LoadOptions.defaults())) {
            ClipTensor t = new Preprocessor(m.preprocess()).apply(new Clip(a.frameIndices(), a.timestamps(),
                    a.frames()));
            ForwardResult r = m.forwardWithGradients(t.data(), t.frames(), t.height(), t.width(), false, target,
                    contrast, graphLimit);
            return Rollout.compute(r.attention(), r.gradients(), p).perFrame(a.tubelet()).values();
        }
    }

    /** The CLI's export of the clip's frames with the view's options, its {@code rollout}. */
    private float[] cli(Path out, ClipAnalysis a, String target, String contrast) throws Exception {
        RolloutParams p = params();
        List<String> args = new ArrayList<>(List.of("export", "--model", ViewerHarness.model().toString(),
                "--clip", ViewerHarness.video().toString(), "--device", "cpu", "--frames",
                Arrays.stream(a.frameIndices()).mapToObj(String::valueOf).collect(Collectors.joining(",")),
                "--method", "grad-rollout", "--target-class", target, "--start-layer", String.valueOf(p.startLayer()),
                "--up-to-layer", String.valueOf(p.upToLayer()), "--query", p.query().cls() ? "cls"
                        : p.query().y() + "," + p.query().x() + "," + p.query().t(), "--format", "npz", "--out",
                out.toString()));
        if (!p.heads().isEmpty()) {
            args.addAll(List.of("--select-heads", p.heads().stream().map(String::valueOf)
                    .collect(Collectors.joining(","))));
        }
        if (contrast != null) {
            args.addAll(List.of("--contrast-class", contrast));
        }
        assertThat(Main.commandLine().execute(args.toArray(String[]::new))).isZero();
        return npz(out.resolve("maps.npz"), "rollout");
    }

    static float[] npz(Path file, String name) throws Exception {
        try (NDManager m = NDManager.newBaseManager(); InputStream in = Files.newInputStream(file)) {
            return NDList.decode(m, in).get(name).toFloatArray();
        }
    }

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
}
