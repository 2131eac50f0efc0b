package org.spacetimelens.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.testing.TinyConfigs;

/** The default batch size: a layer's intermediates per clip against a memory budget. */
class BatchSizeTest {

    @Test
    void baseModelFitsNineClipsPerGibAndSmallModelsHitTheCap() {
        TimeSformerConfig base = new TimeSformerConfig(224, 16, 3, 8, 768, 12, 12, 3072, "gelu", 1e-6, true,
                AttentionType.DIVIDED_SPACE_TIME, 400, TinyConfigs.labels(400));
        // per clip: 1577 tokens × (8·768 + 2·3072) + 2·12·(8·197² + 196·8²) floats ≈ 108 MB
        assertThat(FaithfulnessEvaluator.batchSizeFor(base, 8, 224, 224, 1L << 30)).isEqualTo(9);
        assertThat(FaithfulnessEvaluator.batchSizeFor(base, 8, 224, 224, 1)).isEqualTo(1);
        assertThat(FaithfulnessEvaluator.batchSizeFor(base, 96, 224, 224, 1L << 30)).isEqualTo(1);
        TimeSformerConfig tiny = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        assertThat(FaithfulnessEvaluator.batchSizeFor(tiny, 4, 16, 16, 1L << 30))
                .isEqualTo(FaithfulnessEvaluator.MAX_DEFAULT_BATCH);
        long budget = FaithfulnessEvaluator.memoryBudget(false);
        assertThat(budget).isBetween(256L << 20, 8L << 30);
    }

    @Test
    void jointAttentionCountsEveryTokenPairOnce() {
        org.spacetimelens.model.JointConfig mae = new org.spacetimelens.model.JointConfig(
                org.spacetimelens.model.ModelFamily.VIDEOMAE, 224, 16, 2, 3, 16, 768, 12, 12, 3072, "gelu", 1e-12,
                true, true, 400, TinyConfigs.labels(400));
        // per clip: 1568 tokens × (8·768 + 2·3072) + 2·12·1568² floats ≈ 313 MB (one more token with a CLS: the same)
        assertThat(FaithfulnessEvaluator.batchSizeFor(mae.geometry(), 3072, 16, 224, 224, 1L << 30)).isEqualTo(3);
        assertThat(FaithfulnessEvaluator.batchSizeFor(mae.geometry(), 3072, 16, 224, 224, 1)).isEqualTo(1);
        assertThat(FaithfulnessEvaluator.batchSizeFor(mae.geometry(), 3072, 16, 224, 224, 1L << 40))
                .isEqualTo(FaithfulnessEvaluator.MAX_DEFAULT_BATCH);
    }
}
