package org.spacetimelens.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.video.ClipSampler;
import org.spacetimelens.video.Preprocessor;
import org.spacetimelens.video.VideoOptions;
import org.spacetimelens.video.VideoSource;

/**
 * Case 6: decode the model's frames of a 720p H.264 video (uniform sampling over the whole video) and
 * preprocess them to the model input. Two keyframe intervals: 12 frames (FFmpegFrameRecorder's
 * default) and 60 (2 s, common for web and camera video), because seeking to a frame decodes forward
 * from the previous keyframe, so the interval sets the cost.
 */
final class VideoCase {

    private static final double BAR_S = 150e-3;

    private VideoCase() {
    }

    static List<BenchRow> run(BenchContext ctx) throws Exception {
        Shapes sh = ctx.shapes;
        int w = sh.videoWidth();
        int h = sh.videoHeight();
        int frames = sh.videoSeconds() * sh.fps();
        Preprocessor preprocessor = new Preprocessor(PreprocessConfig.defaults(sh.imageSize()));
        VideoOptions noCache = VideoOptions.defaults().withCacheBytes(0);
        List<BenchRow> rows = new ArrayList<>();
        for (int gop : new int[] {12, 60}) {
            Path file = ctx.tempDir().resolve("bench_" + w + "x" + h + "_gop" + gop + ".mp4");
            ctx.log("case 6: writing %s (%d frames)", file.getFileName(), frames);
            TestVideo.write(file, w, h, frames, sh.fps(), gop);
            String name = w + "×" + h + " H.264, " + sh.videoSeconds() + " s at " + sh.fps() + " fps, keyframe every "
                    + BenchRow.sig3(TestVideo.keyframeInterval(file)) + " frames (asked " + gop + "), "
                    + TestVideo.BITRATE / 1_000_000 + " Mbit/s";
            try (VideoSource open = VideoSource.open(file, noCache)) {
                int[] picks = ClipSampler.uniform(open.info().frameCount(), sh.frames());
                Timing[] t = Measure.interleaved(ctx.reps(2, 1), ctx.reps(10, 3), List.of(
                        new Measure.Op("decode", () -> Measure.consume(preprocessor.apply(open.clip(picks)))),
                        new Measure.Op("open", () -> {
                            try (VideoSource s = VideoSource.open(file, noCache)) {
                                int[] p = ClipSampler.uniform(s.info().frameCount(), sh.frames());
                                Measure.consume(preprocessor.apply(s.clip(p)));
                            }
                        })));
                rows.add(BenchRow.timed(6, "decode + preprocess " + sh.frames() + " uniformly sampled frames to "
                        + sh.imageSize() + "² (video open, frame cache empty): " + name, t[0], BAR_S, ctx.barsApply()));
                rows.add(BenchRow.timed(6, "same, including opening the file (CLI path)", t[1], null, ctx.barsApply()));
            }
        }
        return rows;
    }
}
