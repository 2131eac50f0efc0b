package org.spacetimelens.render;

import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.video.CropGeometry;

/**
 * Wall time of a 10-second 1280×720 @ 30 fps overlay video export (300 frames: render with bilinear, jet,
 * additive on the full frame + encode), against real time. Also times it with decoding of a 720p H.264
 * source included. Run:
 *
 * <pre>
 * mvn -B -o -q -Pjmh compile dependency:build-classpath -Dmdep.outputFile=target/jmh.cp
 * java -Djava.awt.headless=true -cp target/classes:$(cat target/jmh.cp) org.spacetimelens.render.ExportBench [mp4|webm|gif]
 * </pre>
 */
public final class ExportBench {

    /**
     * CPU time of the whole process (all threads, native encoder included): on a shared machine the wall
     * clock measures the neighbours as much as the code, this does not.
     */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    public static void main(String[] args) throws Exception {
        VideoFormat format = args.length > 0 ? VideoFormat.byName(args[0]) : VideoFormat.MP4;
        int w = 1280;
        int h = 720;
        int fps = 30;
        int n = 10 * fps;
        Path dir = Files.createTempDirectory("export-bench");
        CropGeometry crop = new CropGeometry(w, h, 224.0 / h, (398 - 224) / 2, 0, 224);
        // 8 sampled maps over the 300 frames, interpolated linearly between them
        int[] sampled = new int[8];
        float[] v = new float[8 * 196];
        Random r = new Random(3);
        for (int t = 0; t < 8; t++) {
            sampled[t] = 18 + t * 38;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        MapTimeline timeline = new MapTimeline(sampled, new AttentionMaps(8, 14, 14, v, v.clone()), MapTimeline.Mode.LINEAR);
        BufferedImage[] pool = new BufferedImage[30];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = SyntheticFrames.frame(w, h, i, pool.length);
        }

        // 1) render + encode, frames already decoded
        for (int round = 0; round < 2; round++) { // round 0 warms up the JIT and loads the codec
            Path out = dir.resolve("bench-" + round + "." + format.extension());
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            Iterable<IndexedFrame> frames = () -> new Iterator<>() {
                int i = 0;

                public boolean hasNext() {
                    return i < n;
                }

                public IndexedFrame next() {
                    IndexedFrame f = new IndexedFrame(i, pool[i % pool.length]);
                    i++;
                    return f;
                }
            };
            OverlayVideo.Result res = OverlayVideo.write(out, format, fps, frames, timeline::mapAt, 14, 14, crop, true,
                    RenderOptions.defaults());
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - c0) / 1e9;
            System.out.printf(Locale.ROOT, "%s render+encode: %d frames %dx%d in %.2f s wall = %.1f fps, %.2f× real time;"
                            + " process CPU %.2f s (%s, %d kB)%n",
                    round == 0 ? "warm-up" : "measured", res.frames(), res.width(), res.height(), s, n / s, 10.0 / s,
                    cpu, res.codec(), Files.size(out) / 1024);
        }

        // 2) decode an H.264 720p source + render + encode
        Path source = dir.resolve("source.mp4");
        try (VideoExporter src = VideoExporter.open(source, VideoFormat.MP4, w, h, fps)) {
            for (int i = 0; i < n; i++) {
                src.write(pool[i % pool.length]);
            }
        }
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(source.toFile());
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            g.start();
            Iterable<IndexedFrame> frames = () -> new Iterator<>() {
                int i = 0;
                Frame next = grab();

                private Frame grab() {
                    try {
                        return g.grabImage();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }

                public boolean hasNext() {
                    return next != null;
                }

                public IndexedFrame next() {
                    IndexedFrame f = new IndexedFrame(i++, conv.convert(next));
                    next = grab();
                    return f;
                }
            };
            OverlayVideo.Result res = OverlayVideo.write(dir.resolve("decoded." + format.extension()), format, fps,
                    frames, timeline::mapAt, 14, 14, crop, true, RenderOptions.defaults());
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "decode+render+encode: %d frames in %.2f s wall = %.1f fps, %.2f× real time;"
                    + " process CPU %.2f s%n", res.frames(), s, res.frames() / s, 10.0 / s, (cpuNanos() - c0) / 1e9);
        }
    }
}
