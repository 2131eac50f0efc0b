package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import java.nio.file.Path;
import java.util.Set;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.JointConfig;
import org.spacetimelens.model.ModelLoader;
import org.spacetimelens.model.TensorDType;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.model.testing.JointCheckpoints;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.pipeline.ExportFormat;
import org.spacetimelens.rollout.HeadFusion;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.ClipTensor;
import org.spacetimelens.video.Preprocessor;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * "Class evidence" is offered and exact for every family with attention gradients: TimeSformer space-only and
 * joint space-time, VideoMAE and ViViT (divided space-time: {@link ClassEvidenceViewerTest}). For each, the map
 * on screen (a non-top class, max fusion over the last layer only) equals the core's gradient-weighted rollout of
 * a fresh pass to 1e-5, and a viewer export of it writes its class target.
 */
@ExtendWith(ApplicationExtension.class)
class ClassEvidenceFamiliesTest {
    private ViewerHarness h;

    @Start
    void start(Stage stage) {
        h = ViewerHarness.start(stage);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    @Test
    void everyFamilyShowsExactClassEvidence(@TempDir Path dir) throws Exception {
        fx(() -> {
            h.state.halfAttentionProperty().set(false);
            return null;
        });
        Path video = ViewerHarness.video();
        fx(() -> {
            h.controller.openVideo(video);
            return null;
        });
        Path spaceOnly = ViewerFixtures.checkpoint(dir.resolve("space-only"),
                TinyConfigs.of(AttentionType.SPACE_ONLY, 2, 24, 3, 4, 32, 8, 5), 21);
        Path joint = ViewerFixtures.checkpoint(dir.resolve("joint"),
                TinyConfigs.of(AttentionType.JOINT_SPACE_TIME, 2, 24, 3, 4, 32, 8, 5), 22);
        for (Path model : new Path[] {spaceOnly, joint, hf(dir, JointCheckpoints.videoMae()),
                hf(dir, JointCheckpoints.vivit())}) {
            check(model, dir);
        }
    }

    private static Path hf(Path dir, JointConfig c) throws Exception {
        return JointCheckpoints.writeHfFolder(dir.resolve(c.family().modelType()), c, JointCheckpoints.weights(c, 7),
                true, TensorDType.F32, "{\"size\": {\"shortest_edge\": " + c.imageSize() + "}, \"crop_size\": "
                        + "{\"height\": " + c.imageSize() + ", \"width\": " + c.imageSize() + "}}");
    }

    private void check(Path model, Path dir) throws Exception {
        fx(() -> {
            h.state.methodProperty().set(RolloutMethod.ROLLOUT);
            h.controller.openModel(model);
            return null;
        });
        waitUntil(() -> h.state.modelProperty().get() != null
                && model.toAbsolutePath().normalize().equals(h.state.modelPathProperty().get())
                && h.state.analysisProperty().get() != null && h.state.mapsProperty().get() != null);
        h.settle();
        String what = fx(() -> h.state.modelProperty().get().architecture() + " "
                + h.state.modelProperty().get().attentionType());
        assertThat(fx(() -> h.window.root().lookup("#method-grad_rollout").isVisible())).as(what).isTrue();
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        int second = a.predictions().get(1).classIndex();
        fx(() -> {
            h.state.classChoiceProperty().set(new ClassChoice(second, AttentionGradients.NO_CONTRAST));
            h.state.fusionProperty().set(HeadFusion.MAX);
            h.state.singleLayerProperty().set(true);
            h.state.methodProperty().set(RolloutMethod.GRAD_ROLLOUT);
            return null;
        });
        h.settle();
        waitUntil(() -> h.state.evidenceStatusProperty().get().isEmpty() && h.state.mapsProperty().get() != null);
        h.settle();
        RolloutParams p = fx(() -> h.state.rolloutParams().get());
        assertThat(p.startLayer()).isEqualTo(p.upToLayer());
        float[] shown = fx(() -> h.state.mapsProperty().get()).values();
        float[] expected;
        float[] slots;
        try (VideoModel m = ModelLoader.load(model, TimeSformer.LoadOptions.defaults())) {
            ClipTensor t = new Preprocessor(m.preprocess()).apply(new Clip(a.frameIndices(), a.timestamps(),
                    a.frames()));
            ForwardResult r = m.forwardWithGradients(t.data(), t.frames(), t.height(), t.width(), false, second,
                    AttentionGradients.NO_CONTRAST);
            var maps = Rollout.compute(r.attention(), r.gradients(), p);
            slots = maps.values();
            expected = maps.perFrame(a.tubelet()).values();
            assertThat(shown).as(what + ": not the plain rollout").isNotEqualTo(
                    Rollout.compute(r.attention(), p.withMethod(RolloutMethod.ROLLOUT)).perFrame(a.tubelet()).values());
        }
        assertThat(shown).as(what).containsExactly(expected, within(1e-5f));

        Path out = dir.resolve("export-" + model.getFileName());
        fx(() -> {
            h.window.exports().export(out, Set.of(ExportFormat.NPZ));
            return null;
        });
        waitUntil(() -> java.nio.file.Files.exists(out.resolve("params.json")) && !h.controller.isBusy());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("params.json").toFile());
        assertThat(json.at("/classTarget/target/index").asInt()).as(what).isEqualTo(second);
        assertThat(ClassEvidenceViewerTest.npz(out.resolve("maps.npz"), "rollout")).as(what)
                .containsExactly(slots, within(1e-5f));
    }
}
