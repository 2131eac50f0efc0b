package org.spacetimelens.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.video.testing.TestVideos;

class ImageFolderSourceTest {

    @TempDir
    Path dir;

    private Path writeFrame(String name, int index, int w, int h) throws Exception {
        Path file = dir.resolve(name);
        String format = name.endsWith(".png") ? "png" : "jpg";
        ImageIO.write(TestVideos.pattern(index, w, h), format, file.toFile());
        return file;
    }

    @Test
    void framesInNaturalNumericOrder() throws Exception {
        // Unpadded numbers: plain string order would put frame10 before frame2.
        for (int i : new int[] {10, 2, 1, 11, 3}) {
            writeFrame("frame" + i + ".png", i, 64, 48);
        }
        Files.writeString(dir.resolve("labels.txt"), "not a frame");
        try (VideoSource source = VideoSource.open(dir, VideoOptions.defaults().withFolderFps(10))) {
            VideoInfo info = source.info();
            assertThat(info.frameCount()).isEqualTo(5);
            assertThat(info.frameCountMethod()).isEqualTo(FrameCountMethod.FILE_COUNT);
            assertThat(info.fps()).isEqualTo(10.0);
            assertThat(info.durationSeconds()).isEqualTo(0.5);
            assertThat(info.codec()).isEqualTo("images(png)");
            assertThat(info.notes()).anyMatch(n -> n.contains("10.0 fps"));
            int[] shown = new int[5];
            for (int i = 0; i < 5; i++) {
                BufferedImage frame = source.frame(i);
                assertThat(frame.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
                shown[i] = TestVideos.indexOf(frame);
            }
            assertThat(shown).containsExactly(1, 2, 3, 10, 11);
            assertThat(source.clip(new int[] {4, 0}).timestamps()).containsExactly(0.4, 0.0);
        }
    }

    @Test
    void rawframesLayoutPicksTheImageSeries() throws Exception {
        // mmaction's rawframes: img_*, flow_x_*, flow_y_* side by side, 1-based, zero-padded.
        for (int i = 1; i <= 4; i++) {
            writeFrame(String.format("img_%05d.jpg", i), i, 64, 48);
            writeFrame(String.format("flow_x_%05d.jpg", i), 100, 64, 48);
            writeFrame(String.format("flow_y_%05d.jpg", i), 200, 64, 48);
        }
        try (VideoSource source = VideoSource.open(dir)) {
            assertThat(source.info().frameCount()).isEqualTo(4);
            assertThat(source.info().notes()).anyMatch(n -> n.contains("flow_x_#.jpg"));
            for (int i = 0; i < 4; i++) {
                assertThat(TestVideos.indexOf(source.frame(i))).isEqualTo(i + 1);
            }
        }
    }

    @Test
    void naturalComparator() {
        List<String> names = new java.util.ArrayList<>(List.of("img_10.jpg", "img_9.jpg", "img_009b.jpg", "IMG_1.jpg",
                "img_0100.jpg", "img.jpg"));
        names.sort(ImageFolderSource::compareNatural);
        assertThat(names).containsExactly("img.jpg", "IMG_1.jpg", "img_9.jpg", "img_009b.jpg", "img_10.jpg",
                "img_0100.jpg");
    }

    @Test
    void mismatchedFrameSizeIsReported() throws Exception {
        writeFrame("000001.png", 1, 64, 48);
        writeFrame("000002.png", 2, 32, 48);
        try (VideoSource source = VideoSource.open(dir)) {
            assertThat(TestVideos.indexOf(source.frame(0))).isEqualTo(1);
            assertThatThrownBy(() -> source.frame(1)).isInstanceOfSatisfying(VideoException.class, e -> {
                assertThat(e.kind()).isEqualTo(VideoException.Kind.UNSUPPORTED_SIZE);
                assertThat(e.getMessage()).contains("000002.png", "32x48", "64x48");
            });
        }
    }

    @Test
    void unreadableFrameFileIsNamed() throws Exception {
        writeFrame("000001.png", 1, 64, 48);
        Files.write(dir.resolve("000002.png"), new byte[] {1, 2, 3, 4});
        try (VideoSource source = VideoSource.open(dir)) {
            assertThatThrownBy(() -> source.frame(1)).isInstanceOfSatisfying(VideoException.class, e -> {
                assertThat(e.kind()).isEqualTo(VideoException.Kind.DECODE_FAILED);
                assertThat(e.getMessage()).contains("000002.png");
            });
        }
    }

    @Test
    void largeFramesAreScaledLikeVideos() throws Exception {
        writeFrame("000001.png", 5, 128, 96);
        try (VideoSource source = VideoSource.open(dir, VideoOptions.defaults().withMaxFrameSide(64))) {
            assertThat(source.info().width()).isEqualTo(64);
            assertThat(source.info().scaledDecode()).isTrue();
            assertThat(source.frame(0).getHeight()).isEqualTo(48);
            assertThat(TestVideos.indexOf(source.frame(0))).isEqualTo(5);
        }
    }

    /** Fuzzing found it: the JDK's reader allocated the 1 GB a 70-byte RLE bitmap claims before reading it. */
    @Test
    void compressedBitmapClaimingMoreDataThanItHoldsIsRefused() throws Exception {
        ImageIO.write(TestVideos.pattern(1, 2, 2), "bmp", dir.resolve("000001.bmp").toFile());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(70).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(70).putInt(0).putInt(62);    // file header
        b.putInt(40).putInt(2).putInt(2).putShort((short) 1).putShort((short) 8); // 2x2, 8 bits
        b.putInt(1).putInt(1 << 30).putInt(0).putInt(0).putInt(2).putInt(0);    // RLE8, claims 1 GB
        b.putInt(0).putInt(0xFFFFFF);                                              // two palette entries
        Files.write(dir.resolve("000002.bmp"), b.array());
        try (VideoSource source = VideoSource.open(dir)) {
            assertThatThrownBy(() -> source.frame(1)).isInstanceOfSatisfying(VideoException.class, e -> {
                assertThat(e.kind()).isEqualTo(VideoException.Kind.UNSUPPORTED_SIZE);
                assertThat(e.getMessage()).contains("000002.bmp", "1073741824 bytes", "holds 70");
            });
        }
    }

    @Test
    void wellFormedRleBitmapStillReads() throws Exception {
        BufferedImage indexed = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_INDEXED);
        java.awt.Graphics2D g = indexed.createGraphics();
        g.setColor(java.awt.Color.RED);
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        javax.imageio.ImageWriter w = ImageIO.getImageWritersByFormatName("bmp").next();
        javax.imageio.ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionType("BI_RLE8");
        try (var out = ImageIO.createImageOutputStream(dir.resolve("000001.bmp").toFile())) {
            w.setOutput(out);
            w.write(null, new javax.imageio.IIOImage(indexed, null, null), p);
        }
        w.dispose();
        try (VideoSource source = VideoSource.open(dir)) {
            BufferedImage f = source.frame(0);
            assertThat(f.getWidth()).isEqualTo(16);
            assertThat(new java.awt.Color(f.getRGB(2, 2))).isEqualTo(java.awt.Color.RED);
            assertThat(new java.awt.Color(f.getRGB(12, 2)).getRed()).isLessThan(50);
        }
    }
}
