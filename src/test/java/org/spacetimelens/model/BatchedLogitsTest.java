package org.spacetimelens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.spacetimelens.model.testing.JointCheckpoints;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.TinyConfigs;

/**
 * {@link VideoModel#logits}: a batch gives each clip's own logits (to 1e-5), for every TimeSformer attention type
 * and for VideoMAE and ViViT (non-square patches, a frame after the last full tubelet).
 */
class BatchedLogitsTest {

    @ParameterizedTest
    @EnumSource(AttentionType.class)
    void batchedLogitsEqualOneClipAtATime(AttentionType type) {
        Engines.ensureOffline();
        TimeSformerConfig c = TinyConfigs.of(type, 2, 24, 3, 3, 24, 8, 5);
        Map<String, RawTensor> w = RandomWeights.generate(c, 5);
        int frames = 3;
        int h = 24;
        int wd = 16; // non-square, and a clip shape other than the config's
        int per = frames * 3 * h * wd;
        int count = 5;
        float[] batch = new float[count * per + 7]; // longer than needed: only count clips are read
        for (int i = 0; i < count; i++) {
            float[] clip = RandomWeights.clip(100 + i, frames, 3, h, wd);
            if (i == 3) {
                java.util.Arrays.fill(clip, 0f); // an all-zero clip, as insertion starts from
            }
            System.arraycopy(clip, 0, batch, i * per, per);
        }
        try (ai.djl.ndarray.NDManager root = ai.djl.ndarray.NDManager.newBaseManager(ai.djl.Device.cpu());
                TimeSformer m = TimeSformer.of(TimeSformerNet.fromTensors(c, root.newSubManager(), w),
                        PreprocessConfig.defaults(c.imageSize()), Path.of("memory"))) {
            float[][] batched = m.logits(batch, count, frames, h, wd);
            assertThat(batched).hasNumberOfRows(count);
            for (int i = 0; i < count; i++) {
                float[] one = java.util.Arrays.copyOfRange(batch, i * per, (i + 1) * per);
                float[] single = m.forward(one, frames, h, wd, false, false).logits();
                assertThat(batched[i]).hasSize(c.numLabels());
                for (int k = 0; k < single.length; k++) {
                    assertThat((double) batched[i][k]).as("clip %d class %d", i, k)
                            .isCloseTo(single[k], org.assertj.core.api.Assertions.within(1e-5));
                }
            }
            assertThatThrownBy(() -> m.logits(new float[per], 2, frames, h, wd))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch of 2 clips");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"videomae", "vivit"})
    void jointBatchedLogitsEqualOneClipAtATime(String family) {
        Engines.ensureOffline();
        JointConfig base = family.equals("videomae") ? JointCheckpoints.videoMae() : JointCheckpoints.vivit();
        JointConfig c = JointCheckpoints.reshaped(base, base.numFrames(), 16, 24, 8, 4);
        int frames = c.numFrames() + 1; // the extra frame belongs to no tubelet: the Conv3d drops it
        int h = c.imageSize();
        int wd = c.imageWidth();
        int per = frames * c.numChannels() * h * wd;
        int count = 4;
        float[] batch = new float[count * per + 3];
        java.util.Random r = new java.util.Random(9);
        for (int i = 0; i < count * per; i++) {
            batch[i] = i / per == 2 ? 0f : (float) r.nextGaussian(); // clip 2 all zero, as insertion starts from
        }
        try (JointModel m = JointModel.of(c, JointCheckpoints.weights(c, 11), null, null)) {
            float[][] batched = m.logits(batch, count, frames, h, wd);
            assertThat(batched).hasNumberOfRows(count);
            for (int i = 0; i < count; i++) {
                float[] one = java.util.Arrays.copyOfRange(batch, i * per, (i + 1) * per);
                float[] single = m.forward(one, frames, h, wd, false, false).logits();
                assertThat(batched[i]).hasSize(c.numLabels());
                for (int k = 0; k < single.length; k++) {
                    assertThat((double) batched[i][k]).as("%s clip %d class %d", family, i, k)
                            .isCloseTo(single[k], org.assertj.core.api.Assertions.within(1e-5));
                }
            }
            assertThatThrownBy(() -> m.logits(new float[per], 2, frames, h, wd))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch of 2 clips");
            assertThatThrownBy(() -> m.logits(new float[2 * per], 1, frames, h + 8, wd))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes");
        }
    }
}
