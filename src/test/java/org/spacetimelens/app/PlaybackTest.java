package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Stepping and clip-frame jumps move the playhead as the transport and the keys promise. */
class PlaybackTest {
    private final ViewState state = new ViewState();
    private final Playback playback = new Playback(state);

    PlaybackTest() {
        state.videoProperty().set(new VideoMeta(Path.of("v.mp4"), 100, 25, 64, 48, 4));
        state.plannedClipProperty().set(new int[] {6, 18, 31, 43});
    }

    @Test
    void stepsAreClampedToTheVideo() {
        playback.step(-1);
        assertThat(state.playheadProperty().get()).isZero();
        state.playheadProperty().set(98);
        playback.step(5);
        assertThat(state.playheadProperty().get()).isEqualTo(99);
    }

    @Test
    void clipStepsJumpBetweenSampledFrames() {
        state.playheadProperty().set(20);
        playback.stepClipFrame(1);
        assertThat(state.playheadProperty().get()).isEqualTo(31);
        playback.stepClipFrame(-1);
        assertThat(state.playheadProperty().get()).isEqualTo(18);
        playback.stepClipFrame(-1);
        playback.stepClipFrame(-1);
        assertThat(state.playheadProperty().get()).isEqualTo(6); // no frame before the first: stays
        state.playheadProperty().set(43);
        playback.stepClipFrame(1);
        assertThat(state.playheadProperty().get()).isEqualTo(43);
    }

    @Test
    void steppingStopsPlayback() {
        state.playingProperty().set(true);
        playback.step(1);
        assertThat(state.playingProperty().get()).isFalse();
    }
}
