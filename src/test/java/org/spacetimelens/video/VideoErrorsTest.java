package org.spacetimelens.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.video.testing.TestVideos;

/** Bad input gives a specific {@link VideoException} naming the file, never a crash or a hang. */
class VideoErrorsTest {

    @TempDir
    Path dir;

    private static void assertKind(ThrowingCallable call, VideoException.Kind kind, Path path, String... words) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VideoException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.path()).isEqualTo(path);
            assertThat(e.getMessage()).startsWith(path.toString()).contains(words);
        });
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.mp4");
        assertKind(() -> VideoSource.open(file), VideoException.Kind.NOT_FOUND, file, "no such file");
    }

    @Test
    void emptyFile() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.mp4"));
        assertKind(() -> VideoSource.open(file), VideoException.Kind.UNREADABLE, file, "empty");
    }

    @Test
    void garbageBytes() throws Exception {
        byte[] noise = new byte[20_000];
        new Random(1).nextBytes(noise);
        Path file = Files.write(dir.resolve("noise.mp4"), noise);
        assertKind(() -> VideoSource.open(file), VideoException.Kind.UNREADABLE, file, "FFmpeg");
    }

    @Test
    void textFileNamedLikeAVideo() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.mkv"), "this is not a video\n".repeat(100));
        assertKind(() -> VideoSource.open(file), VideoException.Kind.UNREADABLE, file, "FFmpeg");
    }

    @Test
    void mp4CutBeforeItsIndex() throws Exception {
        byte[] whole = Files.readAllBytes(TestVideos.write(dir.resolve("whole.mp4"), 30, 64, 48));
        Path cut = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(whole, whole.length / 2));
        assertKind(() -> VideoSource.open(cut), VideoException.Kind.UNREADABLE, cut, "damaged");
    }

    @Test
    void truncatedMatroskaKeepsTheFramesItHas() throws Exception {
        byte[] whole = Files.readAllBytes(TestVideos.write(dir.resolve("whole.mkv"), 30, 64, 48));
        Path cut = Files.write(dir.resolve("cut.mkv"), Arrays.copyOf(whole, whole.length / 2));
        try (VideoSource source = VideoSource.open(cut)) {
            int n = source.info().frameCount();
            assertThat(n).isBetween(5, 29);
            for (int i = n - 1; i >= 0; i--) {
                assertThat(TestVideos.indexOf(source.frame(i))).isEqualTo(i);
            }
        }
    }

    @Test
    void audioOnlyFile() throws Exception {
        AudioFormat format = new AudioFormat(8000, 16, 1, true, false);
        byte[] silence = new byte[16000];
        Path file = dir.resolve("speech.wav");
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(silence), format, silence.length / 2),
                AudioFileFormat.Type.WAVE, file.toFile());
        assertKind(() -> VideoSource.open(file), VideoException.Kind.NO_VIDEO_STREAM, file, "no video stream",
                "audio");
    }

    @Test
    void videoStreamWithoutFrames() throws Exception {
        Path file = dir.resolve("empty.avi");
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 64, 48, 0)) {
            recorder.setFormat("avi");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setFrameRate(25);
            recorder.start();
            recorder.stop();
        }
        assertKind(() -> VideoSource.open(file), VideoException.Kind.NO_FRAMES, file, "no frames");
    }

    @Test
    void emptyFolder() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("frames"));
        Files.writeString(folder.resolve("README.txt"), "no frames here");
        assertKind(() -> VideoSource.open(folder), VideoException.Kind.NO_FRAMES, folder, "no frame images");
    }

    @Test
    void indexOutsideTheVideo() throws Exception {
        Path file = TestVideos.write(dir.resolve("clip.mp4"), 10, 64, 48);
        try (VideoSource source = VideoSource.open(file)) {
            assertKind(() -> source.frame(10), VideoException.Kind.INDEX_OUT_OF_RANGE, file, "frame 10", "0..9");
            assertKind(() -> source.frame(-1), VideoException.Kind.INDEX_OUT_OF_RANGE, file, "frame -1");
            assertThatThrownBy(() -> source.clip(new int[] {3, 12})).isInstanceOfSatisfying(VideoException.class,
                    e -> assertThat(e.kind()).isEqualTo(VideoException.Kind.INDEX_OUT_OF_RANGE));
        }
    }

    @Test
    void closedSourceRefusesWork() throws Exception {
        Path file = TestVideos.write(dir.resolve("clip.mp4"), 10, 64, 48);
        VideoSource source = VideoSource.open(file);
        source.close();
        source.close(); // idempotent
        assertThatThrownBy(() -> source.frame(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void interruptedDecodeIsCancelledAndTheSourceStaysUsable() throws Exception {
        Path file = TestVideos.spec(40, 64, 48).gop(40).write(dir.resolve("clip.mp4"));
        try (VideoSource source = VideoSource.open(file, VideoOptions.defaults().withCacheBytes(0))) {
            Thread.currentThread().interrupt();
            try {
                assertKind(() -> source.frame(30), VideoException.Kind.CANCELLED, file, "cancelled");
            } finally {
                assertThat(Thread.interrupted()).isTrue();
            }
            assertThat(TestVideos.indexOf(source.frame(30))).isEqualTo(30);
            assertThat(TestVideos.indexOf(source.frame(12))).isEqualTo(12);
        }
    }
}
