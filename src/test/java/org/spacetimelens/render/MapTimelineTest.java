package org.spacetimelens.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.spacetimelens.rollout.AttentionMaps;

class MapTimelineTest {

    /** Three sampled frames whose 1×2 maps are (0.1, 1), (0.5, 0), (0.9, 1). */
    private static AttentionMaps maps() {
        float[] v = {0.1f, 1f, 0.5f, 0f, 0.9f, 1f};
        return new AttentionMaps(3, 1, 2, v, v.clone());
    }

    @Test
    void holdTakesTheNearestSampledFrame() {
        MapTimeline tl = new MapTimeline(new int[] {10, 20, 40}, maps(), MapTimeline.Mode.HOLD);
        assertThat(tl.mapAt(10)).containsExactly(0.1f, 1f);
        assertThat(tl.mapAt(14)).containsExactly(0.1f, 1f);
        assertThat(tl.mapAt(15)).containsExactly(0.1f, 1f); // tie → earlier
        assertThat(tl.mapAt(16)).containsExactly(0.5f, 0f);
        assertThat(tl.mapAt(31)).containsExactly(0.9f, 1f);
        assertThat(tl.mapAt(0)).containsExactly(0.1f, 1f);
        assertThat(tl.mapAt(1000)).containsExactly(0.9f, 1f);
    }

    @Test
    void linearBlendsTheNeighbours() {
        MapTimeline tl = new MapTimeline(new int[] {10, 20, 40}, maps(), MapTimeline.Mode.LINEAR);
        assertThat(tl.mapAt(15)).containsExactly(new float[] {0.3f, 0.5f}, within(1e-6f));
        assertThat(tl.mapAt(25)).containsExactly(new float[] {0.6f, 0.25f}, within(1e-6f));
        assertThat(tl.mapAt(20)).containsExactly(0.5f, 0f);
        assertThat(tl.mapAt(5)).containsExactly(0.1f, 1f);
        assertThat(tl.mapAt(41)).containsExactly(0.9f, 1f);
    }

    @Test
    void sampledFramesMayComeInAnyOrder() {
        float[] v = {0.9f, 1f, 0.1f, 1f, 0.5f, 0f}; // maps of frames 40, 10, 20
        MapTimeline tl = new MapTimeline(new int[] {40, 10, 20}, new AttentionMaps(3, 1, 2, v, v.clone()),
                MapTimeline.Mode.LINEAR);
        assertThat(tl.mapAt(15)).containsExactly(new float[] {0.3f, 0.5f}, within(1e-6f));
        assertThat(tl.mapAt(30)).containsExactly(new float[] {0.7f, 0.5f}, within(1e-6f));
    }

    @Test
    void repeatedIndicesKeepTheFirstMap() {
        // a short video padded by repeating its last frame samples the same index twice
        float[] v = {0.2f, 0.2f, 0.4f, 0.4f, 0.8f, 0.8f};
        MapTimeline tl = new MapTimeline(new int[] {0, 5, 5}, new AttentionMaps(3, 1, 2, v, v.clone()),
                MapTimeline.Mode.HOLD);
        assertThat(tl.mapAt(5)).containsExactly(0.4f, 0.4f);
    }

    @Test
    void rejectsMismatchedInputs() {
        assertThatThrownBy(() -> new MapTimeline(new int[] {1, 2}, maps(), MapTimeline.Mode.HOLD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 source frame indices for 3 maps");
        MapTimeline tl = new MapTimeline(new int[] {1, 2, 3}, maps(), MapTimeline.Mode.HOLD);
        assertThatThrownBy(() -> tl.mapAt(1, new float[3])).isInstanceOf(IllegalArgumentException.class);
    }
}
