package org.spacetimelens.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes the H.264 test video of case 6: a camera panning over a texture of colour blocks with ramps
 * at about 5 Mbit/s, so each frame costs the decoder what a real 720p clip costs (a flat test pattern
 * would decode several times faster). Per-pixel noise is left out on purpose: with it, openh264 put a
 * keyframe every 17 frames whatever keyframe interval was asked for.
 */
final class TestVideo {

    static {
        // FFmpeg's stream dumps and OpenH264's rate-control chatter would bury the bench's progress log.
        if (avutil.av_log_get_level() > avutil.AV_LOG_ERROR) {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        }
    }

    private TestVideo() {
    }

    /** The encoded bit rate, for the report. */
    static final int BITRATE = 5_000_000;

    static void write(Path file, int width, int height, int frames, int fps, int gop) throws IOException {
        int panX = 2;
        int panY = 1;
        BufferedImage texture = texture(width + panX * frames, height + panY * frames);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize(gop);
            recorder.setVideoBitrate(BITRATE);
            recorder.start();
            for (int i = 0; i < frames; i++) {
                recorder.record(converter.convert(texture.getSubimage(i * panX, i * panY, width, height)));
            }
            recorder.stop();
        }
    }

    /** 24-px blocks of random colour with a ramp inside each block. */
    private static BufferedImage texture(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        SplittableRandom rnd = new SplittableRandom(42);
        int cell = 24;
        int[] row = new int[w];
        int[] base = new int[(w + cell - 1) / cell];
        for (int y = 0; y < h; y++) {
            if (y % cell == 0) {
                for (int i = 0; i < base.length; i++) {
                    base[i] = rnd.nextInt(0x1000000);
                }
            }
            for (int x = 0; x < w; x++) {
                int b0 = base[x / cell];
                int r = clamp((b0 >> 16 & 0xFF) + x % cell);
                int g = clamp((b0 >> 8 & 0xFF) + y % cell);
                int b = clamp(b0 & 0xFF);
                row[x] = r << 16 | g << 8 | b;
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        return img;
    }

    /** Mean distance between keyframes, from the packets' key flags (as the encoder placed them). */
    static double keyframeInterval(Path file) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            int packets = 0;
            int keys = 0;
            AVPacket p;
            while ((p = grabber.grabPacket()) != null) {
                if ((p.flags() & avcodec.AV_PKT_FLAG_KEY) != 0) {
                    keys++;
                }
                packets++;
                avcodec.av_packet_unref(p);
            }
            grabber.stop();
            return keys == 0 ? packets : (double) packets / keys;
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
