package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GradientMemoryTest {
    private static final long GB = 1L << 30;

    @Test
    void vivitBaseGradientsAreRefusedWithWhatToDoWhenTheHeapCannotHoldThem() {
        // ViViT-B, 32 frames of 224²: 3,137 tokens, 12 heads, 12 layers, one attention kind
        long need = GradientMemory.bytes(12, 12L * 3137 * 3137, 0);
        assertThat(need / (double) GB).isBetween(5.2, 5.4);
        assertThatThrownBy(() -> GradientMemory.check(need, 3 * GB, 4 * GB))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("needs 5.28 GB")
                .hasMessageContaining("-Xmx")
                .hasMessageContaining("spacetime-lens export --method grad-rollout");
    }

    @Test
    void baseTimeSformerGradientsFitAnOrdinaryHeap() {
        // TimeSformer-base, 8 frames of 224²: spatial 8 × 12 × 197², temporal 196 × 12 × 8²
        long need = GradientMemory.bytes(12, 8L * 12 * 197 * 197, 196L * 12 * 8 * 8);
        assertThat(need / (double) (1 << 20)).isBetween(170.0, 180.0);
        assertThatCode(() -> GradientMemory.check(need, GB, 4 * GB)).doesNotThrowAnyException();
        assertThatThrownBy(() -> GradientMemory.check(need, 200L << 20, 4 * GB)).isInstanceOf(BackendException.class);
    }
}
