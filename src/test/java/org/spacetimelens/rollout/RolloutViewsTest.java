package org.spacetimelens.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;

/** Single-layer views against hand-indexed record values; row sums of fused maps; float16 storage. */
class RolloutViewsTest {

    static final int L = 3;
    static final int T = 3;
    static final int GH = 2;
    static final int GW = 4;
    static final int H = 3;
    static final int P = 1 + GH * GW;

    final AttentionRecord rec = RandomAttention.record(AttentionType.DIVIDED_SPACE_TIME, L, T, GH, GW, H, 2.0, 7);
    final Rollout rollout = new Rollout(rec);

    float s(int layer, int t, int h, int i, int j) {
        return rec.spatialAt(layer, ((t * H + h) * P + i) * P + j);
    }

    float tm(int layer, int g, int h, int i, int j) {
        return rec.temporalAt(layer, ((g * H + h) * T + i) * T + j);
    }

    @Test
    void spatialViewOfClsIsTheClsRowOfEveryFrame() {
        RolloutParams p = RolloutParams.defaults().withMethod(RolloutMethod.SPATIAL).withUpToLayer(1)
                .withHeads(0, 2).withNormalization(MapNormalization.NONE);
        AttentionMaps maps = rollout.compute(p);
        for (int t = 0; t < T; t++) {
            for (int y = 0; y < GH; y++) {
                for (int x = 0; x < GW; x++) {
                    int k = 1 + y * GW + x;
                    float expected = (s(1, t, 0, 0, k) + s(1, t, 2, 0, k)) / 2;
                    assertThat(maps.at(t, y, x)).isCloseTo(expected, within(1e-7f));
                }
            }
        }
    }

    @Test
    void spatialViewOfPatchIsItsRowInItsOwnFrameOnly() {
        QueryToken q = QueryToken.patch(1, 3, 2);
        RolloutParams p = RolloutParams.defaults().withMethod(RolloutMethod.SPATIAL).withQuery(q)
                .withFusion(HeadFusion.MAX).withNormalization(MapNormalization.NONE);
        AttentionMaps maps = rollout.compute(p);
        int row = 1 + 1 * GW + 3;
        for (int t = 0; t < T; t++) {
            for (int y = 0; y < GH; y++) {
                for (int x = 0; x < GW; x++) {
                    int k = 1 + y * GW + x;
                    float expected = t != 2 ? 0f
                            : Math.max(s(L - 1, t, 0, row, k), Math.max(s(L - 1, t, 1, row, k), s(L - 1, t, 2, row, k)));
                    assertThat(maps.at(t, y, x)).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void temporalViewOfPatchIsItsRowOverFrames() {
        QueryToken q = QueryToken.patch(0, 2, 1);
        RolloutParams p = RolloutParams.defaults().withMethod(RolloutMethod.TEMPORAL).withUpToLayer(0)
                .withHeads(1).withQuery(q);
        AttentionMaps maps = rollout.compute(p);
        int g = 2;
        float max = 0;
        for (int k = 0; k < T; k++) {
            max = Math.max(max, tm(0, g, 1, 1, k));
        }
        for (int k = 0; k < T; k++) {
            for (int y = 0; y < GH; y++) {
                for (int x = 0; x < GW; x++) {
                    float raw = y == 0 && x == 2 ? tm(0, g, 1, 1, k) : 0f;
                    assertThat(maps.raw()[(k * GH + y) * GW + x]).isEqualTo(raw);
                    assertThat(maps.at(k, y, x)).isCloseTo(raw / max, within(1e-7f));
                }
            }
        }
        float[] matrix = rollout.temporalMatrix(p);
        for (int i = 0; i < T; i++) {
            for (int j = 0; j < T; j++) {
                assertThat(matrix[i * T + j]).isEqualTo(tm(0, g, 1, i, j));
            }
        }
    }

    @Test
    void temporalViewOfClsAveragesQueryFrames() {
        RolloutParams p = RolloutParams.defaults().withMethod(RolloutMethod.TEMPORAL)
                .withNormalization(MapNormalization.NONE);
        AttentionMaps maps = rollout.compute(p);
        for (int g = 0; g < GH * GW; g++) {
            for (int k = 0; k < T; k++) {
                double sum = 0;
                for (int t = 0; t < T; t++) {
                    for (int h = 0; h < H; h++) {
                        sum += tm(L - 1, g, h, t, k);
                    }
                }
                assertThat(maps.raw()[k * GH * GW + g]).isCloseTo((float) (sum / (T * H)), within(1e-6f));
            }
        }
    }

    @Test
    void temporalViewNeedsDividedAttention() {
        AttentionRecord joint = RandomAttention.record(AttentionType.JOINT_SPACE_TIME, 1, 2, 1, 2, 1, 1, 3);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Rollout.compute(joint,
                RolloutParams.defaults().withMethod(RolloutMethod.TEMPORAL))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("joint_space_time");
    }

    @Test
    void everyFusedResidualRowSumsToOne() {
        List<RolloutParams> options = List.of(RolloutParams.defaults(),
                RolloutParams.defaults().withFusion(HeadFusion.MAX),
                RolloutParams.defaults().withFusion(HeadFusion.MIN).withDiscardRatio(0.6),
                RolloutParams.defaults().withHeads(2).withResidualWeight(1.0).withDiscardRatio(0.9),
                RolloutParams.defaults().withResidualWeight(0.1));
        for (RolloutParams p : options) {
            for (int layer = 0; layer < L; layer++) {
                assertRowsSumToOne(rollout.fusedSpatial(layer, p), P, p + " spatial layer " + layer);
                float[] temporal = rollout.fusedTemporal(layer, p);
                assertRowsSumToOne(temporal, T, p + " temporal layer " + layer);
                for (int i = 0; i < T; i++) {
                    for (int j = 0; j < T; j++) {
                        assertThat(temporal[i * T + j]).as("CLS temporal map is the identity")
                                .isEqualTo(i == j ? 1f : 0f);
                    }
                }
            }
        }
    }

    static void assertRowsSumToOne(float[] maps, int n, String what) {
        for (int row = 0; row < maps.length / n; row++) {
            double sum = 0;
            for (int k = 0; k < n; k++) {
                assertThat(maps[row * n + k]).as(what).isGreaterThanOrEqualTo(0f);
                sum += maps[row * n + k];
            }
            assertThat(sum).as(what + " row " + row).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void discardZeroesTheLowestEntriesButNotTheDiagonal() {
        RolloutParams p = RolloutParams.defaults().withDiscardRatio(0.5).withResidualWeight(1.0).withHeads(0);
        float[] fused = rollout.fusedSpatial(0, p);
        int zeros = 0;
        for (int i = 0; i < P; i++) {
            for (int j = 0; j < P; j++) {
                if (fused[i * P + j] == 0f) {
                    zeros++;
                    assertThat(i).as("diagonal kept").isNotEqualTo(j);
                }
            }
        }
        // floor(0.5·81) = 40 lowest entries, minus the diagonal ones among them
        assertThat(zeros).isBetween(40 - P, 40);
    }

    @Test
    void float16RecordGivesTheSameMapsWithin1e3() {
        AttentionRecord half = rec.toHalf();
        for (RolloutParams p : RolloutOracleTest.options(L, T, GH, GW, H)) {
            AttentionMaps a = Rollout.compute(rec, p);
            AttentionMaps b = Rollout.compute(half, p);
            float scale = 0;
            for (float v : a.raw()) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < a.values().length; i++) {
                assertThat(b.values()[i]).as(p + " value " + i).isCloseTo(a.values()[i], within(1e-3f * (
                        p.normalization() == MapNormalization.NONE ? scale : 1f)));
            }
        }
    }
}
