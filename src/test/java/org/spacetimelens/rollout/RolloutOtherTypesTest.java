package org.spacetimelens.rollout;

import static org.assertj.core.api.Assertions.assertThat;
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

/** Space-only and joint space-time rollout against their own dense oracles; token order of joint. */
class RolloutOtherTypesTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        long seed = 100;
        for (AttentionType type : List.of(AttentionType.SPACE_ONLY, AttentionType.JOINT_SPACE_TIME)) {
            for (int[] s : new int[][] {{3, 3, 2, 4, 3}, {2, 2, 1, 3, 2}}) {
                AttentionRecord rec = RandomAttention.record(type, s[0], s[1], s[2], s[3], s[4], 2.0, seed++);
                for (RolloutParams p : RolloutOracleTest.options(s[0], s[1], s[2], s[3], s[4])) {
                    out.add(Arguments.of(type + " " + RolloutOracleTest.shapeName(s), p, rec));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void matchesDenseOracle(String shape, RolloutParams params, AttentionRecord record) {
        DenseOracle.Maps expected = record.type() == AttentionType.SPACE_ONLY
                ? DenseOracle.spaceOnly(record, params) : DenseOracle.joint(record, params);
        AttentionMaps actual = Rollout.compute(record, params);
        if (params.residualWeight() > 0) {
            assertNotFlat(expected.raw(), shape);
        }
        assertClose(actual.raw(), expected.raw(), RolloutOracleTest.TOL, shape + " " + params + " raw");
        assertClose(actual.values(), expected.values(), RolloutOracleTest.TOL, shape + " " + params + " values");
    }

    /**
     * Joint attention where every token attends almost only to patch (y0, x0) of frame t0, at model
     * index 1 + g0·T + t0: the map must peak there. A (t, g) / (g, t) mix-up peaks elsewhere.
     */
    @Test
    void jointMapPeaksAtTheAttendedToken() {
        int frames = 3;
        int gh = 2;
        int gw = 4;
        int y0 = 1;
        int x0 = 2;
        int t0 = 2;
        int g0 = y0 * gw + x0;
        int n = 1 + gh * gw * frames;
        int target = 1 + g0 * frames + t0;
        float[][] spatial = new float[2][n * n];
        for (float[] layer : spatial) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    layer[i * n + j] = j == target ? 0.9f : 0.1f / (n - 1);
                }
            }
        }
        AttentionRecord rec = AttentionRecord.ofFloat(AttentionType.JOINT_SPACE_TIME, frames, gh, gw, 1, spatial, null);
        AttentionMaps maps = Rollout.compute(rec, RolloutParams.defaults());
        assertThat(maps.at(t0, y0, x0)).isEqualTo(1f);
        assertThat(argmax(maps.values())).isEqualTo((t0 * gh + y0) * gw + x0);
    }

    static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }
}
