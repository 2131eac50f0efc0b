package org.spacetimelens.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.video.testing.TestVideos;

class FfmpegVideoSourceTest {

    @TempDir
    Path dir;

    @Test
    void h264MetadataAndSequentialFrames() throws Exception {
        Path file = TestVideos.spec(40, 64, 48).fps(25).write(dir.resolve("clip.mp4"));
        try (VideoSource source = VideoSource.open(file)) {
            VideoInfo info = source.info();
            assertThat(info.frameCount()).isEqualTo(40);
            assertThat(info.frameCountMethod()).isEqualTo(FrameCountMethod.PACKET_SCAN);
            assertThat(info.fps()).isEqualTo(25.0);
            assertThat(info.durationSeconds()).isEqualTo(1.6);
            assertThat(info.width()).isEqualTo(64);
            assertThat(info.height()).isEqualTo(48);
            assertThat(info.codec()).isEqualTo("h264");
            assertThat(info.rotation()).isZero();
            for (int i = 0; i < 40; i++) {
                assertThat(TestVideos.indexOf(source.frame(i))).as("frame %d", i).isEqualTo(i);
            }
        }
    }

    @Test
    void randomAccessMatchesSequentialOnBFrames() throws Exception {
        Path file = TestVideos.spec(60, 64, 48).codec(avcodec.AV_CODEC_ID_MPEG4).bFrames(2).gop(10)
                .write(dir.resolve("bframes.mp4"));
        assertRandomAccessMatchesSequential(file, 60);
    }

    static void assertRandomAccessMatchesSequential(Path file, int frames) throws Exception {
        List<BufferedImage> sequential = new ArrayList<>();
        try (VideoSource source = VideoSource.open(file, VideoOptions.defaults().withCacheBytes(0))) {
            assertThat(source.info().frameCount()).isEqualTo(frames);
            for (int i = 0; i < frames; i++) {
                sequential.add(source.frame(i));
            }
        }
        for (int i = 0; i < frames; i++) {
            assertThat(TestVideos.indexOf(sequential.get(i))).as("sequential frame %d", i).isEqualTo(i);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(7));
        try (VideoSource source = VideoSource.open(file, VideoOptions.defaults().withCacheBytes(0))) {
            for (int i : order) {
                assertThat(TestVideos.samePixels(source.frame(i), sequential.get(i))).as("frame %d", i).isTrue();
            }
        }
    }
}
