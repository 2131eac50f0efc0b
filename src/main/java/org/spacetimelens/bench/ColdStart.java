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
import java.util.concurrent.TimeUnit;
import org.spacetimelens.demo.DemoAssets;
import org.spacetimelens.demo.DemoModels;
import org.spacetimelens.demo.DemoVideo;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.TimeSformerConfig;
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
 * preprocess the first clip, forward with capture, rollout — on the demo model and video.
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

    /** Demo model folder and video, or a stand-in when the demo assets are absent. */
    record Demo(Path model, Path video, String description) {
    }

    static List<BenchRow> run(BenchContext ctx) throws Exception {
        Demo demo = demo(ctx);
        int runs = ctx.reps(3, 1);
        ctx.log("case 7: cold start in a fresh JVM, %d run(s), %s", runs, demo.description());
        List<Map<String, Double>> phases = new ArrayList<>();
        double[] firstMap = new double[runs];
        double[] wall = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            Map<String, Double> p = launch(demo);
            wall[i] = (System.nanoTime() - t0) / 1e9;
            firstMap[i] = p.get("first_map") / 1e3;
            phases.add(p);
        }
        List<BenchRow> rows = new ArrayList<>();
        rows.add(BenchRow.timed(7, "cold start to first map in a fresh JVM (JVM start → engine, load, decode, "
                + "forward, rollout); " + demo.description(), new Timing(firstMap), BAR_S, true));
        StringBuilder b = new StringBuilder();
        for (String k : List.of("jvm_start", "engine", "load", "clip", "forward", "rollout")) {
            double[] v = phases.stream().mapToDouble(m -> m.getOrDefault(k, Double.NaN)).toArray();
            b.append(b.length() == 0 ? "" : ", ").append(k.replace('_', ' ')).append(' ')
                    .append(BenchRow.seconds(new Timing(v).median() / 1e3));
        }
        rows.add(BenchRow.info(7, "of which (medians): " + b, ""));
        rows.add(BenchRow.timed(7, "child process wall time, spawn to exit", new Timing(wall), null, false));
        return rows;
    }

    private static Demo demo(BenchContext ctx) throws IOException {
        Optional<DemoAssets> assets = DemoAssets.find();
        if (assets.isPresent() && java.nio.file.Files.isRegularFile(assets.get().video())) {
            return new Demo(assets.get().modelDir(), assets.get().video(), "demo assets " + assets.get().root());
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

    private static Map<String, Double> launch(Demo demo) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), "org.spacetimelens.cli.Main", "bench",
                "--cold-start-child", "--child-model", demo.model().toString(), "--child-video", demo.video().toString());
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Deque<String> tail = new ArrayDeque<>();
        Map<String, Double> result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(TAG + " ")) {
                    result = parse(line);
                } else {
                    tail.addLast(line);
                    if (tail.size() > 15) {
                        tail.removeFirst();
                    }
                }
            }
        }
        if (!process.waitFor(CHILD_TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("cold-start child did not finish in " + CHILD_TIMEOUT_S + " s");
        }
        if (process.exitValue() != 0 || result == null || !result.containsKey("first_map")) {
            throw new IOException("cold-start child failed (exit " + process.exitValue() + "): "
                    + String.join(" | ", tail));
        }
        return result;
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
     * The child side: runs the path to the first map and prints the {@value #TAG} line (milliseconds
     * since the JVM started, per phase).
     */
    public static void child(Path model, Path video, PrintWriter out) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Engines.ensureOffline();
        Engine.getEngine("PyTorch");
        long t1 = System.nanoTime();
        try (TimeSformer net = TimeSformer.load(model, TimeSformer.LoadOptions.defaults())) {
            long t2 = System.nanoTime();
            ClipTensor clip;
            try (VideoSource source = VideoSource.open(video)) {
                int[] picks = ClipSampler.uniform(source.info().frameCount(), net.config().numFrames());
                clip = new Preprocessor(net.preprocess()).apply(source.clip(picks));
            }
            long t3 = System.nanoTime();
            ForwardResult r = net.forward(clip.data(), clip.frames(), clip.height(), clip.width(), true, false);
            long t4 = System.nanoTime();
            AttentionMaps maps = Rollout.compute(r.attention(), RolloutParams.defaults());
            long t5 = System.nanoTime();
            if (maps.values().length == 0) {
                throw new IllegalStateException("empty map");
            }
            double sinceMain = (t5 - t0) / 1e6;
            out.printf(Locale.ROOT, "%s jvm_start=%d engine=%.1f load=%.1f clip=%.1f forward=%.1f rollout=%.1f "
                            + "first_map=%.1f%n", TAG, mainAt - jvmStart, (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                    (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6, (mainAt - jvmStart) + sinceMain);
            out.flush();
        }
    }
}
