package org.spacetimelens.video.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes small synthetic videos whose frames can be identified after lossy compression: frame i shows
 * its index as 12 black/white blocks (a 4 x 3 grid over the top three quarters, most significant bit
 * first) above red, green and blue bars (to catch channel swaps). {@link #indexOf} reads the index back,
 * also from scaled or thumbnail copies.
 *
 * <p>Shared test helper: the render and demo tests may reuse it.
 */
public final class TestVideos {

    /** Largest index the pattern can show. */
    public static final int MAX_INDEX = (1 << 12) - 1;

    private static final int COLS = 4;
    private static final int ROWS = 3;

    private TestVideos() {
    }

    /** A video to write; defaults: 25 fps, H.264 (mp4/mkv/mov), VP9 (webm), MPEG-4 (avi), GIF (gif). */
    public static final class Spec {
        private final int frames;
        private final int width;
        private final int height;
        private double fps = 25;
        private int codec = -1;
        private int bFrames = 0;
        private int gop = 12;
        private double rotation = 0;

        private Spec(int frames, int width, int height) {
            if (frames > MAX_INDEX + 1) {
                throw new IllegalArgumentException("pattern shows at most " + (MAX_INDEX + 1) + " frames");
            }
            this.frames = frames;
            this.width = width;
            this.height = height;
        }

        public Spec fps(double value) {
            fps = value;
            return this;
        }

        /** An {@code avcodec.AV_CODEC_ID_*} constant. */
        public Spec codec(int value) {
            codec = value;
            return this;
        }

        /** Maximum consecutive B-frames (encoders that support them: MPEG-4). */
        public Spec bFrames(int value) {
            bFrames = value;
            return this;
        }

        /** Keyframe interval in frames. */
        public Spec gop(int value) {
            gop = value;
            return this;
        }

        /** Display-matrix rotation, counter-clockwise degrees as FFmpeg stores it. */
        public Spec displayRotation(double degrees) {
            rotation = degrees;
            return this;
        }

        public Path write(Path file) throws IOException {
            String name = file.getFileName().toString().toLowerCase();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            int videoCodec = codec >= 0 ? codec : switch (ext) {
                case "webm" -> avcodec.AV_CODEC_ID_VP9;
                case "avi" -> avcodec.AV_CODEC_ID_MPEG4;
                case "gif" -> avcodec.AV_CODEC_ID_GIF;
                default -> avcodec.AV_CODEC_ID_H264;
            };
            try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
                    Java2DFrameConverter converter = new Java2DFrameConverter()) {
                recorder.setFormat(ext.equals("mkv") ? "matroska" : ext);
                recorder.setVideoCodec(videoCodec);
                recorder.setFrameRate(fps);
                recorder.setGopSize(gop);
                recorder.setMaxBFrames(bFrames);
                if (videoCodec == avcodec.AV_CODEC_ID_GIF) {
                    recorder.setPixelFormat(avutil.AV_PIX_FMT_RGB8);
                } else {
                    recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                    recorder.setVideoBitrate(Math.max(400_000, width * height * 30));
                    recorder.setVideoQuality(videoCodec == avcodec.AV_CODEC_ID_VP9 ? 10 : 2);
                }
                if (rotation != 0) {
                    recorder.setDisplayRotation(rotation);
                }
                recorder.start();
                for (int i = 0; i < frames; i++) {
                    Frame frame = converter.convert(pattern(i, width, height));
                    recorder.record(frame);
                }
                recorder.stop();
            }
            return file;
        }
    }

    public static Spec spec(int frames, int width, int height) {
        return new Spec(frames, width, height);
    }

    /** Writes {@code frames} frames of {@code width x height} at 25 fps with the extension's default codec. */
    public static Path write(Path file, int frames, int width, int height) throws IOException {
        return spec(frames, width, height).write(file);
    }

    /** The picture of frame {@code index}. */
    public static BufferedImage pattern(int index, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            int gridH = height * 3 / 4;
            for (int bit = 0; bit < COLS * ROWS; bit++) {
                int col = bit % COLS;
                int row = bit / COLS;
                boolean on = ((index >> (COLS * ROWS - 1 - bit)) & 1) != 0;
                g.setColor(on ? Color.WHITE : Color.BLACK);
                int x0 = col * width / COLS;
                int y0 = row * gridH / ROWS;
                g.fillRect(x0, y0, (col + 1) * width / COLS - x0, (row + 1) * gridH / ROWS - y0);
            }
            Color[] bars = {Color.RED, Color.GREEN, Color.BLUE};
            for (int i = 0; i < 3; i++) {
                g.setColor(bars[i]);
                int x0 = i * width / 3;
                g.fillRect(x0, gridH, (i + 1) * width / 3 - x0, height - gridH);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Reads the frame index back from a (possibly compressed or rescaled) pattern frame. */
    public static int indexOf(BufferedImage frame) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        int gridH = h * 3 / 4;
        int index = 0;
        for (int bit = 0; bit < COLS * ROWS; bit++) {
            int col = bit % COLS;
            int row = bit / COLS;
            double x0 = col * (double) w / COLS;
            double y0 = row * (double) gridH / ROWS;
            double bw = (double) w / COLS;
            double bh = (double) gridH / ROWS;
            double grey = meanGrey(frame, x0 + bw / 4, y0 + bh / 4, x0 + 3 * bw / 4, y0 + 3 * bh / 4);
            index = (index << 1) | (grey > 127 ? 1 : 0);
        }
        return index;
    }

    /** Mean RGB of the colour bar {@code bar} (0 red, 1 green, 2 blue), as {r, g, b}. */
    public static double[] barColour(BufferedImage frame, int bar) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        double x0 = bar * w / 3.0;
        double y0 = h * 3 / 4.0;
        double[] sum = new double[3];
        int n = 0;
        for (int y = (int) (y0 + (h - y0) / 4); y < (int) (y0 + 3 * (h - y0) / 4); y++) {
            for (int x = (int) (x0 + w / 12.0); x < (int) (x0 + w / 4.0); x++) {
                int rgb = frame.getRGB(x, y);
                sum[0] += (rgb >> 16) & 0xFF;
                sum[1] += (rgb >> 8) & 0xFF;
                sum[2] += rgb & 0xFF;
                n++;
            }
        }
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }

    private static double meanGrey(BufferedImage frame, double x0, double y0, double x1, double y1) {
        long sum = 0;
        int n = 0;
        for (int y = (int) y0; y < Math.max((int) y1, (int) y0 + 1); y++) {
            for (int x = (int) x0; x < Math.max((int) x1, (int) x0 + 1); x++) {
                int rgb = frame.getRGB(x, y);
                sum += ((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF);
                n += 3;
            }
        }
        return (double) sum / n;
    }

    /** True when both images have the same size and identical RGB pixels. */
    public static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        int w = a.getWidth();
        int h = a.getHeight();
        int[] pa = a.getRGB(0, 0, w, h, null, 0, w);
        int[] pb = b.getRGB(0, 0, w, h, null, 0, w);
        return java.util.Arrays.equals(pa, pb);
    }
}
