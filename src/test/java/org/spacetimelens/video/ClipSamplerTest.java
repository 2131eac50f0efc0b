package org.spacetimelens.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClipSamplerTest {

    /**
     * The published recipe written out independently: exact decimal arithmetic on the double values
     * Python computes, rounded half-to-even by BigDecimal (numpy's np.round).
     */
    private static int[] recipe(int n, int t) {
        int[] out = new int[t];
        if (n == t) {
            for (int i = 0; i < t; i++) {
                out[i] = i;
            }
            return out;
        }
        double seg = (double) (n - 1) / t;
        for (int i = 0; i < t; i++) {
            int start = new BigDecimal(seg * i).setScale(0, RoundingMode.HALF_EVEN).intValueExact();
            int end = new BigDecimal(seg * (i + 1)).setScale(0, RoundingMode.HALF_EVEN).intValueExact();
            out[i] = Math.floorDiv(start + end, 2);
        }
        return out;
    }

    @ParameterizedTest(name = "n={0} T={1}")
    @CsvSource(delimiter = ';', value = {
        // Expected lists computed with numpy 1.24 from the ssv2.py loop.
        "300; 8; 18 56 93 131 168 205 243 280",
        "280; 8; 17 52 87 122 157 191 226 261",
        "164; 16; 5 15 25 36 46 56 66 76 87 97 107 117 127 137 148 158",
        "6; 4; 0 1 3 4",
        "10; 4; 1 3 5 8",
        "50; 8; 3 9 15 21 27 34 40 46",
        "5; 8; 0 0 1 2 2 2 3 4",
        "8; 8; 0 1 2 3 4 5 6 7",
        "9; 8; 0 1 2 3 4 5 6 7",
        "1; 8; 0 0 0 0 0 0 0 0",
        "2; 3; 0 0 1"
    })
    void uniformMatchesNumpy(int n, int t, String expected) {
        int[] want = java.util.Arrays.stream(expected.split(" ")).mapToInt(Integer::parseInt).toArray();
        assertThat(ClipSampler.uniform(n, t)).containsExactly(want);
    }

    @Test
    void uniformMatchesTheRecipeOverASweep() {
        for (int t : new int[] {1, 2, 3, 4, 8, 16, 32, 96}) {
            for (int n = 1; n <= 400; n++) {
                assertThat(ClipSampler.uniform(n, t)).as("n=%d T=%d", n, t).containsExactly(recipe(n, t));
            }
        }
    }

    @Test
    void uniformRoundsHalfToEven() {
        // seg = 1.25 and 2.25: segment ends at 2.5 and 4.5, where half-up rounding would pick other frames.
        int[] halfUp = new int[4];
        double seg = 5.0 / 4;
        for (int i = 0; i < 4; i++) {
            halfUp[i] = (int) ((Math.round(seg * i) + Math.round(seg * (i + 1))) / 2);
        }
        assertThat(ClipSampler.uniform(6, 4)).containsExactly(0, 1, 3, 4).isNotEqualTo(halfUp);
        assertThat(ClipSampler.uniform(10, 4)).containsExactly(1, 3, 5, 8);
    }

    @Test
    void uniformTakesEveryFrameWhenCountsMatch() {
        // The bare formula would repeat a frame here (seg = 7/8: segment 4 and 5 both give 4).
        assertThat(ClipSampler.uniform(8, 8)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void windowIsCentredOnThePlayhead() throws Exception {
        assertThat(ClipSampler.window(300, 8, 32, 150)).containsExactly(38, 70, 102, 134, 166, 198, 230, 262);
        assertThat(ClipSampler.window(100, 8, 1, 50)).containsExactly(47, 48, 49, 50, 51, 52, 53, 54);
        assertThat(ClipSampler.window(100, 1, 5, 42)).containsExactly(42);
    }

    @Test
    void windowShiftsToFitTheVideo() throws Exception {
        assertThat(ClipSampler.window(300, 8, 32, 10)).containsExactly(0, 32, 64, 96, 128, 160, 192, 224);
        assertThat(ClipSampler.window(300, 8, 32, 299)).containsExactly(75, 107, 139, 171, 203, 235, 267, 299);
        assertThat(ClipSampler.window(300, 8, 32, 5000)).as("playhead clamped")
                .containsExactly(75, 107, 139, 171, 203, 235, 267, 299);
        assertThat(ClipSampler.window(225, 8, 32, 100)).as("exact fit").containsExactly(0, 32, 64, 96, 128, 160, 192, 224);
    }

    @Test
    void windowLongerThanTheVideoReducesTheRate() throws Exception {
        // Span 225 > 100 frames: rate becomes 99/7 = 14 (span 99), shifted to fit.
        assertThat(ClipSampler.window(100, 8, 32, 50)).containsExactly(1, 15, 29, 43, 57, 71, 85, 99);
        assertThat(ClipSampler.window(8, 8, 32, 3)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void windowLongerThanTheVideoCanRepeatTheLastFrame() throws Exception {
        assertThat(ClipSampler.window(100, 8, 32, 50, true)).containsExactly(0, 32, 64, 96, 99, 99, 99, 99);
        assertThat(ClipSampler.window(5, 8, 1, 2, true)).containsExactly(0, 1, 2, 3, 4, 4, 4, 4);
        assertThat(ClipSampler.window(300, 8, 32, 150, true)).as("padding unused when the window fits")
                .containsExactly(38, 70, 102, 134, 166, 198, 230, 262);
    }

    @Test
    void videoWithFewerFramesThanTheClipNeedsPaddingOrFails() {
        assertThatThrownBy(() -> ClipSampler.window(5, 8, 4, 2)).isInstanceOfSatisfying(VideoException.class, e -> {
            assertThat(e.kind()).isEqualTo(VideoException.Kind.CLIP_TOO_SHORT);
            assertThat(e.getMessage()).contains("5 frames", "8 distinct frames", "padding");
        });
    }

    @Test
    void explicitIndicesAreRangeChecked() throws Exception {
        assertThat(ClipSampler.explicit(10, 9, 0, 4, 4)).containsExactly(9, 0, 4, 4);
        assertThatThrownBy(() -> ClipSampler.explicit(10, 3, 10)).isInstanceOfSatisfying(VideoException.class, e -> {
            assertThat(e.kind()).isEqualTo(VideoException.Kind.INDEX_OUT_OF_RANGE);
            assertThat(e.getMessage()).contains("frame 10", "0..9");
        });
        assertThatThrownBy(() -> ClipSampler.explicit(10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonsenseArgumentsAreRejected() {
        assertThatThrownBy(() -> ClipSampler.uniform(0, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClipSampler.uniform(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClipSampler.window(10, 4, 0, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
