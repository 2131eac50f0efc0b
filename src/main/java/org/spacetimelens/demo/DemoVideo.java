package org.spacetimelens.demo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Renders the demo video: several episodes in a row, each a fresh scene whose target does a
 * different motion, at a pleasant size, as H.264 MP4 (FFmpeg's openh264 encoder; MPEG-4 Part 2
 * if that encoder is unavailable), plus its {@link DemoSidecar}. Episodes last
 * {@code modelFrames × samplingRate} frames and advance episode time τ by 1/episodeFrames per
 * frame, so sampling every {@code samplingRate}-th frame reproduces the training clips' speed.
 */
public final class DemoVideo {
    /** Episode order: every class once, consecutive episodes always differ. */
    static final Motion[] EPISODES = {Motion.RIGHT, Motion.CIRCLES, Motion.DOWN, Motion.STILL, Motion.LEFT,
        Motion.UP, Motion.CIRCLES};

    private DemoVideo() {
    }

    /** Options: frame size (px), fps, model frames T and sampling rate, generator seed. */
    public record Options(int size, int fps, int modelFrames, int samplingRate, long seed) {
        public static Options defaults() {
            return new Options(384, 16, 8, 4, 20_261_125L);
        }

        int episodeFrames() {
            return modelFrames * samplingRate;
        }
    }

    /** What was written: the codec actually used and the sidecar. */
    public record Written(String codec, DemoSidecar sidecar) {
    }

    public static Written write(Path mp4, Path sidecarFile, Options o) throws IOException {
        SceneGenerator gen = new SceneGenerator(o.seed());
        int ef = o.episodeFrames();
        List<DemoSidecar.Episode> episodes = new ArrayList<>();
        List<DemoSidecar.FrameTruth> truths = new ArrayList<>();
        List<DemoClip> clips = new ArrayList<>();
        for (int e = 0; e < EPISODES.length; e++) {
            Scene scene = gen.scene(e, EPISODES[e]);
            double[] taus = new double[ef];
            for (int j = 0; j < ef; j++) {
                taus[j] = (double) j / ef;
            }
            DemoClip clip = scene.render(taus, o.size());
            clips.add(clip);
            int start = e * ef;
            episodes.add(new DemoSidecar.Episode(e, start, start + ef - 1, scene.label().label(), scene.label().ordinal()));
            for (int j = 0; j < ef; j++) {
                TargetBox b = clip.boxes().get(j);
                truths.add(new DemoSidecar.FrameTruth(start + j, e, scene.label().label(), round(b.pixels(o.size(), o.size())),
                        b.visible(), Math.round(b.visibleFraction() * 1000) / 1000.0, b.partlyOutOfFrame(), b.occluded()));
            }
        }
        String codec = encode(mp4, clips, o);
        DemoSidecar sidecar = new DemoSidecar(mp4.getFileName().toString(), o.size(), o.size(), o.fps(), truths.size(),
                o.modelFrames(), o.samplingRate(), ef, o.seed(), Motion.labels(), episodes, truths);
        sidecar.write(sidecarFile);
        return new Written(codec, sidecar);
    }

    private static String encode(Path mp4, List<DemoClip> clips, Options o) throws IOException {
        try {
            record(mp4, clips, o, avcodec.AV_CODEC_ID_H264);
            return "h264";
        } catch (FrameRecorder.Exception e) {
            try {
                record(mp4, clips, o, avcodec.AV_CODEC_ID_MPEG4);
                return "mpeg4";
            } catch (FrameRecorder.Exception e2) {
                e2.addSuppressed(e);
                throw new IOException(mp4 + ": could not encode the demo video with H.264 or MPEG-4: " + e2.getMessage(), e2);
            }
        }
    }

    private static void record(Path mp4, List<DemoClip> clips, Options o, int codec) throws FrameRecorder.Exception {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(mp4.toFile(), o.size(), o.size(), 0);
                Java2DFrameConverter conv = new Java2DFrameConverter()) {
            rec.setFormat("mp4");
            rec.setVideoCodec(codec);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(o.fps());
            rec.setGopSize(o.episodeFrames());
            rec.setVideoBitrate(800_000);
            rec.start();
            for (DemoClip c : clips) {
                for (BufferedImage img : c.frames()) {
                    rec.record(conv.convert(toBgr(img)));
                }
            }
            rec.stop();
        }
    }

    private static BufferedImage toBgr(BufferedImage img) {
        BufferedImage bgr = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(img, 0, 0, null);
        return bgr;
    }

    private static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.round(v[i] * 100) / 100.0;
        }
        return r;
    }
}
