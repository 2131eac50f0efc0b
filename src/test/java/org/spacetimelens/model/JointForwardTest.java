package org.spacetimelens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.testing.JointCheckpoints;
import org.spacetimelens.model.testing.ReferenceJoint;

/**
 * VideoMAE and ViViT forward passes (DJL) against the scalar double-precision reference written from the HF
 * sources, on random tiny checkpoints loaded through {@link ModelLoader}; the loaders' errors and defaults.
 */
class JointForwardTest {

    @TempDir
    Path dir;

    private void check(JointConfig c, long seed, boolean safetensors) throws Exception {
        Map<String, RawTensor> w = JointCheckpoints.weights(c, seed);
        Path folder = JointCheckpoints.writeHfFolder(dir.resolve("m" + seed), c, w, safetensors, TensorDType.F32, null);
        float[] clip = JointCheckpoints.clip(c, seed + 1);
        int t = c.numFrames();
        int s = c.imageSize();
        ReferenceJoint.Result ref = new ReferenceJoint(c, w).forward(clip, t, s, s);
        try (VideoModel m = ModelLoader.load(folder, TimeSformer.LoadOptions.defaults())) {
            assertThat(m).isInstanceOf(JointModel.class);
            assertThat(m.geometry().family()).isEqualTo(c.family());
            assertThat(m.geometry().tubelet()).isEqualTo(c.tubeletSize());
            assertThat(m.labels()).isEqualTo(c.labels());
            ForwardResult r = m.forward(clip, t, s, s, true, false);
            assertClose(r.logits(), ref.logits(), 1e-4, "logits");
            AttentionRecord rec = r.attention();
            assertThat(rec.type()).isEqualTo(AttentionType.JOINT_SPACE_TIME);
            assertThat(rec.layout()).isEqualTo(c.layout());
            assertThat(rec.frames()).isEqualTo(c.slots());
            assertThat(rec.jointTokens()).isEqualTo(c.tokens());
            for (int l = 0; l < c.numLayers(); l++) {
                assertClose(rec.spatialFloat(l), ref.attention()[l], 1e-5, "attention " + l);
            }
            // far from uniform, so token-order mistakes would show
            double spread = 0;
            for (double v : ref.attention()[1]) {
                spread = Math.max(spread, v);
            }
            assertThat(spread).isGreaterThan(2.0 / c.tokens());
            ForwardResult half = m.forward(clip, t, s, s, true, true);
            assertThat(half.attention().isHalf()).isTrue();
            for (int i = 0; i < rec.spatialSize(); i++) {
                assertThat((double) half.attention().spatialAt(1, i)).isCloseTo(rec.spatialAt(1, i),
                        org.assertj.core.api.Assertions.within(1e-3));
            }
            ForwardResult plain = m.forward(clip, t, s, s, false, false);
            assertThat(plain.attention()).isNull();
            assertClose(plain.logits(), ref.logits(), 1e-4, "logits without capture");
        }
    }

    @Test
    void videoMaeMeanPoolingMatchesReference() throws Exception {
        check(JointCheckpoints.videoMae(), 11, true);
    }

    @Test
    void videoMaeWithoutMeanPoolingOrBiasesFromTorchZip() throws Exception {
        check(JointCheckpoints.with(JointCheckpoints.videoMae(), false, false, "gelu_new"), 12, false);
    }

    @Test
    void vivitMatchesReference() throws Exception {
        check(JointCheckpoints.vivit(), 13, true);
    }

    @Test
    void vivitWithExactGeluAndTorchZip() throws Exception {
        check(JointCheckpoints.with(JointCheckpoints.vivit(), true, false, "gelu"), 14, false);
    }

    @Test
    void otherActivations() throws Exception {
        check(JointCheckpoints.with(JointCheckpoints.videoMae(), true, true, "quick_gelu"), 15, true);
        check(JointCheckpoints.with(JointCheckpoints.vivit(), true, false, "silu"), 16, true);
    }

    @Test
    void halfPrecisionWeightsAndABareBaseModelPrefix() throws Exception {
        JointConfig c = JointCheckpoints.videoMae();
        Map<String, RawTensor> w = JointCheckpoints.weights(c, 17);
        Map<String, RawTensor> bare = new java.util.LinkedHashMap<>();
        w.forEach((k, v) -> {
            String name = k.startsWith("videomae.") ? k.substring("videomae.".length()) : k;
            bare.put(name, RawTensor.ofFloats(name, v.shape(), v.toFloatArray()));
        });
        assertThat(bare).containsKey("encoder.layer.0.attention.attention.q_bias");
        Path folder = JointCheckpoints.writeHfFolder(dir.resolve("f16"), c, bare, true, TensorDType.BF16, null);
        float[] clip = JointCheckpoints.clip(c, 18);
        ReferenceJoint.Result ref = new ReferenceJoint(c, org.spacetimelens.model.testing.CheckpointWriters.roundTo(w,
                TensorDType.BF16)).forward(clip, 4, 16, 16);
        try (VideoModel m = ModelLoader.load(folder.resolve("model.safetensors"), null)) {
            ForwardResult r = m.forward(clip, 4, 16, 16, true, false);
            assertClose(r.logits(), ref.logits(), 1e-4, "logits");
            assertClose(r.attention().spatialFloat(1), ref.attention()[1], 1e-5, "attention");
        }
    }

    @Test
    void legacyVivitZeroCenteringRescalesByTwiceTheFactor() throws Exception {
        Path f = Files.writeString(dir.resolve("legacy.json"), "{\"do_zero_centering\": true, \"rescale_factor\": "
                + "0.00392156862745098, \"do_normalize\": false}");
        PreprocessConfig p = JointConfigFiles.readPreprocess(f, ModelFamily.VIVIT);
        assertThat(p.rescaleFactor()).isCloseTo(2 / 255.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(p.mean()).containsExactly(1f, 1f, 1f); // x·2/255 − 1
        assertThat(p.std()).containsExactly(1f, 1f, 1f);
    }

    @Test
    void clipOfTheWrongSizeIsRefusedClearly() throws Exception {
        JointConfig c = JointCheckpoints.videoMae();
        Path folder = JointCheckpoints.writeHfFolder(dir.resolve("m"), c, JointCheckpoints.weights(c, 1), true,
                TensorDType.F32, null);
        try (VideoModel m = ModelLoader.load(folder, null)) {
            assertThatThrownBy(() -> m.forward(new float[6 * 3 * 16 * 16], 6, 16, 16, true, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("VideoMAE takes exactly 4 frames of 16x16").hasMessageContaining("6 frames");
        }
    }

    @Test
    void unknownModelTypeNamesFileAndSupportedTypes() throws Exception {
        Files.createDirectories(dir.resolve("x"));
        Files.writeString(dir.resolve("x/config.json"), "{\"model_type\": \"xclip\"}");
        Files.write(dir.resolve("x/model.safetensors"), new byte[16]);
        assertThatThrownBy(() -> ModelLoader.load(dir.resolve("x"), null))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("config.json").hasMessageContaining("xclip")
                .hasMessageContaining("timesformer, videomae, vivit");
    }

    @Test
    void missingAndMisShapedTensorsAreListed() throws Exception {
        JointConfig c = JointCheckpoints.vivit();
        Map<String, RawTensor> w = new java.util.LinkedHashMap<>(JointCheckpoints.weights(c, 3));
        w.remove("vivit.embeddings.cls_token");
        w.put("classifier.bias", RawTensor.ofFloats("classifier.bias", new long[] {4}, new float[4]));
        Path folder = JointCheckpoints.writeHfFolder(dir.resolve("bad"), c, w, true, TensorDType.F32, null);
        assertThatThrownBy(() -> ModelLoader.load(folder, null))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("missing: vivit.embeddings.cls_token")
                .hasMessageContaining("mis-shaped: classifier.bias");
    }

    @Test
    void processorDefaultsPerFamily() throws Exception {
        PreprocessConfig vivit = JointConfigFiles.readPreprocess(dir.resolve("none.json"), ModelFamily.VIVIT);
        assertThat(vivit.shortestEdge()).isEqualTo(256);
        assertThat(vivit.cropSize()).isEqualTo(224);
        assertThat(vivit.rescaleFactor()).isEqualTo(1 / 127.5);
        // offset then (x - 0.5) / 0.5: (x/127.5 - 1 - 0.5) / 0.5
        assertThat(vivit.mean()).containsExactly(1.5f, 1.5f, 1.5f);
        assertThat(vivit.std()).containsExactly(0.5f, 0.5f, 0.5f);
        Path noOffset = Files.writeString(dir.resolve("p.json"),
                "{\"offset\": false, \"do_normalize\": false, \"size\": {\"shortest_edge\": 240}}");
        PreprocessConfig plain = JointConfigFiles.readPreprocess(noOffset, ModelFamily.VIVIT);
        assertThat(plain.shortestEdge()).isEqualTo(240);
        assertThat(plain.mean()).containsExactly(0f, 0f, 0f);
        assertThat(plain.std()).containsExactly(1f, 1f, 1f);
        PreprocessConfig mae = JointConfigFiles.readPreprocess(dir.resolve("none.json"), ModelFamily.VIDEOMAE);
        assertThat(mae.shortestEdge()).isEqualTo(224);
        assertThat(mae.mean()).containsExactly(0.5f, 0.5f, 0.5f);
    }

    @Test
    void configDefaultsFollowTheHfClasses() throws Exception {
        Path f = Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"vivit\", \"num_labels\": 3}");
        JointConfig v = JointConfigFiles.readConfig(f, ModelFamily.VIVIT, 2);
        assertThat(v.numFrames()).isEqualTo(32);
        assertThat(v.tubeletSize()).isEqualTo(2);
        assertThat(v.patchSize()).isEqualTo(16);
        assertThat(v.hiddenAct()).isEqualTo("gelu_fast");
        assertThat(v.layerNormEps()).isEqualTo(1e-6);
        assertThat(v.tokens()).isEqualTo(3137);
        Files.writeString(f, "{\"model_type\": \"videomae\"}");
        JointConfig m = JointConfigFiles.readConfig(f, ModelFamily.VIDEOMAE, 2);
        assertThat(m.numFrames()).isEqualTo(16);
        assertThat(m.layerNormEps()).isEqualTo(1e-12);
        assertThat(m.useMeanPooling()).isTrue();
        assertThat(m.tokens()).isEqualTo(1568);
    }

    static void assertClose(float[] actual, double[] expected, double tol, String what) {
        assertThat(actual).as(what + " length").hasSize(expected.length);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        assertThat(worst).as(what + " max |diff|").isLessThanOrEqualTo(tol);
    }
}
