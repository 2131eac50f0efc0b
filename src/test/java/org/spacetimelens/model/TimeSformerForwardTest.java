package org.spacetimelens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.ReferenceTimeSformer;
import org.spacetimelens.model.testing.TinyConfigs;

/** The DJL forward pass against the scalar double-precision oracle written from the HF source. */
class TimeSformerForwardTest {
    private static final double TOL = 1e-4;
    private static NDManager root;

    @BeforeAll
    static void start() {
        Engines.ensureOffline();
        root = NDManager.newBaseManager(ai.djl.Device.cpu());
    }

    @AfterAll
    static void stop() {
        root.close();
    }

    private static ForwardResult runDjl(TimeSformerConfig c, Map<String, RawTensor> w, float[] clip, int t, int h,
            int wd, boolean half) {
        try (TimeSformer m = TimeSformer.of(TimeSformerNet.fromTensors(c, root.newSubManager(), w),
                PreprocessConfig.defaults(c.imageSize()), Path.of("memory"))) {
            return m.forward(clip, t, h, wd, true, half);
        }
    }

    private static void compare(TimeSformerConfig c, long seed, int t, int h, int wd) {
        Map<String, RawTensor> w = RandomWeights.generate(c, seed);
        float[] clip = RandomWeights.clip(seed + 1, t, c.numChannels(), h, wd);
        ForwardResult djl = runDjl(c, w, clip, t, h, wd, false);
        ReferenceTimeSformer.Result ref = new ReferenceTimeSformer(c, w).forward(clip, t, h, wd);

        assertClose("logits", djl.logits(), ref.logits(), TOL);
        AttentionRecord rec = djl.attention();
        assertThat(rec.layers()).isEqualTo(c.numLayers());
        assertThat(rec.frames()).isEqualTo(t);
        assertThat(rec.gridH()).isEqualTo(h / c.patchSize());
        assertThat(rec.gridW()).isEqualTo(wd / c.patchSize());
        for (int l = 0; l < c.numLayers(); l++) {
            assertClose("spatial layer " + l, rec.spatialFloat(l), ref.spatial()[l], TOL);
            if (c.attentionType() == AttentionType.DIVIDED_SPACE_TIME) {
                assertClose("temporal layer " + l, rec.temporalFloat(l), ref.temporal()[l], TOL);
            }
        }
    }

    static void assertClose(String what, float[] actual, double[] expected, double tol) {
        assertThat(actual.length).as(what + " length").isEqualTo(expected.length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < actual.length; i++) {
            double e = Math.abs(actual[i] - expected[i]);
            if (!(e <= worst)) {
                worst = e;
                at = i;
            }
        }
        assertThat(worst).as("%s: max |error| %s at index %d (got %s, expected %s)", what, worst, at,
                at < 0 ? 0 : actual[at], at < 0 ? 0 : expected[at]).isLessThanOrEqualTo(tol);
    }

    @Test
    void dividedSpaceTimeMatchesOracle() {
        compare(TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME), 11, 4, 16, 16);
    }

    @Test
    void dividedWithoutQkvBiasAndOtherEpsMatchesOracle() {
        TimeSformerConfig c = TinyConfigs.withQkvBias(TinyConfigs.of(AttentionType.DIVIDED_SPACE_TIME,
                3, 16, 4, 3, 24, 8, 7), false, 1e-5);
        compare(c, 12, 3, 24, 24);
    }

    @Test
    void spaceOnlyMatchesOracle() {
        compare(TinyConfigs.tiny(AttentionType.SPACE_ONLY), 13, 4, 16, 16);
    }

    @Test
    void jointSpaceTimeMatchesOracle() {
        compare(TinyConfigs.tiny(AttentionType.JOINT_SPACE_TIME), 14, 4, 16, 16);
    }

    @Test
    void clipLargerThanConfigResizesPositionAndTimeEmbeddings() {
        // config: 3x3 grid, 4 frames; clip: 2x4 grid (8 != 9 tokens -> nearest resize), 6 frames
        TimeSformerConfig c = TinyConfigs.of(AttentionType.DIVIDED_SPACE_TIME, 2, 24, 3, 4, 24, 8, 5);
        compare(c, 15, 6, 16, 32);
    }

    @Test
    void clipWithFewerFramesAndDoubleFramesResizeTimeEmbeddings() {
        TimeSformerConfig c = TinyConfigs.of(AttentionType.DIVIDED_SPACE_TIME, 2, 24, 3, 4, 24, 8, 5);
        compare(c, 16, 3, 24, 24); // 4 -> 3 frames
        compare(c, 17, 8, 24, 24); // 4 -> 8 frames (ATen's exact 2x path)
    }

    @Test
    void sameTokenCountWithOtherGridIsNotResizedAndOddSizesAreCropped() {
        // config grid 4x4 = 16 patches; clip 2x8 = 16 patches: HF adds the embeddings without resizing
        TimeSformerConfig c = TinyConfigs.of(AttentionType.DIVIDED_SPACE_TIME, 2, 16, 2, 2, 32, 8, 3);
        compare(c, 18, 2, 16, 64);
        // 20x17 pixels: the stride-8 convolution sees 2x2 patches and ignores the remainder
        compare(TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME), 19, 4, 20, 17);
    }

    @Test
    void spaceOnlyAndJointWithResizedClip() {
        compare(TinyConfigs.of(AttentionType.SPACE_ONLY, 2, 24, 3, 4, 24, 8, 5), 20, 3, 16, 32);
        compare(TinyConfigs.of(AttentionType.JOINT_SPACE_TIME, 2, 24, 3, 4, 24, 8, 5), 21, 5, 16, 32);
    }

    @Test
    void randomConfigsMatchOracle() {
        for (AttentionType type : AttentionType.values()) {
            for (long seed = 100; seed < 102; seed++) {
                TimeSformerConfig c = TinyConfigs.random(seed, type);
                compare(c, seed, c.numFrames(), c.imageSize(), c.imageSize());
            }
        }
    }

    @Test
    void halfRecordHoldsTheSameAttentionAtHalfPrecision() {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        Map<String, RawTensor> w = RandomWeights.generate(c, 30);
        float[] clip = RandomWeights.clip(31, 4, 3, 16, 16);
        ForwardResult f32 = runDjl(c, w, clip, 4, 16, 16, false);
        ForwardResult f16 = runDjl(c, w, clip, 4, 16, 16, true);
        assertThat(f16.attention().isHalf()).isTrue();
        assertThat(f16.logits()).containsExactly(f32.logits());
        for (int l = 0; l < c.numLayers(); l++) {
            float[] s = f32.attention().spatialFloat(l);
            short[] h = f16.attention().spatialHalf(l);
            for (int i = 0; i < s.length; i++) {
                assertThat(h[i]).isEqualTo(Half.fromFloat(s[i]));
            }
            float[] t = f32.attention().temporalFloat(l);
            short[] th = f16.attention().temporalHalf(l);
            for (int i = 0; i < t.length; i++) {
                assertThat(th[i]).isEqualTo(Half.fromFloat(t[i]));
            }
        }
    }

    @Test
    void batchedForwardEqualsOneClipAtATime() {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        Map<String, RawTensor> w = RandomWeights.generate(c, 40);
        float[] a = RandomWeights.clip(41, 4, 3, 16, 16);
        float[] b = RandomWeights.clip(42, 4, 3, 16, 16);
        float[] both = new float[a.length * 2];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        ReferenceTimeSformer ref = new ReferenceTimeSformer(c, w);
        try (TimeSformerNet net = TimeSformerNet.fromTensors(c, root.newSubManager(), w);
                NDManager step = net.manager().newSubManager()) {
            TimeSformerNet.Output out = net.forward(step.create(both, new Shape(2, 4, 3, 16, 16)), true);
            float[] logits = out.logits().toFloatArray();
            int k = c.numLabels();
            assertClose("clip 0", java.util.Arrays.copyOfRange(logits, 0, k), ref.forward(a, 4, 16, 16).logits(), TOL);
            assertClose("clip 1", java.util.Arrays.copyOfRange(logits, k, 2 * k), ref.forward(b, 4, 16, 16).logits(), TOL);
            float[] t0 = out.temporal().get(0).toFloatArray();
            double[] refT = ref.forward(b, 4, 16, 16).temporal()[0];
            assertClose("clip 1 temporal", java.util.Arrays.copyOfRange(t0, t0.length / 2, t0.length), refT, TOL);
        }
    }

    @Test
    void streamedCaptureEqualsTheListsAndFreesEachLayer() {
        for (AttentionType type : AttentionType.values()) {
            TimeSformerConfig c = TinyConfigs.tiny(type);
            Map<String, RawTensor> w = RandomWeights.generate(c, 43);
            float[] clip = RandomWeights.clip(44, 4, 3, 16, 16);
            try (TimeSformerNet net = TimeSformerNet.fromTensors(c, root.newSubManager(), w);
                    NDManager step = net.manager().newSubManager()) {
                TimeSformerNet.Output listed = net.forward(step.create(clip, new Shape(1, 4, 3, 16, 16)), true);
                List<NDArray> seen = new ArrayList<>();
                List<float[]> spatial = new ArrayList<>();
                List<float[]> temporal = new ArrayList<>();
                TimeSformerNet.Output streamed = net.forward(step.create(clip, new Shape(1, 4, 3, 16, 16)),
                        (layer, s, t) -> {
                            assertThat(layer).isEqualTo(spatial.size());
                            spatial.add(s.toFloatArray());
                            temporal.add(t == null ? null : t.toFloatArray());
                            seen.add(s);
                        });
                assertThat(streamed.spatial()).isEmpty();
                assertThat(streamed.logits().toFloatArray()).containsExactly(listed.logits().toFloatArray());
                assertThat(spatial).hasSize(c.numLayers());
                for (int l = 0; l < c.numLayers(); l++) {
                    assertThat(spatial.get(l)).as(type + " spatial " + l).containsExactly(listed.spatial().get(l).toFloatArray());
                    if (type == AttentionType.DIVIDED_SPACE_TIME) {
                        assertThat(temporal.get(l)).containsExactly(listed.temporal().get(l).toFloatArray());
                    } else {
                        assertThat(temporal.get(l)).isNull();
                    }
                }
                // the streamed maps were freed with their layer; the listed ones live until the caller closes
                assertThat(seen).allSatisfy(a -> assertThat(a.isReleased()).isTrue());
                assertThat(listed.spatial()).allSatisfy(a -> assertThat(a.isReleased()).isFalse());
            }
        }
    }

    @Test
    void djlGeluIsTheExactErfForm() {
        float[] xs = new float[161];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = -4f + i * 0.05f;
        }
        try (NDManager m = root.newSubManager()) {
            float[] y = Activation.gelu(m.create(xs)).toFloatArray();
            double worstErf = 0;
            double worstTanh = 0;
            for (int i = 0; i < xs.length; i++) {
                double x = xs[i];
                double tanh = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
                worstErf = Math.max(worstErf, Math.abs(y[i] - ReferenceTimeSformer.gelu(x)));
                worstTanh = Math.max(worstTanh, Math.abs(tanh - ReferenceTimeSformer.gelu(x)));
            }
            assertThat(worstTanh).as("the test can tell the two forms apart").isGreaterThan(1e-4);
            assertThat(worstErf).isLessThan(1e-6);
        }
    }

    @Test
    void oracleErfIsAccurate() {
        // reference values of erf from tables (Abramowitz & Stegun 7.1)
        assertThat(ReferenceTimeSformer.erf(0.5)).isCloseTo(0.5204998778130465, org.assertj.core.data.Offset.offset(1e-14));
        assertThat(ReferenceTimeSformer.erf(1.0)).isCloseTo(0.8427007929497149, org.assertj.core.data.Offset.offset(1e-14));
        assertThat(ReferenceTimeSformer.erf(-2.0)).isCloseTo(-0.9953222650189527, org.assertj.core.data.Offset.offset(1e-14));
        assertThat(ReferenceTimeSformer.erf(3.5)).isCloseTo(0.9999992569016276, org.assertj.core.data.Offset.offset(1e-14));
    }

    @Test
    void nearestIndicesFollowAten() {
        // F.interpolate(torch.arange(4.)[None,None], size=6, mode="nearest") -> [0, 0, 1, 2, 2, 3]
        assertThat(TimeSformerNet.nearestIndices(4, 6)).containsExactly(0, 0, 1, 2, 2, 3);
        // size 3 from 4 -> [0, 1, 2]; from 3 to 2 -> [0, 1]; 2x -> i >> 1
        assertThat(TimeSformerNet.nearestIndices(4, 3)).containsExactly(0, 1, 2);
        assertThat(TimeSformerNet.nearestIndices(3, 2)).containsExactly(0, 1);
        assertThat(TimeSformerNet.nearestIndices(3, 6)).containsExactly(0, 0, 1, 1, 2, 2);
        assertThat(TimeSformerNet.nearestIndices(14, 28)[27]).isEqualTo(13);
    }

    @Test
    void forwardLeavesNoArraysBehind() {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        Map<String, RawTensor> w = RandomWeights.generate(c, 50);
        float[] clip = RandomWeights.clip(51, 3, 3, 24, 16); // resizing paths included
        try (TimeSformer m = TimeSformer.of(TimeSformerNet.fromTensors(c, root.newSubManager(), w),
                PreprocessConfig.defaults(16), Path.of("memory"))) {
            int before = ((ai.djl.ndarray.BaseNDManager) m.net().manager()).getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                m.forward(clip, 3, 24, 16, i % 2 == 0, i == 2);
            }
            int after = ((ai.djl.ndarray.BaseNDManager) m.net().manager()).getManagedArrays().size();
            assertThat(after).isEqualTo(before);
            assertThat(before).isEqualTo(WeightLayout.expectedShapes(c).size());
        }
    }

    @Test
    void wrongClipLengthIsRefused() {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        try (TimeSformer m = TimeSformer.of(TimeSformerNet.random(c, root.newSubManager(), 1),
                PreprocessConfig.defaults(16), Path.of("memory"))) {
            assertThatThrownBy(() -> m.forward(new float[10], 4, 16, 16, false, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 3072");
            assertThatThrownBy(() -> m.forward(new float[4 * 3 * 4 * 4], 4, 4, 4, false, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("patch");
        }
    }

    @Test
    void randomInitFollowsHfInitRules() {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        try (TimeSformerNet a = TimeSformerNet.random(c, root.newSubManager(), 7);
                TimeSformerNet b = TimeSformerNet.random(c, root.newSubManager(), 7)) {
            assertThat(a.parameters().keySet()).containsExactlyElementsOf(WeightLayout.expectedShapes(c).keySet());
            float[] ln = a.parameter("timesformer.layernorm.weight").toFloatArray();
            assertThat(ln).containsOnly(1f);
            assertThat(a.parameter("classifier.bias").toFloatArray()).containsOnly(0f);
            assertThat(a.parameter(WeightLayout.TIME).toFloatArray()).containsOnly(0f);
            float[] qkv = a.parameter(WeightLayout.layer(0) + "attention.attention.qkv.weight").toFloatArray();
            double sq = 0;
            for (float v : qkv) {
                sq += v * v;
            }
            assertThat(Math.sqrt(sq / qkv.length)).isBetween(0.015, 0.025);
            assertThat(qkv).containsExactly(b.parameter(WeightLayout.layer(0) + "attention.attention.qkv.weight").toFloatArray());
        }
    }

    @Test
    void gradientsFlowThroughTheForwardPass() {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        Map<String, RawTensor> w = RandomWeights.generate(c, 60);
        float[] clip = RandomWeights.clip(61, 4, 3, 16, 16);
        String probe = WeightLayout.layer(0) + "temporal_attention.attention.qkv.weight";
        try (TimeSformerNet net = TimeSformerNet.fromTensors(c, root.newSubManager(), w)) {
            net.setRequiresGradient(true);
            float analytic;
            try (NDManager step = net.manager().newSubManager();
                    ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(step.create(clip, new Shape(1, 4, 3, 16, 16)), false).logits();
                gc.backward(logits.logSoftmax(-1).get(":, 2").sum().neg()); // cross-entropy for class 2
                for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
                    NDArray g = e.getValue().getGradient();
                    g.attach(step);
                    float[] gv = g.toFloatArray();
                    for (float v : gv) {
                        assertThat(Float.isFinite(v)).as(e.getKey()).isTrue();
                    }
                }
                NDArray g = net.parameter(probe).getGradient();
                g.attach(step);
                analytic = g.toFloatArray()[5];
            }
            // central difference of the same loss in the double-precision oracle
            double h = 1e-3;
            float[] base = w.get(probe).toFloatArray();
            double[] lossAt = new double[2];
            for (int s = 0; s < 2; s++) {
                float[] moved = base.clone();
                moved[5] += (float) (s == 0 ? h : -h);
                Map<String, RawTensor> wm = new java.util.LinkedHashMap<>(w);
                wm.put(probe, RawTensor.ofFloats(probe, w.get(probe).shape(), moved));
                double[] lg = new ReferenceTimeSformer(c, wm).forward(clip, 4, 16, 16).logits();
                double max = java.util.Arrays.stream(lg).max().orElseThrow();
                double lse = max + Math.log(java.util.Arrays.stream(lg).map(v -> Math.exp(v - max)).sum());
                lossAt[s] = lse - lg[2];
            }
            double numeric = (lossAt[0] - lossAt[1]) / (2 * h);
            assertThat(Math.abs(numeric)).isGreaterThan(1e-4);
            assertThat((double) analytic).isCloseTo(numeric, org.assertj.core.data.Offset.offset(0.02 * Math.abs(numeric) + 1e-4));
        }
    }

    @Test
    void sgdStepsLowerTheLossWithoutLeakingArrays() {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        float[] clip = RandomWeights.clip(70, 4, 3, 16, 16);
        try (TimeSformerNet net = TimeSformerNet.random(c, root.newSubManager(), 71)) {
            net.setRequiresGradient(true);
            int arrays = ((ai.djl.ndarray.BaseNDManager) net.manager()).getManagedArrays().size();
            float[] losses = new float[4];
            for (int i = 0; i < losses.length; i++) {
                try (NDManager step = net.manager().newSubManager()) {
                    try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                        NDArray logits = net.forward(step.create(clip, new Shape(1, 4, 3, 16, 16)), false).logits();
                        NDArray loss = logits.logSoftmax(-1).get(":, 3").sum().neg();
                        losses[i] = loss.getFloat();
                        gc.backward(loss);
                    }
                    if (i == 0) {
                        // gradients accumulate until zeroed: a second backward would double them
                        float g = net.gradient("classifier.bias", step).getFloat(3);
                        assertThat(g).isNegative();
                    }
                    net.sgdStep(0.5f);
                    net.zeroGradients();
                    assertThat(net.gradient("classifier.bias", step).toFloatArray()).containsOnly(0f);
                }
            }
            assertThat(losses[3]).isLessThan(losses[0]);
            assertThat(((ai.djl.ndarray.BaseNDManager) net.manager()).getManagedArrays()).hasSize(arrays);
        }
    }

    @Test
    void randomNetForwardsUnderTheOracleToo() {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        try (TimeSformerNet net = TimeSformerNet.random(c, root.newSubManager(), 9)) {
            Map<String, RawTensor> w = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : net.parameters().entrySet()) {
                w.put(e.getKey(), RawTensor.ofFloats(e.getKey(), e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
            }
            float[] clip = RandomWeights.clip(10, 4, 3, 16, 16);
            try (NDManager step = net.manager().newSubManager()) {
                float[] logits = net.forward(step.create(clip, new Shape(1, 4, 3, 16, 16)), false).logits().toFloatArray();
                assertClose("logits", logits, new ReferenceTimeSformer(c, w).forward(clip, 4, 16, 16).logits(), TOL);
            }
        }
    }
}
