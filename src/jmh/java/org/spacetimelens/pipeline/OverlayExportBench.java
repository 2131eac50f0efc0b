package org.spacetimelens.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.spacetimelens.cli.Main;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.TimeSformerNet;
import org.spacetimelens.render.VideoExporter;
import org.spacetimelens.render.VideoFormat;

/**
 * The bar "a 10-second 720p overlay video export faster than real time", end to end through the CLI:
 * writes a textured synthetic 1280×720 25 fps H.264 video (moving gradients + per-pixel noise, so neither the
 * decoder nor the encoder gets an easy ride), then runs {@code export --format mp4} on it (decode every frame,
 * render the map over the full frame, encode H.264) and reports the overlay video stage's wall and
 * process-CPU seconds from {@code params.json} against the video's 10 s. Not a test (timings depend on the
 * machine and its load). Run:
 *
 * <pre>
 * mvn -B -o -q -Pjmh compile dependency:build-classpath -Dmdep.outputFile=target/jmh.cp
 * java -Djava.awt.headless=true -cp target/classes:$(cat target/jmh.cp) \
 *     org.spacetimelens.pipeline.OverlayExportBench [--model CHECKPOINT] [--runs N]
 * </pre>
 * Without {@code --model} a random 224-px TimeSformer (2 layers) stands in: the model only affects the
 * forward pass, which is reported apart.
 */
public final class OverlayExportBench {

    private OverlayExportBench() {
    }

    public static void main(String[] args) throws Exception {
        Engines.ensureOffline();
        Path model = null;
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: [--model CHECKPOINT] [--runs N]");
            }
        }
        Path dir = Files.createTempDirectory("overlay-export-bench");
        if (model == null) {
            model = dir.resolve("model224");
            TimeSformerConfig c = new TimeSformerConfig(224, 16, 3, 8, 96, 2, 2, 192, "gelu", 1e-6, true,
                    AttentionType.DIVIDED_SPACE_TIME, 5, List.of("a", "b", "c", "d", "e"));
            try (TimeSformerNet net = TimeSformerNet.random(c, NDManager.newBaseManager(Device.cpu()), 1)) {
                net.save(model, PreprocessConfig.defaults(224));
            }
        }
        Path video = dir.resolve("textured720.mp4");
        writeVideo(video, 1280, 720, 25, 250);
        System.out.printf(Locale.ROOT, "source: %s (1280x720, 25 fps, 250 frames = 10.0 s, %.1f MB)%n", video,
                Files.size(video) / 1e6);
        for (int r = 0; r < runs; r++) {
            Path out = dir.resolve("out" + r);
            StringWriter err = new StringWriter();
            var cmd = Main.commandLine();
            cmd.setErr(new PrintWriter(err, true));
            cmd.setOut(new PrintWriter(new StringWriter(), true));
            long t0 = System.nanoTime();
            int code = cmd.execute("export", "--model", model.toString(), "--clip", video.toString(), "--out",
                    out.toString(), "--format", "mp4");
            double total = (System.nanoTime() - t0) / 1e9;
            if (code != 0) {
                throw new IllegalStateException("export failed: " + err);
            }
            JsonNode json = new ObjectMapper().readTree(out.resolve("params.json").toFile());
            JsonNode v = json.at("/outputs/overlay.mp4");
            double seconds = v.get("seconds").asDouble();
            System.out.printf(Locale.ROOT, "run %d: overlay video %.2f s wall (%.2f s process CPU, %s, %d frames) = "
                    + "%.2fx real time; whole export %.2f s (forward %.2f s)%n", r + 1, seconds,
                    v.path("processCpuSeconds").asDouble(Double.NaN), v.get("codec").asText(), v.get("frames").asInt(),
                    10.0 / seconds, total, json.at("/run/forwardSeconds").asDouble());
        }
    }

    /** Moving gradients over a few moving boxes, plus ±8 noise per pixel. */
    static void writeVideo(Path file, int w, int h, int fps, int frames) throws Exception {
        Random rnd = new Random(1);
        int[] px = new int[w * h];
        List<int[]> boxes = new ArrayList<>();
        for (int b = 0; b < 6; b++) {
            boxes.add(new int[] {rnd.nextInt(w), rnd.nextInt(h), 60 + rnd.nextInt(200), rnd.nextInt(9) - 4,
                rnd.nextInt(0xFFFFFF)});
        }
        try (VideoExporter out = VideoExporter.open(file, VideoFormat.MP4, w, h, fps)) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < frames; i++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double s = 0.5 + 0.5 * Math.sin((x + 6 * i) / 37.0) * Math.cos((y - 3 * i) / 23.0);
                        int n = rnd.nextInt(17) - 8;
                        px[y * w + x] = rgb((int) (40 + 160 * s) + n, (int) (200 - 150 * s) + n, (int) (90 + 60 * s) + n);
                    }
                }
                for (int[] b : boxes) {
                    int bx = Math.floorMod(b[0] + b[3] * i * 3, w);
                    int by = Math.floorMod(b[1] + b[3] * i, h);
                    for (int y = by; y < Math.min(h, by + b[2] / 2); y++) {
                        for (int x = bx; x < Math.min(w, bx + b[2]); x++) {
                            px[y * w + x] = 0xFF000000 | b[4];
                        }
                    }
                }
                img.setRGB(0, 0, w, h, px, 0, w);
                out.write(img);
            }
        }
    }

    private static int rgb(int r, int g, int b) {
        return 0xFF000000 | clamp(r) << 16 | clamp(g) << 8 | clamp(b);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
