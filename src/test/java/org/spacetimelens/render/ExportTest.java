package org.spacetimelens.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.CropGeometry;

class ExportTest {

    @TempDir
    Path dir;

    /** What a decoder reads back: size, and the mean grey level of every frame in order. */
    private record Decoded(int width, int height, List<Integer> levels) {
    }

    private static Decoded decode(Path file) throws IOException {
        List<Integer> levels = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            g.start();
            Frame f;
            int w = 0;
            int h = 0;
            while ((f = g.grabImage()) != null) {
                w = f.imageWidth;
                h = f.imageHeight;
                ByteBuffer b = (ByteBuffer) f.image[0];
                long sum = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        sum += b.get(y * f.imageStride + 3 * x + 1) & 0xFF; // green
                    }
                }
                levels.add((int) Math.round(sum / (double) (w * h)));
            }
            g.stop();
            return new Decoded(w, h, levels);
        }
    }

    private static BufferedImage grey(int w, int h, int level) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(level, level, level));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private Decoded writeGreyRamp(VideoFormat format, int w, int h, int n) throws IOException {
        Path file = dir.resolve("ramp." + format.extension());
        try (VideoExporter v = VideoExporter.open(file, format, w, h, 10)) {
            for (int k = 0; k < n; k++) {
                v.write(grey(w, h, 15 + 20 * k));
            }
            assertThat(v.framesWritten()).isEqualTo(n);
        }
        return decode(file);
    }

    private static void assertRamp(Decoded d, int n) {
        assertThat(d.levels()).hasSize(n);
        for (int k = 0; k < n; k++) {
            assertThat(d.levels().get(k)).as("frame %d grey level", k).isBetween(15 + 20 * k - 3, 15 + 20 * k + 3);
        }
    }

    @Test
    void mp4UsesH264AndDecodesBackFrameByFrame() throws IOException {
        Path file = dir.resolve("a.mp4");
        try (VideoExporter v = VideoExporter.open(file, VideoFormat.MP4, 96, 64, 10)) {
            v.write(grey(96, 64, 100));
            assertThat(v.codec()).startsWith("h264");
            assertThat(v.warnings()).isEmpty();
        }
        Decoded ramp = writeGreyRamp(VideoFormat.MP4, 96, 64, 12);
        assertThat(ramp.width()).isEqualTo(96);
        assertThat(ramp.height()).isEqualTo(64);
        assertRamp(ramp, 12);
    }

    @Test
    void oddSizesArePaddedToEvenForMp4AndWebm() throws IOException {
        for (VideoFormat f : new VideoFormat[] {VideoFormat.MP4, VideoFormat.WEBM}) {
            Decoded d = writeGreyRamp(f, 101, 75, 9);
            assertThat(d.width()).as(f.name()).isEqualTo(102);
            assertThat(d.height()).as(f.name()).isEqualTo(76);
            assertRamp(d, 9);
        }
    }

    @Test
    void webmAndGifDecodeBackWithTheirFrameCount() throws IOException {
        Decoded webm = writeGreyRamp(VideoFormat.WEBM, 64, 48, 11);
        assertThat(webm.width()).isEqualTo(64);
        assertRamp(webm, 11);
        Decoded gif = writeGreyRamp(VideoFormat.GIF, 65, 47, 11);
        assertThat(gif.width()).isEqualTo(65); // GIF keeps odd sizes
        assertThat(gif.height()).isEqualTo(47);
        assertRamp(gif, 11);
    }

    @Test
    void gifFrameDelaysFollowTheFrameRate() throws IOException {
        Path file = dir.resolve("t.gif");
        try (VideoExporter v = VideoExporter.open(file, VideoFormat.GIF, 20, 20, 30)) {
            for (int k = 0; k < 30; k++) {
                v.write(grey(20, 20, k * 8));
            }
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            long last = 0;
            while (g.grabImage() != null) {
                last = g.getTimestamp();
            }
            // 30 frames at 30 fps: the last one starts at 29/30 s (delays 3,3,4,… centiseconds)
            assertThat(last).isBetween(955_000L, 980_000L);
            g.stop();
        }
    }

    @Test
    void pngRoundTripsExactly() throws IOException {
        BufferedImage img = Synthetic.frame(33, 21, 1, 3);
        Path file = dir.resolve("sub/x.png");
        PngExporter.write(img, file);
        BufferedImage back = ImageIO.read(file.toFile());
        assertThat(back.getWidth()).isEqualTo(33);
        assertThat(back.getHeight()).isEqualTo(21);
        for (int y = 0; y < 21; y++) {
            for (int x = 0; x < 33; x++) {
                assertThat(back.getRGB(x, y)).isEqualTo(img.getRGB(x, y));
            }
        }
    }

    @Test
    void perFrameOverlayPngsAreNamedBySourceFrame() throws IOException {
        Clip clip = Synthetic.clip(320, 180, 4, 5);
        CropGeometry crop = Synthetic.centreCrop(320, 180);
        AttentionMaps maps = Synthetic.maps(crop, 4, 14);
        List<Path> files = PngExporter.writeOverlays(clip, maps, crop, true, RenderOptions.defaults(), dir, "ov");
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("ov_000004.png", "ov_000009.png", "ov_000014.png", "ov_000019.png");
        BufferedImage first = ImageIO.read(files.get(0).toFile());
        assertThat(first.getWidth()).isEqualTo(320);
        assertThat(first.getHeight()).isEqualTo(180);
        List<Path> crops = PngExporter.writeOverlays(clip, maps, crop, false, RenderOptions.defaults(),
                dir.resolve("crops"), "ov");
        assertThat(ImageIO.read(crops.get(0).toFile()).getWidth()).isEqualTo(180);
    }

    @Test
    void overlayVideoHasOneFramePerSourceFrame() throws IOException {
        int n = 8;
        Clip clip = Synthetic.clip(160, 90, n, 3);
        CropGeometry crop = Synthetic.centreCrop(160, 90);
        AttentionMaps maps = Synthetic.maps(crop, n, 14);
        MapTimeline tl = new MapTimeline(clip.frameIndices(), maps, MapTimeline.Mode.LINEAR);
        List<IndexedFrame> frames = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            frames.add(new IndexedFrame(i, Synthetic.frame(160, 90, Math.min(n - 1, i / 4), n)));
        }
        for (VideoFormat f : VideoFormat.values()) {
            Path file = dir.resolve("overlay." + f.extension());
            OverlayVideo.Result r = OverlayVideo.write(file, f, 30, frames, tl::mapAt, 14, 14, crop, true,
                    RenderOptions.defaults());
            assertThat(r.frames()).isEqualTo(30);
            Decoded d = decode(file);
            assertThat(d.levels()).as(f.name()).hasSize(30);
            assertThat(d.width()).isEqualTo(160);
            assertThat(d.height()).isEqualTo(90);
        }
    }

    @Test
    void aFrameOfAnotherSizeStopsTheOverlayVideoWithAClearError() {
        CropGeometry crop = Synthetic.centreCrop(160, 90);
        AttentionMaps maps = Synthetic.maps(crop, 2, 14);
        MapTimeline tl = new MapTimeline(new int[] {0, 9}, maps, MapTimeline.Mode.HOLD);
        List<IndexedFrame> frames = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            frames.add(new IndexedFrame(i, Synthetic.frame(i == 6 ? 200 : 160, 90, 0, 2)));
        }
        assertThatThrownBy(() -> OverlayVideo.write(dir.resolve("broken.mp4"), VideoFormat.MP4, 25, frames, tl::mapAt,
                14, 14, crop, true, RenderOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source frame 6 is 200×90");
        assertThat(Files.exists(dir.resolve("broken.mp4"))).as("partial video removed").isFalse();
    }

    @Test
    void badArgumentsAreRefusedClearly() {
        assertThatThrownBy(() -> VideoExporter.open(dir.resolve("x.mp4"), VideoFormat.MP4, 64, 64, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frame rate");
        assertThatThrownBy(() -> VideoFormat.ofFile(Path.of("clip.avi")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".mp4, .webm or .gif");
        assertThatThrownBy(() -> {
            try (VideoExporter v = VideoExporter.open(dir.resolve("y.webm"), VideoFormat.WEBM, 64, 64, 25)) {
                v.write(grey(32, 32, 0));
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32×32");
        assertThat(Files.exists(dir.resolve("x.mp4"))).isFalse();
    }
}
