package org.spacetimelens.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.spacetimelens.rollout.AttentionMaps;

class PointingScoreTest {

    /** A map that peaks at patch (py, px) in every frame. */
    private static AttentionMaps peaked(int frames, int grid, int py, int px) {
        float[] v = new float[frames * grid * grid];
        for (int t = 0; t < frames; t++) {
            for (int i = 0; i < grid * grid; i++) {
                v[t * grid * grid + i] = 0.01f;
            }
            v[t * grid * grid + py * grid + px] = 1f;
        }
        return new AttentionMaps(frames, grid, grid, v, v.clone());
    }

    @Test
    void peakOnTheTargetHitsAndFarAwayMisses() {
        DemoClip clip = new SceneGenerator(21).scene(0, Motion.STILL).clip(8, 64);
        double[] b = clip.boxes().get(0).pixels(64, 64);
        int cy = (int) (((b[1] + b[3]) / 2) / 8);
        int cx = (int) (((b[0] + b[2]) / 2) / 8);
        PointingScore on = new PointingScore();
        on.add(peaked(8, 8, cy, cx), clip, 64);
        assertThat(on.hitRate()).isEqualTo(1.0);
        assertThat(on.massInBox()).isGreaterThan(on.chanceRate());

        PointingScore off = new PointingScore();
        off.add(peaked(8, 8, cy < 4 ? 7 : 0, cx < 4 ? 7 : 0), clip, 64);
        assertThat(off.hitRate()).isZero();
        assertThat(off.frames()).isEqualTo(on.frames()).isPositive();
    }

    @Test
    void chanceIsTheShareOfTouchingPatches() {
        DemoClip clip = new SceneGenerator(21).scene(0, Motion.STILL).clip(8, 64);
        double[] b = clip.boxes().get(0).pixels(64, 64);
        int touching = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                boolean overlapX = x * 8 <= b[2] && x * 8 + 8 >= b[0];
                boolean overlapY = y * 8 <= b[3] && y * 8 + 8 >= b[1];
                if (overlapX && overlapY) {
                    touching++;
                }
            }
        }
        PointingScore s = new PointingScore();
        s.add(peaked(8, 8, 0, 0), clip, 64);
        assertThat(s.chanceRate()).isCloseTo(touching / 64.0, within(1e-9));
        // A flat map puts exactly the chance share of its mass on the touching patches.
        float[] flat = new float[8 * 64];
        java.util.Arrays.fill(flat, 1f);
        PointingScore f = new PointingScore();
        f.add(new AttentionMaps(8, 8, 8, flat, flat.clone()), clip, 64);
        assertThat(f.massInBox()).isCloseTo(f.chanceRate(), within(1e-9));
    }
}
