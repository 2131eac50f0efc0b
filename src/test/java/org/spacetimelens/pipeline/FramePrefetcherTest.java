package org.spacetimelens.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.render.IndexedFrame;
import org.spacetimelens.video.VideoException;
import org.spacetimelens.video.VideoSource;
import org.spacetimelens.video.testing.TestVideos;

/** Decode-ahead frames: in order, the right pictures, failures carried through, early close does not hang. */
class FramePrefetcherTest {

    @TempDir
    Path dir;

    @Test
    void framesArriveInOrderWithTheirOwnPictures() throws Exception {
        Path video = TestVideos.write(dir.resolve("v.mp4"), 30, 64, 48);
        try (VideoSource src = VideoSource.open(video); FramePrefetcher frames = new FramePrefetcher(src, 5, 24)) {
            int expected = 5;
            for (IndexedFrame f : frames) {
                assertThat(f.index()).isEqualTo(expected);
                assertThat(TestVideos.indexOf(f.image())).isEqualTo(expected);
                expected++;
            }
            assertThat(expected).isEqualTo(25);
            assertThatThrownBy(frames::iterator).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closingEarlyStopsTheWorker() throws Exception {
        Path video = TestVideos.write(dir.resolve("v.mp4"), 60, 64, 48);
        try (VideoSource src = VideoSource.open(video)) {
            FramePrefetcher frames = new FramePrefetcher(src, 0, 59);
            Iterator<IndexedFrame> it = frames.iterator();
            assertThat(it.next().index()).isZero();
            Thread.sleep(50); // let the worker fill its queue and block
            Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), frames::close);
        }
    }

    @Test
    void aDecodingFailureIsRethrownAtItsFrame() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("frames"));
        for (int i = 0; i < 6; i++) {
            ImageIO.write(TestVideos.pattern(i, 32, 32), "png", folder.resolve(String.format("%03d.png", i)).toFile());
        }
        Files.write(folder.resolve("003.png"), new byte[] {1, 2, 3});
        try (VideoSource src = VideoSource.open(folder); FramePrefetcher frames = new FramePrefetcher(src, 0, 5)) {
            Iterator<IndexedFrame> it = frames.iterator();
            for (int i = 0; i < 3; i++) {
                assertThat(it.next().index()).isEqualTo(i);
            }
            assertThatThrownBy(it::next).isInstanceOf(FramePrefetcher.Failed.class)
                    .cause().isInstanceOf(VideoException.class).hasMessageContaining("003.png");
            assertThat(it.hasNext()).isFalse();
        }
    }
}
