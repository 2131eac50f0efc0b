package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.cli.Main;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.ModelLoader;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.pipeline.CompareExport;
import org.spacetimelens.render.MapDifference;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.ClipTensor;
import org.spacetimelens.video.Preprocessor;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Compare mode with class evidence (issue 15: "rollout vs class evidence, the top class vs another"): pane A
 * shows the rollout, pane B the class evidence of the second class; B waits for its own gradients without a
 * stale map, then shows the core's gradient-weighted rollout of that class, A − B is their difference, and the
 * compare figure replays to the same pixels.
 */
@ExtendWith(ApplicationExtension.class)
class CompareClassEvidenceTest {
    private static final double EPS = 1e-5;
    private ViewerHarness h;

    @Start
    void start(Stage stage) {
        h = ViewerHarness.start(stage);
    }

    @BeforeEach
    void open() throws Exception {
        h.openFixtures(); // the default float16 attention: the replay must keep that precision
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private CompareMode mode() {
        return h.state.compare();
    }

    @Test
    void aPaneExplainsAnotherClassBesideTheRolloutAndTheFigureReplays(@TempDir Path dir) throws Exception {
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        Prediction second = a.predictions().get(1);
        fx(() -> {
            h.window.actions().get("compare").run();
            return null;
        });
        waitUntil(() -> mode().drawnProperty().get() > 0);
        h.settle();
        ComparePane paneA = mode().panes().get(0);
        ComparePane paneB = mode().panes().get(1);
        h.backend.holdGradients();
        fx(() -> {
            mode().selectedProperty().set(1); // the side panel (and the prediction panel's pick) now edit B
            h.state.classChoiceProperty().set(new ClassChoice(second.classIndex(), AttentionGradients.NO_CONTRAST));
            h.state.methodProperty().set(RolloutMethod.GRAD_ROLLOUT);
            return null;
        });
        assertThat(h.backend.gradientEntered.await(30, TimeUnit.SECONDS)).isTrue();
        // while B's gradients compute: B says so and shows no map (not A's rollout), A keeps its rollout
        waitUntil(() -> paneB.messageProperty().get().contains("computing class evidence for '" + second.label()
                + "'"));
        assertThat(fx(() -> paneB.mapsProperty().get())).isNull();
        assertThat(fx(() -> paneA.mapsProperty().get())).isNotNull();
        h.backend.releaseGradients();
        waitUntil(() -> paneB.mapsProperty().get() != null && paneB.messageProperty().get().isEmpty());
        h.settle();
        assertThat(h.backend.gradientTargets).containsOnly(second.classIndex()); // only the class B explains

        RolloutParams paramsA = fx(() -> paneA.settings().rolloutParams().get());
        RolloutParams paramsB = fx(() -> paneB.settings().rolloutParams().get());
        assertThat(paramsA.method()).isEqualTo(RolloutMethod.ROLLOUT);
        assertThat(paramsB.method()).isEqualTo(RolloutMethod.GRAD_ROLLOUT);
        float[] wantA = h.backend.maps(a, paramsA).values();
        float[] wantB = core(a, second.classIndex(), paramsB);
        float[] shownA = fx(() -> paneA.mapsProperty().get()).values();
        float[] shownB = fx(() -> paneB.mapsProperty().get()).values();
        assertThat(shownA).containsExactly(wantA);
        assertThat(shownB).hasSize(wantB.length);
        assertThat(shownB).containsExactly(wantB, within((float) EPS));
        assertThat(shownB).isNotEqualTo(shownA);

        // changing B's layers only re-propagates: no second gradient pass
        int passes = h.backend.gradientCalls.get();
        long drawn = fx(() -> mode().drawnProperty().get());
        fx(() -> {
            h.state.startLayerProperty().set(1);
            return null;
        });
        waitUntil(() -> mode().drawnProperty().get() > drawn && paneB.settings().rolloutParams().get()
                .startLayer() == 1 && paneB.mapsProperty().get() != null);
        h.settle();
        assertThat(h.backend.gradientCalls.get()).isEqualTo(passes);
        RolloutParams paramsB1 = fx(() -> paneB.settings().rolloutParams().get());
        assertThat(fx(() -> paneB.mapsProperty().get()).values())
                .containsExactly(core(a, second.classIndex(), paramsB1), within((float) EPS));

        // A − B
        long before = fx(() -> mode().drawnProperty().get());
        fx(() -> {
            mode().differenceProperty().set(true);
            return null;
        });
        waitUntil(() -> mode().drawnProperty().get() > before && mode().differenceMapsProperty().get() != null);
        h.settle();
        MapDifference d = fx(() -> mode().differenceMapsProperty().get());
        float[] b = fx(() -> paneB.mapsProperty().get()).values();
        float[] coreB = core(a, second.classIndex(), paramsB1);
        for (int i = 0; i < wantA.length; i++) {
            assertThat(d.values()[i]).isEqualTo(wantA[i] - b[i]);
            assertThat(d.values()[i]).isCloseTo(wantA[i] - coreB[i], within((float) (2 * EPS)));
        }

        // the figure and its sidecar: B records its class, and export --replay draws the same pixels
        Path png = dir.resolve("cmp.png");
        fx(() -> {
            CompareExports.export(h.controller, png, 1);
            return null;
        });
        Path side = CompareExport.sidecarOf(png);
        waitUntil(() -> Files.exists(png) && Files.exists(side));
        h.settle();
        JsonNode panes = new ObjectMapper().readTree(side.toFile()).get("compare").get("panes");
        assertThat(panes.get(0).has("classTarget")).isFalse();
        assertThat(panes.get(1).at("/classTarget/target/index").asInt()).isEqualTo(second.classIndex());
        assertThat(panes.get(1).get("caption").asText()).contains("Class evidence of '" + second.label() + "'");
        List<String> replayB = new ArrayList<>();
        panes.get(1).get("replay").forEach(n -> replayB.add(n.asText()));
        assertThat(String.join(" ", replayB)).contains("--target-class " + second.classIndex());
        assertThat(String.join(" ", replayB)).contains("--fp16");

        Path again = dir.resolve("again");
        assertThat(Main.commandLine().execute("export", "--replay", side.toString(), "--out", again.toString()))
                .isEqualTo(0);
        assertSamePixels(png, again.resolve("cmp.png"));
    }

    @Test
    void aContrastPaneReplaysWithItsContrastClass(@TempDir Path dir) throws Exception {
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        Prediction second = a.predictions().get(1);
        fx(() -> {
            h.window.actions().get("compare").run();
            return null;
        });
        waitUntil(() -> mode().drawnProperty().get() > 0);
        h.settle();
        ComparePane paneB = mode().panes().get(1);
        fx(() -> {
            mode().selectedProperty().set(1);
            h.state.classChoiceProperty().set(new ClassChoice(ClassChoice.TOP_CLASS, second.classIndex()));
            h.state.methodProperty().set(RolloutMethod.GRAD_ROLLOUT);
            mode().selectedProperty().set(0); // B keeps its class when A is edited again
            return null;
        });
        waitUntil(() -> paneB.mapsProperty().get() != null && paneB.messageProperty().get().isEmpty());
        h.settle();
        assertThat(fx(() -> paneB.settings().classChoiceProperty().get().contrast())).isEqualTo(second.classIndex());
        assertThat(fx(() -> h.state.methodProperty().get())).isEqualTo(RolloutMethod.ROLLOUT); // A's
        Path png = dir.resolve("vs.png");
        fx(() -> {
            CompareExports.export(h.controller, png, 1);
            return null;
        });
        Path side = CompareExport.sidecarOf(png);
        waitUntil(() -> Files.exists(png) && Files.exists(side));
        h.settle();
        JsonNode pane = new ObjectMapper().readTree(side.toFile()).get("compare").get("panes").get(1);
        List<String> replay = new ArrayList<>();
        pane.get("replay").forEach(n -> replay.add(n.asText()));
        assertThat(String.join(" ", replay)).contains("--target-class top")
                .contains("--contrast-class " + second.classIndex());
        Path again = dir.resolve("again");
        assertThat(Main.commandLine().execute("export", "--replay", side.toString(), "--out", again.toString()))
                .isEqualTo(0);
        assertSamePixels(png, again.resolve("vs.png"));
    }

    private static void assertSamePixels(Path wantPng, Path gotPng) throws Exception {
        BufferedImage want = ImageIO.read(wantPng.toFile());
        BufferedImage got = ImageIO.read(gotPng.toFile());
        assertThat(got.getWidth()).isEqualTo(want.getWidth());
        assertThat(got.getHeight()).isEqualTo(want.getHeight());
        assertThat(got.getRGB(0, 0, got.getWidth(), got.getHeight(), null, 0, got.getWidth()))
                .isEqualTo(want.getRGB(0, 0, want.getWidth(), want.getHeight(), null, 0, want.getWidth()));
    }

    /**
     * The core's class evidence of the clip: the viewer's record (its precision) weighted by the gradients of a
     * fresh forward and backward pass of an independently loaded model over the clip's frames.
     */
    private static float[] core(ClipAnalysis a, int target, RolloutParams p) throws Exception {
        try (VideoModel m = ModelLoader.load(ViewerHarness.model(), TimeSformer.LoadOptions.defaults())) {
            ClipTensor t = new Preprocessor(m.preprocess()).apply(new Clip(a.frameIndices(), a.timestamps(),
                    a.frames()));
            ForwardResult r = m.forwardWithGradients(t.data(), t.frames(), t.height(), t.width(),
                    a.record().isHalf(), target, AttentionGradients.NO_CONTRAST);
            r.attention().close();
            AttentionMaps maps = Rollout.compute(a.record(), r.gradients(), p).perFrame(a.tubelet());
            return maps.values();
        }
    }
}
