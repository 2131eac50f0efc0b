package org.spacetimelens.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.JointConfig;
import org.spacetimelens.model.JointModel;
import org.spacetimelens.model.Logits;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.TimeSformerNet;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.model.testing.JointCheckpoints;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.ClipTensor;

/**
 * {@code grad-rollout} as an evaluate method: its map is the gradient-weighted rollout of the evaluated target
 * class (not the top class), and its curves are those of that map ranked, for every family.
 */
class GradRolloutMethodTest {

    private static VideoModel model(String family, ai.djl.ndarray.NDManager root) {
        if (family.equals("timesformer")) {
            TimeSformerConfig c = TinyConfigs.of(AttentionType.DIVIDED_SPACE_TIME, 2, 16, 4, 3, 24, 8, 5);
            return TimeSformer.of(TimeSformerNet.fromTensors(c, root.newSubManager(), RandomWeights.generate(c, 3)),
                    PreprocessConfig.defaults(c.imageSize()), java.nio.file.Path.of("memory"));
        }
        JointConfig base = family.equals("videomae") ? JointCheckpoints.videoMae() : JointCheckpoints.vivit();
        JointConfig c = JointCheckpoints.reshaped(base, base.numFrames(), 16, 24, 8, 4);
        return JointModel.of(c, JointCheckpoints.weights(c, 13), null, null);
    }

    /** The grad-rollout map of {@code target}, computed here from the model's own gradient pass. */
    private static float[] expectedMap(VideoModel m, ClipTensor clip, int target) {
        ForwardResult g = m.forwardWithGradients(clip.data(), clip.frames(), clip.height(), clip.width(), false,
                target, AttentionGradients.NO_CONTRAST);
        return Rollout.compute(g.attention(), g.gradients(),
                RolloutParams.defaults().withMethod(RolloutMethod.GRAD_ROLLOUT)).values();
    }

    @ParameterizedTest
    @ValueSource(strings = {"timesformer", "videomae", "vivit"})
    void mapIsTheGradRolloutOfTheEvaluatedTarget(String family) {
        Engines.ensureOffline();
        try (ai.djl.ndarray.NDManager root = ai.djl.ndarray.NDManager.newBaseManager(ai.djl.Device.cpu());
                VideoModel m = model(family, root)) {
            var g = m.geometry();
            int frames = g.numFrames();
            int h = g.imageSize();
            int w = g.imageWidth();
            ClipTensor clip = new ClipTensor(RandomWeights.clip(41, frames, 3, h, w), frames, h, w, null);
            ForwardResult clean = m.forward(clip.data(), frames, h, w, true, false);
            int top = Logits.argmax(clean.logits());
            int other = (top + 1) % clean.logits().length;
            PatchGrid grid = PatchGrid.of(g, frames, h, w);
            List<RankingMethod> methods = RankingMethods.of(List.of(RankingMethods.GRAD_ROLLOUT),
                    new RankingMethods.Options(RolloutParams.defaults(), 0));
            MapMethod method = (MapMethod) methods.get(0);
            float[] mapTop = method.map().apply(new ClipContext(m, clip, grid, clean, top));
            float[] mapOther = method.map().apply(new ClipContext(m, clip, grid, clean, other));
            assertThat(mapTop).hasSize(grid.size()).containsExactly(expectedMap(m, clip, top));
            assertThat(mapOther).containsExactly(expectedMap(m, clip, other));
            assertThat(mapOther).as("a class-specific map").isNotEqualTo(mapTop);

            // evaluate follows the chosen target: the same curves as that target's map ranked as a fixed map
            int steps = 5;
            ClipFaithfulness r = new FaithfulnessEvaluator(m, 3).evaluate(clip, methods, steps, other);
            ClipFaithfulness fixed = new FaithfulnessEvaluator(m, 3).evaluate(clip,
                    List.of(new MapMethod("fixed", ctx -> expectedMap(m, clip, other))), steps, other);
            assertThat(r.targetClass()).isEqualTo(other);
            assertThat(r.methods().get(RankingMethods.GRAD_ROLLOUT).deletion())
                    .containsExactly(fixed.methods().get("fixed").deletion());
            assertThat(r.methods().get(RankingMethods.GRAD_ROLLOUT).insertion())
                    .containsExactly(fixed.methods().get("fixed").insertion());

            // options grad-rollout does not take fail with the rollout package's reason
            List<RankingMethod> discard = RankingMethods.of(List.of(RankingMethods.GRAD_ROLLOUT),
                    new RankingMethods.Options(RolloutParams.defaults().withDiscardRatio(0.5), 0));
            assertThatThrownBy(() -> new FaithfulnessEvaluator(m, 2).evaluate(clip, discard, steps, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grad-rollout takes no discard");
        }
    }
}
