package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.evaluate.ClipFaithfulness;
import org.spacetimelens.evaluate.Curves;
import org.spacetimelens.evaluate.FaithfulnessEvaluator;
import org.spacetimelens.evaluate.RankingMethods;
import org.spacetimelens.model.JointConfig;
import org.spacetimelens.model.ModelFamily;
import org.spacetimelens.model.ModelLoader;
import org.spacetimelens.model.TensorDType;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.model.testing.JointCheckpoints;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.pipeline.LoadedClip;
import org.spacetimelens.pipeline.Sampling;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Faithfulness window on a joint space-time model with tubelets (tiny random VideoMAE): one patch per
 * tubelet slot, so N = T'·gh·gw = 2·4·4, and the spatial view of the record as a second method; the
 * curves are the core evaluator's.
 */
@ExtendWith(ApplicationExtension.class)
class FaithfulnessJointPaneTest {
    /** VideoMAE: 4 frames of 32², tubelet 2, patch 8 (4 × 4 patches, 2 slots). */
    private static final JointConfig VIDEOMAE = new JointConfig(ModelFamily.VIDEOMAE, 32, 8, 2, 3, 4, 16, 2, 2, 32,
            "gelu", 1e-12, true, true, 5, TinyConfigs.labels(5));

    private ViewerHarness h;

    @Start
    void start(Stage stage) {
        h = ViewerHarness.start(stage);
    }

    @AfterEach
    void close() throws Exception {
        fx(() -> {
            h.window.faithfulness().close();
            return null;
        });
        h.close();
    }

    @Test
    void videoMaeCurvesAreTheCoreEvaluators(@TempDir Path dir) throws Exception {
        Path model = JointCheckpoints.writeHfFolder(dir.resolve("videomae"), VIDEOMAE, JointCheckpoints.weights(VIDEOMAE,
                5), true, TensorDType.F32, "{\"size\": {\"shortest_edge\": 32}, \"crop_size\": {\"height\": 32, "
                + "\"width\": 32}}");
        Path video = ViewerHarness.video();
        fx(() -> {
            h.controller.openModel(model);
            h.controller.openVideo(video);
            return null;
        });
        waitUntil(() -> h.state.analysisProperty().get() != null && h.state.mapsProperty().get() != null);
        h.settle();
        FaithfulnessWindow w = h.window.faithfulness();
        for (RolloutMethod method : List.of(RolloutMethod.ROLLOUT, RolloutMethod.SPATIAL)) {
            fx(() -> {
                h.state.methodProperty().set(method);
                w.show();
                return null;
            });
            waitUntil(() -> w.runner().currentProperty().get() && !w.runner().service().isRunning());
            FaithfulnessResult r = fx(() -> w.runner().resultProperty().get());
            RolloutParams shown = fx(() -> h.state.rolloutParams().get());
            assertThat(r.request().params()).isEqualTo(shown);
            assertThat(r.curves().patches()).isEqualTo(2 * 4 * 4);
            int[] frames = fx(() -> h.state.analysisProperty().get().frameIndices());
            try (VideoModel net = ModelLoader.load(model, TimeSformer.LoadOptions.defaults());
                    LoadedClip clip = LoadedClip.load(video, Sampling.explicit(frames), net.preprocess(),
                            net.geometry().numFrames(), false)) {
                String name = method.name().toLowerCase(java.util.Locale.ROOT);
                ClipFaithfulness core = new FaithfulnessEvaluator(net, r.batchSize()).evaluate(clip.tensor(),
                        RankingMethods.of(List.of(name, RankingMethods.RANDOM), new RankingMethods.Options(shown, 0)),
                        FaithfulnessEvaluator.DEFAULT_STEPS, null);
                assertThat(r.curves().methods().keySet()).containsExactly(name, RankingMethods.RANDOM);
                for (Map.Entry<String, Curves> e : core.methods().entrySet()) {
                    Curves p = r.curves().methods().get(e.getKey());
                    for (int s = 0; s <= FaithfulnessEvaluator.DEFAULT_STEPS; s++) {
                        assertThat(p.deletion()[s]).isCloseTo(e.getValue().deletion()[s], within(1e-6));
                        assertThat(p.insertion()[s]).isCloseTo(e.getValue().insertion()[s], within(1e-6));
                    }
                }
            }
        }
    }
}
