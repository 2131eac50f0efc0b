package org.spacetimelens.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.spacetimelens.demo.DemoAssets;
import org.spacetimelens.demo.DemoModels;
import org.spacetimelens.demo.DemoVideo;
import org.spacetimelens.model.AttentionStorage;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.JointConfig;
import org.spacetimelens.model.SafetensorsWriter;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.ModelLoader;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.model.TimeSformerNet;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.ClipSampler;
import org.spacetimelens.video.ClipTensor;
import org.spacetimelens.video.Preprocessor;
import org.spacetimelens.video.VideoSource;

/**
 * Case 7: cold start to the first map in a fresh JVM — engine start, checkpoint load, decode and
 * preprocess the first clip, forward with capture (float16, as the viewer stores it), rollout — on the demo
 * model and video, then on a base-size VideoMAE (random weights) and the same video.
 *
 * <p>The parent starts {@code java -cp <this JVM's class path> org.spacetimelens.cli.Main bench
 * --cold-start-child ...}; the child ({@link #child}) prints one line {@value #TAG} with its phase
 * times in milliseconds, measured from the JVM's own start time. Native libraries are already
 * extracted by then (the parent started the engine), which is the situation of every start but the
 * very first; the OS file cache is warm too.
 */
public final class ColdStart {

    static final String TAG = "stl-cold-start";
    private static final double BAR_S = 5.0;
    private static final long CHILD_TIMEOUT_S = 300;

    private ColdStart() {
    }

    /** A video opened on the worker thread, and how long that took. */
    private record Opened(VideoSource source, double millis) {
    }

    /** Demo model folder and video, or a stand-in when the demo assets are absent. */
    record Demo(Path model, Path video, String description) {
    }

    static List<BenchRow> run(BenchContext ctx) throws Exception {
        Demo demo = demo(ctx);
        int runs = ctx.reps(3, 1);
        ctx.log("case 7: cold start in fresh JVMs, %d run(s) per mode, %s", runs, demo.description());
        Map<Boolean, List<Map<String, Double>>> byMode = new LinkedHashMap<>();
        Map<Boolean, double[]> wall = new LinkedHashMap<>();
        for (boolean overlapped : new boolean[] {false, true}) {
            byMode.put(overlapped, new ArrayList<>());
            wall.put(overlapped, new double[runs]);
        }
        for (int i = 0; i < runs; i++) {
            for (boolean overlapped : new boolean[] {false, true}) { // alternated: same machine state for both
                long t0 = System.nanoTime();
                byMode.get(overlapped).add(launch(demo, overlapped));
                wall.get(overlapped)[i] = (System.nanoTime() - t0) / 1e9;
            }
        }
        List<BenchRow> rows = new ArrayList<>();
        List<Map<String, Double>> seq = byMode.get(false);
        rows.add(BenchRow.timed(7, "cold start to first map in a fresh JVM, one step after the other as the CLI "
                + "does (JVM start → engine, load, decode + preprocess, forward, rollout); " + demo.description(),
                timing(seq, "first_map", 1e-3), BAR_S, true));
        rows.add(BenchRow.info(7, "  of which (medians): " + phases(seq,
                List.of("jvm_start", "engine", "load", "clip", "forward", "rollout")), ""));
        List<Map<String, Double>> par = byMode.get(true);
        rows.add(BenchRow.timed(7, "same, engine + model load overlapped with opening the video (as the viewer's "
                + "separate model and video workers do)", timing(par, "first_map", 1e-3), BAR_S, true));
        rows.add(BenchRow.info(7, "  of which (medians): " + phases(par,
                List.of("jvm_start", "engine", "load", "open", "clip", "forward", "rollout")), ""));
        rows.add(BenchRow.timed(7, "child process wall time, spawn to exit (one step after the other)",
                new Timing(wall.get(false)), null, false));
        rows.addAll(videoMae(ctx, demo, runs));
        return rows;
    }

    /**
     * The same path for a base-size VideoMAE (issue 14's bar: "a base-size VideoMAE clip: cold start to first
     * map"): random weights written as a Hugging Face folder, 16 frames of the demo video at 224², the attention
     * stored as the viewer stores it (float16; heap or mapped file by {@link AttentionStorage}'s budget).
     */
    private static List<BenchRow> videoMae(BenchContext ctx, Demo demo, int runs) throws Exception {
        JointConfig cfg = JointForwardCase.config(ctx.shapes);
        Path dir = ctx.tempDir().resolve("videomae");
        writeVideoMae(cfg, dir);
        Demo vm = new Demo(dir, demo.video(), "VideoMAE " + cfg.tokens() + " tokens");
        ctx.log("case 7: cold start, VideoMAE (%d layers, %d tokens, %d frames of %d², random weights), %d run(s)",
                cfg.numLayers(), cfg.tokens(), cfg.numFrames(), cfg.imageSize(), runs);
        List<Map<String, Double>> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            results.add(launch(vm, false));
        }
        long bytes = org.spacetimelens.model.AttentionRecord.bytesOf(org.spacetimelens.model.AttentionType
                .JOINT_SPACE_TIME, cfg.layout(), cfg.numLayers(), cfg.slots(), cfg.gridH(), cfg.gridW(),
                cfg.numHeads(), true);
        boolean mapped = results.stream().anyMatch(m -> m.getOrDefault("mapped", 0.0) > 0);
        List<BenchRow> rows = new ArrayList<>();
        rows.add(BenchRow.timed(7, String.format(Locale.ROOT, "cold start to first map, %s VideoMAE (%d frames of "
                + "%d², %d tokens, random weights), one step after the other; float16 record of %.2f GB on the %s "
                + "as the viewer keeps it", ctx.shapes.barsApply() ? "base-size" : "small", cfg.numFrames(),
                cfg.imageSize(), cfg.tokens(), bytes / 1e9, mapped ? "mapped file" : "heap"),
                timing(results, "first_map", 1e-3), null, false));
        rows.add(BenchRow.info(7, "  of which (medians): " + phases(results,
                List.of("jvm_start", "engine", "load", "clip", "forward", "rollout")), ""));
        return rows;
    }

    /** A Hugging Face VideoMAE folder ({@code config.json}, {@code model.safetensors}) of random weights. */
    static void writeVideoMae(JointConfig cfg, Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        SafetensorsWriter.write(dir.resolve("model.safetensors"),
                JointForwardCase.randomWeights(cfg, new java.util.Random(14)).values());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode c = json.createObjectNode();
        c.put("model_type", "videomae").put("image_size", cfg.imageSize()).put("patch_size", cfg.patchSize())
                .put("tubelet_size", cfg.tubeletSize()).put("num_channels", cfg.numChannels())
                .put("num_frames", cfg.numFrames()).put("hidden_size", cfg.hiddenSize())
                .put("num_hidden_layers", cfg.numLayers()).put("num_attention_heads", cfg.numHeads())
                .put("intermediate_size", cfg.intermediateSize()).put("hidden_act", cfg.hiddenAct())
                .put("layer_norm_eps", cfg.layerNormEps()).put("qkv_bias", cfg.qkvBias())
                .put("use_mean_pooling", cfg.useMeanPooling());
        com.fasterxml.jackson.databind.node.ObjectNode labels = c.putObject("id2label");
        for (int i = 0; i < cfg.labels().size(); i++) {
            labels.put(String.valueOf(i), cfg.labels().get(i));
        }
        json.writeValue(dir.resolve("config.json").toFile(), c);
        // VideoMAEImageProcessor's fields, sized to the model (its defaults are 224)
        com.fasterxml.jackson.databind.node.ObjectNode p = json.createObjectNode();
        p.put("image_processor_type", "VideoMAEImageProcessor");
        p.putObject("size").put("shortest_edge", cfg.imageSize());
        p.putObject("crop_size").put("height", cfg.imageSize()).put("width", cfg.imageSize());
        json.writeValue(dir.resolve("preprocessor_config.json").toFile(), p);
    }

    private static Timing timing(List<Map<String, Double>> runs, String key, double scale) {
        return new Timing(runs.stream().mapToDouble(m -> m.getOrDefault(key, Double.NaN) * scale).toArray());
    }

    private static String phases(List<Map<String, Double>> runs, List<String> keys) {
        StringBuilder b = new StringBuilder();
        for (String k : keys) {
            b.append(b.length() == 0 ? "" : ", ").append(k.replace('_', ' ')).append(' ')
                    .append(BenchRow.seconds(timing(runs, k, 1e-3).median()));
        }
        return b.toString();
    }

    private static Demo demo(BenchContext ctx) throws IOException {
        Optional<DemoAssets> assets = DemoAssets.find();
        if (assets.isPresent() && java.nio.file.Files.isRegularFile(assets.get().video())) {
            return new Demo(assets.get().modelDir(), assets.get().video(), "the shipped demo (assets/demo)");
        }
        // Same architecture, preprocessing and video as the shipped demo; untrained weights cost the same.
        Path dir = ctx.tempDir().resolve("demo");
        TimeSformerConfig cfg = DemoModels.demo();
        Engines.ensureOffline();
        try (TimeSformerNet net = TimeSformerNet.random(cfg, NDManager.newBaseManager(), 3)) {
            net.save(dir.resolve("model"), DemoModels.preprocess(cfg));
        }
        Path video = dir.resolve("demo.mp4");
        DemoVideo.write(video, dir.resolve("demo.json"), DemoVideo.Options.defaults());
        return new Demo(dir.resolve("model"), video,
                "demo assets absent: demo architecture and demo video, random weights");
    }

    private static Map<String, Double> launch(Demo demo, boolean overlapped) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), "org.spacetimelens.cli.Main", "bench",
                "--cold-start-child", "--child-model", demo.model().toString(), "--child-video", demo.video().toString()));
        if (overlapped) {
            cmd.add("--child-overlap");
        }
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Deque<String> tail = new ArrayDeque<>();
        List<String> tagged = new ArrayList<>();
        // Drained on another thread so that a child that hangs is caught by the timeout below.
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (tail) {
                        if (line.startsWith(TAG + " ")) {
                            tagged.add(line);
                        } else {
                            tail.addLast(line);
                            if (tail.size() > 15) {
                                tail.removeFirst();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // the child's output closed with the child
            }
        }, "cold-start-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(CHILD_TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("cold-start child did not finish in " + CHILD_TIMEOUT_S + " s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (tail) {
            Map<String, Double> result = tagged.isEmpty() ? Map.of() : parse(tagged.get(tagged.size() - 1));
            if (process.exitValue() != 0 || !result.containsKey("first_map")) {
                throw new IOException("cold-start child failed (exit " + process.exitValue() + "): "
                        + String.join(" | ", tail));
            }
            return result;
        }
    }

    static Map<String, Double> parse(String line) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String part : line.substring(TAG.length()).trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                m.put(part.substring(0, eq), Double.parseDouble(part.substring(eq + 1)));
            }
        }
        return m;
    }

    /**
     * The child side: runs the path to the first map and prints the {@value #TAG} line (milliseconds per
     * phase; {@code first_map} counted from the JVM's start).
     *
     * @param overlapped start the engine and load the model on one thread while another opens the video
     *                   and decodes its first frame (the viewer's workers); else one step after the other
     */
    public static void child(Path model, Path video, boolean overlapped, PrintWriter out) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Engines.ensureOffline();
        Map<String, Double> ms = new LinkedHashMap<>();
        ms.put("jvm_start", (double) (mainAt - jvmStart));
        ExecutorService videoWorker = Executors.newSingleThreadExecutor();
        try {
            Future<Opened> opened = null;
            if (overlapped) {
                opened = videoWorker.submit(() -> {
                    long a = System.nanoTime();
                    VideoSource s = VideoSource.open(video);
                    s.frame(0); // the viewer shows the first frame at once
                    return new Opened(s, (System.nanoTime() - a) / 1e6);
                });
            }
            long e0 = System.nanoTime();
            Engine.getEngine("PyTorch");
            long e1 = System.nanoTime();
            // Any family (TimeSformer, VideoMAE, ViViT), as the viewer loads it.
            try (VideoModel net = ModelLoader.load(model, TimeSformer.LoadOptions.defaults())) {
                long e2 = System.nanoTime();
                ms.put("engine", (e1 - e0) / 1e6);
                ms.put("load", (e2 - e1) / 1e6);
                long c0 = System.nanoTime();
                VideoSource source;
                if (opened != null) {
                    Opened o = opened.get();
                    ms.put("open", o.millis());
                    source = o.source();
                } else {
                    source = VideoSource.open(video);
                }
                ClipTensor clip;
                try (source) {
                    int[] picks = ClipSampler.uniform(source.info().frameCount(), net.geometry().numFrames());
                    clip = new Preprocessor(net.preprocess()).apply(source.clip(picks));
                }
                long c1 = System.nanoTime();
                // as the viewer stores it: float16, heap or a mapped file by size
                ForwardResult r = net.forward(clip.data(), clip.frames(), clip.height(), clip.width(),
                        AttentionStorage.auto(true));
                long c2 = System.nanoTime();
                AttentionMaps maps = Rollout.compute(r.attention(), RolloutParams.defaults());
                long c3 = System.nanoTime();
                if (maps.values().length == 0) {
                    throw new IllegalStateException("empty map");
                }
                ms.put("clip", (c1 - c0) / 1e6);
                ms.put("forward", (c2 - c1) / 1e6);
                ms.put("rollout", (c3 - c2) / 1e6);
                ms.put("first_map", (mainAt - jvmStart) + (c3 - t0) / 1e6);
                ms.put("mapped", r.attention().isMapped() ? 1.0 : 0.0);
                r.attention().close();
            }
        } finally {
            videoWorker.shutdownNow();
        }
        StringBuilder line = new StringBuilder(TAG);
        ms.forEach((k, v) -> line.append(' ').append(k).append('=').append(String.format(Locale.ROOT, "%.1f", v)));
        out.println(line);
        out.flush();
    }
}
