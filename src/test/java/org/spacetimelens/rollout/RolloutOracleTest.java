package org.spacetimelens.rollout;

import static org.spacetimelens.rollout.MapAssertions.assertClose;
import static org.spacetimelens.rollout.MapAssertions.assertNotFlat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;

/** Divided space-time rollout by propagation against the dense oracle, for every option. */
class RolloutOracleTest {

    static final double TOL = 1e-6;

    /** (layers, frames, gridH, gridW, heads): T ≠ gh ≠ gw, a single frame, a single grid row. */
    static final int[][] SHAPES = {{4, 3, 2, 4, 3}, {3, 2, 3, 2, 2}, {2, 5, 1, 3, 4}, {3, 1, 2, 2, 2}};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        long seed = 1;
        for (int[] s : SHAPES) {
            AttentionRecord rec = RandomAttention.record(AttentionType.DIVIDED_SPACE_TIME, s[0], s[1], s[2], s[3],
                    s[4], 2.0, seed++);
            for (RolloutParams p : options(s[0], s[1], s[2], s[3], s[4])) {
                out.add(Arguments.of(shapeName(s), p, rec));
            }
        }
        return out.stream();
    }

    static String shapeName(int[] s) {
        return "L" + s[0] + " T" + s[1] + " " + s[2] + "x" + s[3] + " H" + s[4];
    }

    /** Every option alone, then combined, sized to the shape. */
    static List<RolloutParams> options(int layers, int frames, int gh, int gw, int heads) {
        RolloutParams d = RolloutParams.defaults();
        List<RolloutParams> list = new ArrayList<>();
        list.add(d);
        list.add(d.withStartLayer(1));
        list.add(d.withUpToLayer(layers - 2));
        list.add(d.withUpToLayer(0));
        list.add(d.withFusion(HeadFusion.MAX));
        list.add(d.withFusion(HeadFusion.MIN));
        list.add(d.withHeads(heads - 1));
        list.add(d.withHeads(0, 1));
        list.add(d.withHeads(0, 1).withFusion(HeadFusion.MAX));
        list.add(d.withHeads(1).withHeadLayer(layers - 1));
        list.add(d.withHeads(0).withHeadLayer(0).withFusion(HeadFusion.MIN));
        list.add(d.withDiscardRatio(0.3));
        list.add(d.withDiscardRatio(0.7).withFusion(HeadFusion.MIN));
        list.add(d.withResidualWeight(0.2));
        list.add(d.withResidualWeight(0.9));
        list.add(d.withResidualWeight(1.0));
        list.add(d.withResidualWeight(1.0).withDiscardRatio(0.5));
        list.add(d.withResidualWeight(0.0));
        list.add(d.withQuery(QueryToken.patch(gh - 1, gw - 1, frames - 1)));
        list.add(d.withQuery(QueryToken.patch(0, gw / 2, frames / 2)));
        list.add(d.withNormalization(MapNormalization.PER_FRAME));
        list.add(d.withNormalization(MapNormalization.NONE));
        list.add(RolloutParams.builder().startLayer(1).upToLayer(layers - 1).fusion(HeadFusion.MAX).heads(0, 1)
                .discardRatio(0.5).residualWeight(0.7).query(QueryToken.patch(gh - 1, 0, frames - 1))
                .normalization(MapNormalization.PER_FRAME).build());
        return list;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void propagationMatchesDenseOracle(String shape, RolloutParams params, AttentionRecord record) {
        DenseOracle.Maps expected = DenseOracle.divided(record, params);
        AttentionMaps actual = Rollout.compute(record, params);
        if (params.residualWeight() > 0) {
            // α = 0 makes every W the identity: the map is then the start vector, flat by design
            assertNotFlat(expected.raw(), shape + " raw");
        }
        assertClose(actual.raw(), expected.raw(), TOL, shape + " " + params + " raw");
        assertClose(actual.values(), expected.values(), TOL, shape + " " + params + " values");
    }

    /** Longer sums (1+G = 31, 12 layers, T = 8): the float-blocked accumulation stays within tolerance. */
    @Test
    void deeperAndWiderRecordStaysWithinTolerance() {
        AttentionRecord rec = RandomAttention.record(AttentionType.DIVIDED_SPACE_TIME, 12, 8, 6, 5, 3, 3.0, 99);
        for (RolloutParams p : List.of(RolloutParams.defaults(),
                RolloutParams.defaults().withFusion(HeadFusion.MAX).withDiscardRatio(0.4)
                        .withQuery(QueryToken.patch(5, 4, 7)).withNormalization(MapNormalization.NONE))) {
            DenseOracle.Maps expected = DenseOracle.divided(rec, p);
            AttentionMaps actual = Rollout.compute(rec, p);
            assertNotFlat(expected.raw(), "12 layers");
            assertClose(actual.raw(), expected.raw(), TOL, p + " raw");
            assertClose(actual.values(), expected.values(), TOL, p + " values");
        }
    }
}
