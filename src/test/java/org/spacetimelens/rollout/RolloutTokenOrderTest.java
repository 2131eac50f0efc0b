package org.spacetimelens.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;

/**
 * Divided attention built so that every token's spatial attention goes to patch (y0, x0) and the
 * temporal attention at that position goes to frame t0: the rollout map must peak at (t0, y0, x0).
 * Swapping frame/patch or row/column order anywhere moves the peak (a "stripes" bug).
 */
class RolloutTokenOrderTest {

    @Test
    void mapPeaksAtTheAttendedPatchAndFrame() {
        int layers = 2;
        int frames = 3;
        int gh = 2;
        int gw = 4;
        int y0 = 1;
        int x0 = 2;
        int t0 = 1;
        int g0 = y0 * gw + x0;
        int positions = 1 + gh * gw;
        float[][] spatial = new float[layers][frames * positions * positions];
        float[][] temporal = new float[layers][gh * gw * frames * frames];
        for (int l = 0; l < layers; l++) {
            for (int t = 0; t < frames; t++) {
                for (int i = 0; i < positions; i++) {
                    for (int k = 0; k < positions; k++) {
                        spatial[l][(t * positions + i) * positions + k] = k == 1 + g0 ? 0.9f : 0.1f / (positions - 1);
                    }
                }
            }
            for (int g = 0; g < gh * gw; g++) {
                for (int i = 0; i < frames; i++) {
                    for (int q = 0; q < frames; q++) {
                        float peak = g == g0 ? 0.9f : 1f / frames;
                        float rest = g == g0 ? 0.1f / (frames - 1) : 1f / frames;
                        temporal[l][(g * frames + i) * frames + q] = q == t0 ? peak : rest;
                    }
                }
            }
        }
        AttentionRecord rec = AttentionRecord.ofFloat(AttentionType.DIVIDED_SPACE_TIME, frames, gh, gw, 1, spatial,
                temporal);
        AttentionMaps maps = Rollout.compute(rec, RolloutParams.defaults());
        assertThat(maps.at(t0, y0, x0)).isEqualTo(1f);
        assertThat(RolloutOtherTypesTest.argmax(maps.values())).isEqualTo((t0 * gh + y0) * gw + x0);
        // and the oracle agrees on the whole map
        MapAssertions.assertClose(maps.values(), DenseOracle.divided(rec, RolloutParams.defaults()).values(), 1e-6,
                "token order");
    }
}
