package org.spacetimelens.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.spacetimelens.video.ClipSampler;
import org.spacetimelens.video.VideoException;

/** Sampling requests become ClipSampler's indices, and every change to the request is said in words. */
class SamplingTest {

    @Test
    void uniformIsThePublishedRecipeAndNeedsPaddingForShortVideos() throws Exception {
        for (int n : new int[] {8, 9, 17, 300}) {
            Sampling.Selection s = Sampling.uniform().select(n, 8);
            assertThat(s.indices()).containsExactly(ClipSampler.uniform(n, 8));
            assertThat(s.notes()).isEmpty();
        }
        assertThatThrownBy(() -> Sampling.uniform().select(5, 8)).isInstanceOf(VideoException.class)
                .hasMessageContaining("5 frames").hasMessageContaining("--pad")
                .matches(e -> ((VideoException) e).kind() == VideoException.Kind.CLIP_TOO_SHORT);
        Sampling.Selection padded = Sampling.uniform().withPad(true).select(5, 8);
        assertThat(padded.indices()).containsExactly(0, 1, 2, 3, 4, 4, 4, 4);
        assertThat(padded.notes()).singleElement().asString().contains("last 3 repeat frame 4");
    }

    @Test
    void windowKeepsItsRateClampsAndSaysSo() throws Exception {
        Sampling.Selection centred = Sampling.window(150, 32).select(300, 8);
        assertThat(centred.indices()).containsExactly(ClipSampler.window(300, 8, 32, 150));
        assertThat(centred.indices()[0]).isEqualTo(150 - 112);
        assertThat(centred.notes()).isEmpty();
        assertThat(centred.rate()).isEqualTo(32);

        Sampling.Selection end = Sampling.window(290, 32).select(300, 8);
        assertThat(end.indices()).containsExactly(75, 107, 139, 171, 203, 235, 267, 299);
        assertThat(end.notes()).singleElement().asString().contains("moved to frames 75..299");

        Sampling.Selection middle = Sampling.window(Sampling.MIDDLE, 4).select(101, 8);
        assertThat(middle.centre()).isEqualTo(50);
        assertThat(middle.indices()).containsExactly(ClipSampler.window(101, 8, 4, 50));
    }

    @Test
    void windowTooLongForTheVideoReducesTheRateOrPads() throws Exception {
        Sampling.Selection reduced = Sampling.window(Sampling.MIDDLE, 32).select(100, 8);
        assertThat(reduced.rate()).isEqualTo(14);
        assertThat(reduced.indices()).containsExactly(ClipSampler.window(100, 8, 32, 50));
        assertThat(reduced.notes()).singleElement().asString().contains("rate reduced to 14").contains("225 frames");

        Sampling.Selection padded = Sampling.window(Sampling.MIDDLE, 32).withPad(true).select(100, 8);
        assertThat(padded.indices()).containsExactly(0, 32, 64, 96, 99, 99, 99, 99);
        assertThat(padded.rate()).isEqualTo(32);
        assertThat(padded.notes()).singleElement().asString().contains("3 clip frame(s) repeat the last frame");

        assertThatThrownBy(() -> Sampling.window(3, 2).select(5, 8)).isInstanceOf(VideoException.class)
                .hasMessageContaining("5 frames");
    }

    @Test
    void explicitFramesAreRangeCheckedAndAnOddCountIsNoted() throws Exception {
        Sampling.Selection s = Sampling.explicit(9, 0, 4).select(10, 8);
        assertThat(s.indices()).containsExactly(9, 0, 4);
        assertThat(s.notes()).singleElement().asString().contains("3 frames given");
        assertThatThrownBy(() -> Sampling.explicit(3, 10).select(10, 2)).isInstanceOf(VideoException.class)
                .hasMessageContaining("frame 10 requested");
        assertThatThrownBy(() -> Sampling.explicit()).hasMessageContaining("at least one frame");
        assertThatThrownBy(() -> Sampling.window(-5, 4)).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> Sampling.window(0, 0)).hasMessageContaining("rate must be >= 1");
    }
}
