package org.spacetimelens.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spacetimelens.video.testing.TestVideos;

/**
 * Frame-exact seeking on real encoder output with B-frames (../shared/videos, see its README): random
 * access to frame k must give the pixels sequential decoding gives at k. Skipped when the folder is
 * absent.
 */
class SharedVideosTest {

    private static Path shared(String name) {
        String root = System.getProperty("spacetimelens.shared");
        assumeTrue(root != null, "spacetimelens.shared not set");
        Path file = Path.of(root, "videos", name);
        assumeTrue(Files.isRegularFile(file), "shared video absent: " + file);
        return file;
    }

    @ParameterizedTest
    @CsvSource({
        "arm_wrestling_h264_high_bframes.mp4, 280, 28, h264, PACKET_SCAN",
        "mpeg4_asp_bframes_mp3.avi, 164, 25, mpeg4, DECODE_SCAN"
    })
    void randomAccessEqualsSequential(String name, int frames, double fps, String codec, FrameCountMethod method)
            throws Exception {
        Path file = shared(name);
        List<BufferedImage> sequential = new ArrayList<>();
        List<Integer> keyframes;
        try (FfmpegVideoSource source = (FfmpegVideoSource) VideoSource.open(file,
                VideoOptions.defaults().withCacheBytes(0))) {
            VideoInfo info = source.info();
            assertThat(info.frameCount()).isEqualTo(frames);
            assertThat(info.fps()).isEqualTo(fps);
            assertThat(info.codec()).isEqualTo(codec);
            assertThat(info.frameCountMethod()).isEqualTo(method);
            for (int i = 0; i < frames; i++) {
                sequential.add(source.frame(i));
            }
            keyframes = source.keyFrameIndices();
        }
        // Neighbours of every keyframe (where seeks land), the ends, and a spread of others.
        TreeSet<Integer> picks = new TreeSet<>(List.of(0, 1, 2, frames / 2, frames - 2, frames - 1));
        for (int k : keyframes) {
            for (int d = -3; d <= 3; d++) {
                if (k + d >= 0 && k + d < frames) {
                    picks.add(k + d);
                }
            }
        }
        for (int i = 0; i < frames; i += 41) {
            picks.add(i);
        }
        // Descending order forces a backward seek for every request.
        try (VideoSource source = VideoSource.open(file, VideoOptions.defaults().withCacheBytes(0))) {
            for (int k : picks.descendingSet()) {
                assertThat(TestVideos.samePixels(source.frame(k), sequential.get(k))).as("%s frame %d", name, k)
                        .isTrue();
            }
        }
        // Each request from a fresh source: the first seek after open.
        for (int k : List.of(frames - 1, frames / 3, keyframes.get(keyframes.size() - 1))) {
            try (VideoSource source = VideoSource.open(file, VideoOptions.defaults().withCacheBytes(0))) {
                assertThat(TestVideos.samePixels(source.frame(k), sequential.get(k))).as("%s fresh frame %d", name, k)
                        .isTrue();
            }
        }
        // Consecutive frames are distinct pictures (a stuck decoder would repeat one).
        int distinct = 0;
        for (int i = 1; i < frames; i++) {
            distinct += TestVideos.samePixels(sequential.get(i - 1), sequential.get(i)) ? 0 : 1;
        }
        assertThat(distinct).isGreaterThan(frames * 9 / 10);
    }
}
