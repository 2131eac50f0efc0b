package org.spacetimelens.rollout;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.spacetimelens.rollout.MapAssertions.assertClose;
import static org.spacetimelens.rollout.MapAssertions.assertNotFlat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;

/** Gradient-weighted rollout by propagation against the literal dense oracle, every attention type and option. */
class GradRolloutOracleTest {

    static final double TOL = 1e-6;
    static final int[][] SHAPES = {{4, 3, 2, 4, 3}, {3, 2, 3, 2, 2}, {2, 5, 1, 3, 4}, {3, 1, 2, 2, 2}};

    /** Random gradients of both signs (so the clipping matters), scaled like real logit gradients. */
    static AttentionGradients gradients(AttentionRecord rec, long seed) {
        Random rnd = new Random(seed);
        float[][] s = new float[rec.layers()][];
        float[][] t = rec.type() == AttentionType.DIVIDED_SPACE_TIME ? new float[rec.layers()][] : null;
        for (int l = 0; l < rec.layers(); l++) {
            s[l] = random(rec.spatialSize(), rnd);
            if (t != null) {
                t[l] = random(rec.temporalSize(), rnd);
            }
        }
        return new AttentionGradients(rec.type(), rec.frames(), rec.gridH(), rec.gridW(), rec.heads(), s, t, 1,
                AttentionGradients.NO_CONTRAST);
    }

    private static float[] random(int n, Random rnd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * 3);
        }
        return v;
    }

    static List<RolloutParams> options(int layers, int frames, int gh, int gw, int heads) {
        RolloutParams d = RolloutParams.defaults().withMethod(RolloutMethod.GRAD_ROLLOUT);
        List<RolloutParams> list = new ArrayList<>();
        list.add(d);
        list.add(d.withStartLayer(1));
        list.add(d.withUpToLayer(layers - 2));
        list.add(d.withUpToLayer(0));
        list.add(d.withFusion(HeadFusion.MAX));
        list.add(d.withFusion(HeadFusion.MIN));
        list.add(d.withHeads(heads - 1));
        list.add(d.withHeads(0, 1));
        list.add(d.withHeads(1).withHeadLayer(layers - 1));
        list.add(d.withQuery(QueryToken.patch(gh - 1, gw - 1, frames - 1)));
        list.add(d.withQuery(QueryToken.patch(0, gw / 2, frames / 2)));
        list.add(d.withNormalization(MapNormalization.PER_FRAME));
        list.add(d.withNormalization(MapNormalization.NONE));
        list.add(d.toBuilder().startLayer(1).upToLayer(layers - 1).heads(0, 1).query(QueryToken.patch(gh - 1, 0,
                frames - 1)).normalization(MapNormalization.PER_FRAME).build());
        return list;
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        long seed = 11;
        for (AttentionType type : AttentionType.values()) {
            for (int[] s : SHAPES) {
                AttentionRecord rec = RandomAttention.record(type, s[0], s[1], s[2], s[3], s[4], 2.0, seed++);
                AttentionGradients g = gradients(rec, seed++);
                for (RolloutParams p : options(s[0], s[1], s[2], s[3], s[4])) {
                    out.add(Arguments.of(type + " " + RolloutOracleTest.shapeName(s), p, rec, g));
                }
            }
        }
        return out.stream();
    }

    static DenseOracle.Maps oracle(AttentionRecord rec, AttentionGradients g, RolloutParams p) {
        return switch (rec.type()) {
            case DIVIDED_SPACE_TIME -> GradDenseOracle.divided(rec, g, p);
            case SPACE_ONLY -> GradDenseOracle.spaceOnly(rec, g, p);
            case JOINT_SPACE_TIME -> GradDenseOracle.joint(rec, g, p);
        };
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void propagationMatchesDenseOracle(String shape, RolloutParams params, AttentionRecord record,
            AttentionGradients grads) {
        DenseOracle.Maps expected = oracle(record, grads, params);
        AttentionMaps actual = Rollout.compute(record, grads, params);
        if (params.fusion() != HeadFusion.MIN) {
            // the minimum over heads of clipped relevance is often 0 everywhere: W = I, a flat map by design
            assertNotFlat(expected.raw(), shape + " raw");
        }
        assertClose(actual.raw(), expected.raw(), TOL, shape + " " + params + " raw");
        assertClose(actual.values(), expected.values(), TOL, shape + " " + params + " values");
    }

    @Test
    void float16RecordAndDeepShapeAgree() {
        AttentionRecord rec = RandomAttention.record(AttentionType.DIVIDED_SPACE_TIME, 12, 8, 6, 5, 3, 3.0, 99);
        AttentionGradients g = gradients(rec, 7);
        RolloutParams p = RolloutParams.defaults().withMethod(RolloutMethod.GRAD_ROLLOUT);
        for (AttentionRecord r : List.of(rec, rec.toHalf())) {
            DenseOracle.Maps expected = GradDenseOracle.divided(r, g, p);
            AttentionMaps actual = new Rollout(r, g, 1 << 20).compute(p);
            assertNotFlat(expected.raw(), "12 layers");
            assertClose(actual.raw(), expected.raw(), TOL, "raw, half " + r.isHalf());
            assertClose(actual.values(), expected.values(), TOL, "values, half " + r.isHalf());
        }
    }

    @Test
    void differsFromPlainRolloutAndRejectsWhatItCannotUse() {
        AttentionRecord rec = RandomAttention.record(AttentionType.DIVIDED_SPACE_TIME, 3, 3, 2, 2, 2, 2.0, 5);
        AttentionGradients g = gradients(rec, 6);
        RolloutParams p = RolloutParams.defaults().withMethod(RolloutMethod.GRAD_ROLLOUT);
        double[] plain = DenseOracle.divided(rec, RolloutParams.defaults()).raw();
        double[] grad = GradDenseOracle.divided(rec, g, p).raw();
        double diff = 0;
        for (int i = 0; i < plain.length; i++) {
            diff = Math.max(diff, Math.abs(plain[i] - grad[i]));
        }
        org.assertj.core.api.Assertions.assertThat(diff).isGreaterThan(1e-3);
        assertThatThrownBy(() -> Rollout.compute(rec, p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gradients");
        assertThatThrownBy(() -> Rollout.compute(rec, g, p.withDiscardRatio(0.2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("discard");
        AttentionRecord other = RandomAttention.record(AttentionType.DIVIDED_SPACE_TIME, 3, 2, 2, 2, 2, 2.0, 5);
        assertThatThrownBy(() -> new Rollout(other, g, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
