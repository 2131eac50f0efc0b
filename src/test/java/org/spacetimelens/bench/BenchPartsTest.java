package org.spacetimelens.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.demo.DemoModels;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.TimeSformerNet;
import org.spacetimelens.model.WeightLayout;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;

/** The pieces the bench figures rest on: the dense baseline, the FLOP count, the synthetic attention. */
class BenchPartsTest {

    @Test
    void denseBaselineComputesTheSameMapAsThePropagation() {
        Engines.ensureOffline();
        AttentionRecord record = SyntheticAttention.divided(3, 4, 3, 2, 2, 5);
        Rollout rollout = new Rollout(record);
        RolloutParams params = RolloutParams.defaults();
        float[] propagated = rollout.compute(params).values();
        float[] published;
        float[] fromFused;
        try (NDManager m = NDManager.newBaseManager(); DenseRollout dense = new DenseRollout(record, rollout, params, m)) {
            published = dense.fromRaw();
            fromFused = dense.fromFused();
            assertThat(dense.fromRaw()).as("repeatable").containsExactly(published);
        }
        assertThat(published).hasSameSizeAs(propagated);
        assertThat(RolloutCases.maxAbsDiff(published, propagated)).isLessThan(1e-5);
        assertThat(RolloutCases.maxAbsDiff(fromFused, propagated)).isLessThan(1e-5);
        // and the maps are not trivially equal (e.g. all ones): they vary over tokens
        float min = Float.MAX_VALUE;
        for (float v : published) {
            min = Math.min(min, v);
        }
        assertThat(min).isLessThan(0.99f);
    }

    @Test
    void syntheticAttentionRowsAreProbabilities() {
        AttentionRecord r = SyntheticAttention.divided(2, 3, 2, 2, 2, 9);
        int p = r.tokensPerFrame();
        float[] s = r.spatialFloat(1);
        for (int row = 0; row < s.length / p; row++) {
            double sum = 0;
            for (int k = 0; k < p; k++) {
                assertThat(s[row * p + k]).isPositive();
                sum += s[row * p + k];
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
        assertThat(r.temporalFloat(0)).hasSize(r.patches() * r.heads() * 9);
        // seeded: the same record twice
        assertThat(SyntheticAttention.divided(2, 3, 2, 2, 2, 9).spatialFloat(1)).containsExactly(s);
    }

    /**
     * The analytic count against a second route: every weight matrix of the model's layout times the
     * number of tokens it is applied to, plus the two attention products of each kind.
     */
    @Test
    void flopCountMatchesWeightShapesTimesTokens() {
        for (Shapes sh : new Shapes[] {Shapes.BASE, Shapes.TINY}) {
            TimeSformerConfig c = sh.modelConfig();
            long t = c.numFrames();
            long g = (long) c.gridSize() * c.gridSize();
            long d = c.hiddenSize();
            double expected = 0;
            for (Map.Entry<String, long[]> e : WeightLayout.expectedShapes(c).entrySet()) {
                String name = e.getKey();
                long[] shape = e.getValue();
                if (!name.endsWith(".weight") || shape.length < 2) {
                    continue; // biases, norms, embeddings tables
                }
                long numel = 1;
                for (long v : shape) {
                    numel *= v;
                }
                long tokens;
                if (name.contains("patch_embeddings") || name.contains("temporal_")) {
                    tokens = g * t;
                } else if (name.contains(".attention.")) {
                    tokens = t * (1 + g);
                } else if (name.startsWith(WeightLayout.CLASSIFIER)) {
                    tokens = 1;
                } else {
                    tokens = 1 + g * t; // MLP
                }
                expected += 2.0 * numel * tokens;
            }
            expected += c.numLayers() * (4.0 * g * t * t * d + 4.0 * t * (1 + g) * (1 + g) * d);
            assertThat(ForwardFlops.perClip(c, c.numFrames())).as(sh.name()).isCloseTo(expected, within(expected * 1e-12));
        }
        // The published order of magnitude: TimeSformer-base is ~0.2 TFLOP (multiply-adds) per 8×224 view.
        double base = ForwardFlops.perClip(Shapes.BASE.modelConfig(), 8);
        assertThat(base / 2).isBetween(180e9, 210e9);
    }

    @Test
    void timingMedianAndMin() {
        Timing odd = new Timing(new double[] {3, 1, 2});
        assertThat(odd.median()).isEqualTo(2);
        assertThat(odd.min()).isEqualTo(1);
        Timing even = new Timing(new double[] {4, 1, 3, 2});
        assertThat(even.median()).isEqualTo(2.5);
        assertThat(even.count()).isEqualTo(4);
    }

    /** The cold-start child's work in this JVM: both modes print every phase, and the phases fit in the total. */
    @Test
    void coldStartChildReportsEveryPhase(@TempDir Path dir) throws Exception {
        Engines.ensureOffline();
        TimeSformerConfig cfg = DemoModels.tiny();
        try (TimeSformerNet net = TimeSformerNet.random(cfg, NDManager.newBaseManager(), 4)) {
            net.save(dir.resolve("model"), DemoModels.preprocess(cfg));
        }
        Path video = dir.resolve("v.mp4");
        TestVideo.write(video, 96, 64, 12, 12, 6);
        for (boolean overlapped : new boolean[] {false, true}) {
            StringWriter text = new StringWriter();
            ColdStart.child(dir.resolve("model"), video, overlapped, new PrintWriter(text));
            String line = text.toString().strip();
            assertThat(line).startsWith(ColdStart.TAG + " ");
            Map<String, Double> m = ColdStart.parse(line);
            assertThat(m).containsKeys("jvm_start", "engine", "load", "clip", "forward", "rollout", "first_map");
            assertThat(m.containsKey("open")).isEqualTo(overlapped);
            double steps = m.get("engine") + m.get("load") + m.get("clip") + m.get("forward") + m.get("rollout");
            assertThat(m.get("first_map")).isGreaterThanOrEqualTo(steps + m.get("jvm_start") - 1.0);
            assertThat(m.values()).allMatch(v -> v >= 0);
        }
    }

    /** The VideoMAE cold-start row's folder loads as VideoMAE and the child reaches its first map. */
    @Test
    void coldStartVideoMaeFolderLoadsAndMaps(@TempDir Path dir) throws Exception {
        Engines.ensureOffline();
        org.spacetimelens.model.JointConfig cfg = JointForwardCase.config(Shapes.TINY);
        ColdStart.writeVideoMae(cfg, dir.resolve("videomae"));
        try (org.spacetimelens.model.VideoModel m = org.spacetimelens.model.ModelLoader.load(dir.resolve("videomae"),
                org.spacetimelens.model.TimeSformer.LoadOptions.defaults())) {
            assertThat(m.geometry().family()).isEqualTo(org.spacetimelens.model.ModelFamily.VIDEOMAE);
            assertThat(m.geometry().numFrames()).isEqualTo(cfg.numFrames());
            assertThat(m.labels()).hasSize(cfg.numLabels());
        }
        Path video = dir.resolve("v.mp4");
        TestVideo.write(video, 96, 64, 12, 12, 6);
        StringWriter text = new StringWriter();
        ColdStart.child(dir.resolve("videomae"), video, false, new PrintWriter(text));
        Map<String, Double> m = ColdStart.parse(text.toString().strip());
        assertThat(m).containsKeys("forward", "rollout", "first_map", "mapped");
    }

    @Test
    void coldStartLineParses() {
        Map<String, Double> m = ColdStart.parse(ColdStart.TAG + " jvm_start=120 engine=900.5 first_map=2500.0");
        assertThat(m).containsEntry("jvm_start", 120.0).containsEntry("engine", 900.5).containsEntry("first_map", 2500.0);
    }

    @Test
    void wrapKeepsWordsAndIndentsContinuations() {
        assertThat(BenchReport.wrap("aaa bbb ccc ddd", 7)).containsExactly("aaa bbb", "  ccc", "  ddd");
    }
}
