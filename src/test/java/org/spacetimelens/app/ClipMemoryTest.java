package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.TokenLayout;

/**
 * The clip cache holds at least one clip of the open model: a VideoMAE-base clip (0.71 GB of float16 attention)
 * is larger than the 512 MB default budget, so the capacity is raised to it, counted at its full size, and the
 * Model panel says so; a TimeSformer-base clip fits the budget several times and leaves it alone.
 */
class ClipMemoryTest {

    static ModelSummary videoMaeBase() {
        long bytes = AttentionRecord.bytesOf(AttentionType.JOINT_SPACE_TIME, TokenLayout.videoMae(2, true), 12, 8, 14,
                14, 12, false);
        return new ModelSummary("videomae-base", Path.of("m"), "VideoMAE", "joint_space_time", 16, 2,
                "mean of (t', y, x), tubelet 2", 224, 16, 12, 12, 768, 86_000_000L, List.of("a"), "cpu()", 1, bytes);
    }

    @Test
    void aVideoMaeBaseClipRaisesTheCacheToOneClip() {
        ModelSummary m = videoMaeBase();
        assertThat(m.recordBytes(true)).isEqualTo(12L * 12 * 1568 * 1568 * 2); // 708 MB
        ViewState state = new ViewState();
        ClipCaches caches = new ClipCaches(state, () -> { });
        long budget = state.cacheBudgetProperty().get();
        assertThat(budget).isEqualTo(ClipCaches.DEFAULT_RECORD_CACHE_BYTES);
        assertThat(caches.capacity()).isEqualTo(budget);
        caches.fitModel(m, true);
        long clip = m.recordBytes(true) + 16 * ClipMemory.FRAME_BYTES;
        assertThat(caches.capacity()).isEqualTo(clip).isGreaterThan(budget);
        assertThat(ClipMemory.describe(m, true, budget)).contains("float16").contains("raised")
                .contains(Format.bytes(clip));
        caches.fitModel(m, false); // float32: twice the record
        assertThat(caches.capacity()).isEqualTo(m.recordBytes(false) + 16 * ClipMemory.FRAME_BYTES);
        state.cacheBudgetProperty().set(8L << 30); // a larger budget wins
        assertThat(caches.capacity()).isEqualTo(8L << 30);
        assertThat(state.cacheBudgetProperty().get()).isEqualTo(8L << 30); // the preference itself is not changed
    }

    @Test
    void aTimeSformerBaseClipLeavesTheBudgetAlone() {
        ModelSummary m = new ModelSummary("ts", Path.of("m"), "divided_space_time", 8, 224, 16, 12, 12, 768, 1,
                List.of("a"), "cpu()", 1);
        // 12 layers × (8 frames × 12 heads × 197² + 196 × 12 × 8²) values
        assertThat(m.recordBytes(false)).isEqualTo(12L * (8L * 12 * 197 * 197 + 196L * 12 * 64) * 4);
        ViewState state = new ViewState();
        ClipCaches caches = new ClipCaches(state, () -> { });
        caches.fitModel(m, true);
        assertThat(caches.capacity()).isEqualTo(ClipCaches.DEFAULT_RECORD_CACHE_BYTES);
        assertThat(ClipMemory.describe(m, true, ClipCaches.DEFAULT_RECORD_CACHE_BYTES)).contains("holds")
                .contains("heap");
    }
}
