package org.spacetimelens.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.RawTensor;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.TimeSformerNet;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.ClipTensor;

/**
 * The batched evaluator against a brute-force reference written from ROLLOUT.md's words: for every step a
 * perturbed clip built pixel by pixel, run alone through the existing single-clip forward pass.
 */
class FaithfulnessEvaluatorTest {
    private static final double TOL = 1e-5;
    private static NDManager root;

    @BeforeAll
    static void start() {
        Engines.ensureOffline();
        root = NDManager.newBaseManager(ai.djl.Device.cpu());
    }

    @AfterAll
    static void stop() {
        root.close();
    }

    private static TimeSformer model(TimeSformerConfig c, long seed) {
        Map<String, RawTensor> w = RandomWeights.generate(c, seed);
        return TimeSformer.of(TimeSformerNet.fromTensors(c, root.newSubManager(), w),
                PreprocessConfig.defaults(c.imageSize()), Path.of("memory"));
    }

    /** Ranks by selection: the largest remaining value, the lowest index among equals. */
    static int[] referenceRank(float[] map) {
        int n = map.length;
        boolean[] used = new boolean[n];
        int[] out = new int[n];
        for (int r = 0; r < n; r++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!used[i] && (best < 0 || map[i] > map[best])) {
                    best = i;
                }
            }
            used[best] = true;
            out[r] = best;
        }
        return out;
    }

    /** One perturbed clip from the definition: each pixel looks up its patch's rank. */
    static float[] referenceClip(float[] clean, int frames, int h, int w, int p, int[] ranking, int k,
            boolean deletion) {
        int gh = h / p;
        int gw = w / p;
        int[] position = new int[ranking.length];
        for (int r = 0; r < ranking.length; r++) {
            position[ranking[r]] = r;
        }
        float[] out = new float[clean.length];
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int i = ((t * 3 + c) * h + y) * w + x;
                        boolean inGrid = y < gh * p && x < gw * p;
                        boolean chosen = inGrid && position[(t * gh + y / p) * gw + x / p] < k;
                        out[i] = deletion ? (chosen ? 0f : clean[i]) : (chosen ? clean[i] : 0f);
                    }
                }
            }
        }
        return out;
    }

    /** The mean curve over rankings, one single-clip forward pass per point. */
    static double[][] referenceCurves(TimeSformer m, float[] clean, int frames, int h, int w, List<int[]> rankings,
            int steps, int target) {
        int p = m.config().patchSize();
        int n = frames * (h / p) * (w / p);
        double[][] curves = new double[2][steps + 1];
        for (int[] ranking : rankings) {
            for (int s = 0; s <= steps; s++) {
                long k = Math.round(Math.floor((double) s * n / steps + 0.5)); // exact here: small s·N
                for (int kind = 0; kind < 2; kind++) {
                    float[] clip = referenceClip(clean, frames, h, w, p, ranking, (int) k, kind == 0);
                    float[] logits = m.forward(clip, frames, h, w, false, false).logits();
                    double max = Double.NEGATIVE_INFINITY;
                    for (float v : logits) {
                        max = Math.max(max, v);
                    }
                    double sum = 0;
                    for (float v : logits) {
                        sum += Math.exp(v - max);
                    }
                    curves[kind][s] += Math.exp(logits[target] - max) / sum / rankings.size();
                }
            }
        }
        return curves;
    }

    static double trapezoid(double[] y) {
        double a = 0;
        for (int i = 0; i + 1 < y.length; i++) {
            a += 0.5 * (y[i] + y[i + 1]) / (y.length - 1);
        }
        return a;
    }

    private static void assertCurves(String what, Curves got, double[][] expected) {
        assertThat(got.deletion()).hasSize(expected[0].length);
        assertThat(got.insertion()).hasSize(expected[1].length);
        for (int s = 0; s < expected[0].length; s++) {
            assertThat(got.deletion()[s]).as("%s deletion step %d", what, s)
                    .isCloseTo(expected[0][s], org.assertj.core.api.Assertions.within(TOL));
            assertThat(got.insertion()[s]).as("%s insertion step %d", what, s)
                    .isCloseTo(expected[1][s], org.assertj.core.api.Assertions.within(TOL));
        }
        assertThat(got.deletionAuc()).isCloseTo(trapezoid(expected[0]), org.assertj.core.api.Assertions.within(TOL));
        assertThat(got.insertionAuc()).isCloseTo(trapezoid(expected[1]), org.assertj.core.api.Assertions.within(TOL));
    }

    @Test
    void everyMethodMatchesTheBruteForceReference() {
        TimeSformerConfig c = TinyConfigs.of(AttentionType.DIVIDED_SPACE_TIME, 2, 24, 3, 3, 24, 8, 5);
        int frames = 3;
        int h = 26; // not a multiple of the patch: the last 2 rows are outside every patch
        int w = 16;
        float[] data = RandomWeights.clip(21, frames, 3, h, w);
        ClipTensor clip = new ClipTensor(data, frames, h, w, null);
        RolloutParams params = RolloutParams.defaults().withDiscardRatio(0.3).withQuery(QueryToken.patch(1, 0, 2));
        try (TimeSformer m = model(c, 9)) {
            List<RankingMethod> methods = RankingMethods.of(List.of("rollout", "spatial", "temporal", "random"),
                    new RankingMethods.Options(params, 77));
            int steps = 7;
            ClipFaithfulness r = new FaithfulnessEvaluator(m, 4).evaluate(clip, methods, steps, null);
            ForwardResult clean = m.forward(data, frames, h, w, true, false);
            int top = 0;
            for (int i = 1; i < clean.logits().length; i++) {
                if (clean.logits()[i] > clean.logits()[top]) {
                    top = i;
                }
            }
            assertThat(r.targetClass()).isEqualTo(top);
            assertThat(r.targetChosen()).isFalse();
            assertThat(r.patches()).isEqualTo(3 * 3 * 2);
            assertThat(r.methods().keySet()).containsExactly("rollout", "spatial", "temporal", "random");
            for (String name : List.of("rollout", "spatial", "temporal")) {
                RolloutParams p = params.withMethod(org.spacetimelens.rollout.RolloutMethod.valueOf(name.toUpperCase()));
                float[] map = Rollout.compute(clean.attention(), p).values();
                double[][] ref = referenceCurves(m, data, frames, h, w, List.of(referenceRank(map)), steps, top);
                assertCurves(name, r.methods().get(name), ref);
            }
            List<int[]> random = new ArrayList<>(List.of(PerturbationProtocol.randomRankings(18, 5, 77)));
            assertCurves("random", r.methods().get("random"), referenceCurves(m, data, frames, h, w, random, steps, top));
            assertThat(r.cleanProbability()).isEqualTo(r.methods().get("rollout").deletion()[0]);
            assertThat(r.emptyProbability()).isEqualTo(r.methods().get("rollout").insertion()[0]);
            assertThat(r.methods().get("random").deletion()[steps]).isEqualTo(r.emptyProbability());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(AttentionType.class)
    void rolloutCurvesMatchTheReferenceForEveryAttentionType(AttentionType type) {
        TimeSformerConfig c = TinyConfigs.of(type, 2, 16, 2, 2, 16, 8, 4);
        float[] data = RandomWeights.clip(13, 2, 3, 16, 24);
        try (TimeSformer m = model(c, 17)) {
            ClipFaithfulness r = new FaithfulnessEvaluator(m, 3).evaluate(new ClipTensor(data, 2, 16, 24, null),
                    RankingMethods.of(List.of("rollout"), new RankingMethods.Options(RolloutParams.defaults(), 0)), 8,
                    null);
            float[] map = Rollout.compute(m.forward(data, 2, 16, 24, true, false).attention(),
                    RolloutParams.defaults()).values();
            assertCurves(type + " rollout", r.methods().get("rollout"),
                    referenceCurves(m, data, 2, 16, 24, List.of(referenceRank(map)), 8, r.targetClass()));
        }
    }

    @Test
    void aChosenTargetAndMoreStepsThanPatchesFollowTheProtocol() {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME); // 4 frames, 2x2 grid: N = 16
        float[] data = RandomWeights.clip(5, 4, 3, 16, 16);
        ClipTensor clip = new ClipTensor(data, 4, 16, 16, null);
        try (TimeSformer m = model(c, 3)) {
            List<RankingMethod> methods = RankingMethods.of(List.of("rollout"),
                    new RankingMethods.Options(RolloutParams.defaults(), 0));
            int steps = 40; // k repeats: round(s·16/40)
            for (int batch : new int[] {1, 7}) {
                ClipFaithfulness r = new FaithfulnessEvaluator(m, batch).evaluate(clip, methods, steps, 2);
                assertThat(r.targetClass()).isEqualTo(2);
                assertThat(r.targetChosen()).isTrue();
                float[] map = Rollout.compute(m.forward(data, 4, 16, 16, true, false).attention(),
                        RolloutParams.defaults()).values();
                assertCurves("rollout, batch " + batch, r.methods().get("rollout"),
                        referenceCurves(m, data, 4, 16, 16, List.of(referenceRank(map)), steps, 2));
            }
            assertThatThrownBy(() -> new FaithfulnessEvaluator(m, 2).evaluate(clip, methods, steps, 5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target class 5 is out of range");
            assertThatThrownBy(() -> new FaithfulnessEvaluator(m, 2).evaluate(clip, methods, 0, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steps must be >= 1");
        }
    }

    @Test
    void aRegisteredMethodPlugsInByName() {
        RankingMethods.register("first-frame", o -> new MapMethod("first-frame", ctx -> {
            float[] map = new float[ctx.grid().size()];
            int g = ctx.grid().gridH() * ctx.grid().gridW();
            for (int i = 0; i < g; i++) {
                map[i] = 1f;
            }
            return map;
        }));
        assertThat(RankingMethods.names()).contains("rollout", "spatial", "temporal", "random", "first-frame");
        assertThatThrownBy(() -> RankingMethods.of(List.of("rollout", "nope"),
                new RankingMethods.Options(RolloutParams.defaults(), 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown method 'nope'");
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        float[] data = RandomWeights.clip(8, 4, 3, 16, 16);
        try (TimeSformer m = model(c, 4)) {
            ClipFaithfulness r = new FaithfulnessEvaluator(m, 3).evaluate(new ClipTensor(data, 4, 16, 16, null),
                    RankingMethods.of(List.of("first-frame"), new RankingMethods.Options(RolloutParams.defaults(), 0)),
                    4, null);
            int[] ranking = new int[16];
            for (int i = 0; i < 16; i++) {
                ranking[i] = i; // frame 0's patches tie at 1, the rest at 0: index order
            }
            assertCurves("first-frame", r.methods().get("first-frame"),
                    referenceCurves(m, data, 4, 16, 16, List.<int[]>of(ranking), 4, r.targetClass()));
        }
    }
}
