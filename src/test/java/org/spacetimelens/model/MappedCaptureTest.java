package org.spacetimelens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spacetimelens.model.AttentionStorage.Placement;
import org.spacetimelens.model.testing.JointCheckpoints;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;

/**
 * A forward pass whose attention goes straight into a mapped file records the same bits as one that keeps it
 * on the heap (VideoMAE, ViViT, TimeSformer divided and joint; float16 and float32), its rollout is identical,
 * and closing the record removes the file; an unusable folder fails before the forward pass.
 */
class MappedCaptureTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"videomae,true", "videomae,false", "vivit,true", "vivit,false"})
    void jointCaptureIsTheSameOnDisk(String family, boolean half) throws IOException {
        Engines.ensureOffline();
        JointConfig c = family.equals("videomae") ? JointCheckpoints.videoMae() : JointCheckpoints.vivit();
        float[] clip = RandomWeights.clip(4, c.numFrames(), c.numChannels(), c.imageSize(), c.imageWidth());
        try (JointModel m = JointModel.of(c, JointCheckpoints.weights(c, 7), null, null)) {
            ForwardResult heap = m.forward(clip, c.numFrames(), c.imageSize(), c.imageWidth(), storage(half,
                    Placement.HEAP));
            ForwardResult mapped = m.forward(clip, c.numFrames(), c.imageSize(), c.imageWidth(), storage(half,
                    Placement.MAPPED));
            check(heap, mapped);
        }
        assertThat(attentionFiles()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"DIVIDED_SPACE_TIME,true", "DIVIDED_SPACE_TIME,false", "JOINT_SPACE_TIME,true",
        "SPACE_ONLY,false"})
    void timesformerCaptureIsTheSameOnDisk(AttentionType type, boolean half) throws IOException {
        Engines.ensureOffline();
        TimeSformerConfig c = TinyConfigs.tiny(type);
        float[] clip = RandomWeights.clip(5, c.numFrames(), 3, c.imageSize(), c.imageSize());
        try (NDManager root = NDManager.newBaseManager(Device.cpu());
                TimeSformer m = TimeSformer.of(TimeSformerNet.fromTensors(c, root.newSubManager(),
                        RandomWeights.generate(c, 3)), PreprocessConfig.defaults(c.imageSize()), Path.of("memory"))) {
            int s = c.imageSize();
            check(m.forward(clip, c.numFrames(), s, s, storage(half, Placement.HEAP)),
                    m.forward(clip, c.numFrames(), s, s, storage(half, Placement.MAPPED)));
        }
        assertThat(attentionFiles()).isEmpty();
    }

    @Test
    void autoKeepsSmallRecordsOnTheHeapAndPutsLargeOnesOnDisk() {
        Engines.ensureOffline();
        JointConfig c = JointCheckpoints.vivit();
        float[] clip = RandomWeights.clip(4, c.numFrames(), c.numChannels(), c.imageSize(), c.imageWidth());
        try (JointModel m = JointModel.of(c, JointCheckpoints.weights(c, 7), null, null)) {
            AttentionStorage small = new AttentionStorage(true, Placement.AUTO, tmp, 1L << 30);
            AttentionStorage tight = new AttentionStorage(true, Placement.AUTO, tmp, 16);
            try (AttentionRecord a = m.forward(clip, c.numFrames(), c.imageSize(), c.imageWidth(), small).attention();
                    AttentionRecord b = m.forward(clip, c.numFrames(), c.imageSize(), c.imageWidth(), tight)
                            .attention()) {
                assertThat(a.isMapped()).isFalse();
                assertThat(b.isMapped()).isTrue();
                assertThat(b.byteSize()).isEqualTo(a.byteSize()).isGreaterThan(16);
            }
        }
    }

    @Test
    void anUnusableFolderFailsBeforeTheForwardPass() throws IOException {
        Engines.ensureOffline();
        JointConfig c = JointCheckpoints.videoMae();
        Path notADir = Files.writeString(tmp.resolve("file"), "x").resolve("attention");
        float[] clip = RandomWeights.clip(4, c.numFrames(), c.numChannels(), c.imageSize(), c.imageWidth());
        try (JointModel m = JointModel.of(c, JointCheckpoints.weights(c, 7), null, null)) {
            assertThatThrownBy(() -> m.forward(clip, c.numFrames(), c.imageSize(), c.imageWidth(),
                    new AttentionStorage(true, Placement.MAPPED, notADir, 0)))
                    .isInstanceOf(AttentionStoreException.class).hasMessageContaining(notADir.toString());
        }
    }

    private static void check(ForwardResult heap, ForwardResult mapped) {
        assertArrayEquals(heap.logits(), mapped.logits());
        AttentionRecord a = heap.attention();
        try (AttentionRecord b = mapped.attention()) {
            assertThat(a.isMapped()).isFalse();
            assertThat(b.isMapped()).isTrue();
            assertThat(b.isHalf()).isEqualTo(a.isHalf());
            assertThat(b.layout()).isEqualTo(a.layout());
            assertThat(b.frames()).isEqualTo(a.frames());
            for (int l = 0; l < a.layers(); l++) {
                if (a.isHalf()) {
                    assertArrayEquals(a.spatialHalf(l), b.spatialHalf(l), "layer " + l);
                } else {
                    assertArrayEquals(a.spatialFloat(l), b.spatialFloat(l), "layer " + l);
                }
                if (a.type() == AttentionType.DIVIDED_SPACE_TIME) {
                    if (a.isHalf()) {
                        assertArrayEquals(a.temporalHalf(l), b.temporalHalf(l), "layer " + l);
                    } else {
                        assertArrayEquals(a.temporalFloat(l), b.temporalFloat(l), "layer " + l);
                    }
                }
            }
            assertArrayEquals(Rollout.compute(a, RolloutParams.defaults()).raw(),
                    Rollout.compute(b, RolloutParams.defaults()).raw());
        }
    }

    private AttentionStorage storage(boolean half, Placement p) {
        return new AttentionStorage(half, p, tmp, AttentionStorage.defaultHeapBudget());
    }

    private java.util.List<Path> attentionFiles() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith(AttentionFile.PREFIX)).toList();
        }
    }
}
