package org.spacetimelens.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    @ParameterizedTest
    @CsvSource({
        "clip.webm, vp9, 30",
        "clip.gif, gif, 30",
        "clip.avi, mpeg4, 30",
        "clip.mkv, h264, 30",
        "clip.mov, h264, 30"
    })
    void containersAndCodecs(String name, String codec, int frames) throws Exception {
        Path file = TestVideos.spec(frames, 64, 48).fps(25).bFrames(name.endsWith(".avi") ? 2 : 0)
                .write(dir.resolve(name));
        try (VideoSource source = VideoSource.open(file)) {
            assertThat(source.info().codec()).isEqualTo(codec);
            assertThat(source.info().frameCount()).isEqualTo(frames);
            assertThat(source.info().fps()).isCloseTo(25.0, within(0.01));
            BufferedImage last = source.frame(frames - 1);
            assertThat(TestVideos.indexOf(last)).isEqualTo(frames - 1);
            double[] red = TestVideos.barColour(last, 0);
            assertThat(red[0]).as("red bar stays red").isGreaterThan(180);
            assertThat(red[2]).isLessThan(80);
        }
        assertRandomAccessMatchesSequential(file, frames);
    }

    @Test
    void fileNamesWithSpacesAndNonAsciiCharacters() throws Exception {
        Path file = TestVideos.write(dir.resolve("vidéo clip #1 ü.mp4"), 6, 64, 48);
        try (VideoSource source = VideoSource.open(file)) {
            assertThat(source.info().frameCount()).isEqualTo(6);
            assertThat(TestVideos.indexOf(source.frame(5))).isEqualTo(5);
        }
    }

    @Test
    void displayRotationIsApplied() throws Exception {
        // FFmpeg stores rotations counter-clockwise; 90 CCW means the picture must turn 270 clockwise,
        // which is what `ffmpeg` (autorotate) shows as well.
        Path file = TestVideos.spec(12, 64, 48).displayRotation(90).write(dir.resolve("phone.mp4"));
        try (VideoSource source = VideoSource.open(file)) {
            VideoInfo info = source.info();
            assertThat(info.rotation()).isEqualTo(270);
            assertThat(info.width()).isEqualTo(48);
            assertThat(info.height()).isEqualTo(64);
            assertThat(info.codedWidth()).isEqualTo(64);
            assertThat(info.scaledDecode()).isFalse();
            for (int i : new int[] {11, 3, 7}) {
                BufferedImage frame = source.frame(i);
                assertThat(frame.getWidth()).isEqualTo(48);
                assertThat(TestVideos.indexOf(Frames.rotate(frame, 90))).isEqualTo(i);
            }
        }
    }

    @Test
    void oversizedFramesAreDecodedScaled() throws Exception {
        Path file = TestVideos.write(dir.resolve("big.mp4"), 12, 128, 96);
        try (VideoSource source = VideoSource.open(file, VideoOptions.defaults().withMaxFrameSide(64))) {
            VideoInfo info = source.info();
            assertThat(info.width()).isEqualTo(64);
            assertThat(info.height()).isEqualTo(48);
            assertThat(info.codedWidth()).isEqualTo(128);
            assertThat(info.scaledDecode()).isTrue();
            assertThat(info.notes()).anyMatch(n -> n.contains("128x96") && n.contains("64x48"));
            BufferedImage frame = source.frame(9);
            assertThat(frame.getWidth()).isEqualTo(64);
            assertThat(TestVideos.indexOf(frame)).isEqualTo(9);
        }
    }

    @Test
    void thumbnailsAreSmallAndKeepFullFramesOutOfTheCache() throws Exception {
        Path file = TestVideos.write(dir.resolve("clip.mp4"), 20, 128, 96);
        try (AbstractVideoSource source = (AbstractVideoSource) VideoSource.open(file)) {
            int cachedAfterOpen = source.cachedFrames();
            BufferedImage thumb = source.thumbnail(13, 64);
            assertThat(thumb.getWidth()).isEqualTo(64);
            assertThat(thumb.getHeight()).isEqualTo(48);
            assertThat(TestVideos.indexOf(thumb)).isEqualTo(13);
            assertThat(source.thumbnail(13, 64)).isSameAs(thumb);
            assertThat(source.cachedFrames()).isEqualTo(cachedAfterOpen);
            assertThat(source.thumbnail(13, 500).getWidth()).as("never enlarged").isEqualTo(128);
            // From a cached full frame the thumbnail is scaled in Java; same size either way.
            source.frame(7);
            assertThat(source.thumbnail(7, 64).getHeight()).isEqualTo(48);
            assertThat(TestVideos.indexOf(source.thumbnail(7, 64))).isEqualTo(7);
        }
    }

    @Test
    void rotatedThumbnailsAndKeyframes() throws Exception {
        Path file = TestVideos.spec(30, 128, 96).gop(12).displayRotation(-90).write(dir.resolve("phone.mp4"));
        try (VideoSource source = VideoSource.open(file)) {
            assertThat(source.info().rotation()).isEqualTo(90);
            BufferedImage thumb = source.thumbnail(20, 32);
            assertThat(thumb.getWidth()).isEqualTo(24);
            assertThat(thumb.getHeight()).isEqualTo(32);
            assertThat(TestVideos.indexOf(Frames.rotate(thumb, 270))).isEqualTo(20);
            assertThat(source.keyFrameAtOrBefore(20)).isEqualTo(12);
            assertThat(source.keyFrameAtOrBefore(11)).isZero();
            assertThat(source.keyFrameAtOrBefore(24)).isEqualTo(24);
        }
    }

    @Test
    void cacheReturnsTheSameFrameAndStaysWithinItsBudget() throws Exception {
        Path file = TestVideos.write(dir.resolve("clip.mp4"), 20, 64, 48);
        long frameBytes = Frames.sizeOf(Frames.newBgr(64, 48));
        try (AbstractVideoSource source = (AbstractVideoSource) VideoSource.open(file,
                VideoOptions.defaults().withCacheBytes(3 * frameBytes))) {
            BufferedImage five = source.frame(5);
            assertThat(source.frame(5)).isSameAs(five);
            for (int i = 6; i < 12; i++) {
                source.frame(i);
            }
            assertThat(source.cachedFrames()).isEqualTo(3);
            assertThat(source.cachedBytes()).isLessThanOrEqualTo(3 * frameBytes);
            assertThat(source.frame(5)).as("evicted, decoded again").isNotSameAs(five);
        }
    }

    @Test
    void clipRecordsIndicesTimestampsAndFrames() throws Exception {
        Path file = TestVideos.spec(30, 64, 48).fps(20).write(dir.resolve("clip.mp4"));
        try (VideoSource source = VideoSource.open(file)) {
            Clip clip = source.clip(new int[] {25, 3, 3, 14});
            assertThat(clip.frameIndices()).containsExactly(25, 3, 3, 14);
            assertThat(clip.timestamps()).containsExactly(1.25, 0.15, 0.15, 0.7);
            assertThat(clip.frames()).extracting(TestVideos::indexOf).containsExactly(25, 3, 3, 14);
        }
    }

    @Test
    void concurrentCallersGetTheFramesTheyAskFor() throws Exception {
        Path file = TestVideos.spec(48, 64, 48).gop(8).write(dir.resolve("clip.mp4"));
        try (VideoSource source = VideoSource.open(file, VideoOptions.defaults().withCacheBytes(0))) {
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 4; t++) {
                Random random = new Random(t);
                threads.add(new Thread(() -> {
                    try {
                        for (int n = 0; n < 25; n++) {
                            int k = random.nextInt(48);
                            assertThat(TestVideos.indexOf(source.frame(k))).isEqualTo(k);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).isEmpty();
        }
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
