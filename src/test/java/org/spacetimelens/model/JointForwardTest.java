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
        int sw = c.imageWidth();
        ReferenceJoint.Result ref = new ReferenceJoint(c, w).forward(clip, t, s, sw);
        try (VideoModel m = ModelLoader.load(folder, TimeSformer.LoadOptions.defaults())) {
            assertThat(m).isInstanceOf(JointModel.class);
            assertThat(m.geometry().family()).isEqualTo(c.family());
            assertThat(m.geometry().tubelet()).isEqualTo(c.tubeletSize());
            assertThat(m.labels()).isEqualTo(c.labels());
            ForwardResult r = m.forward(clip, t, s, sw, true, false);
            assertClose(r.logits(), ref.logits(), 1e-4, "logits");
            AttentionRecord rec = r.attention();
            assertThat(rec.type()).isEqualTo(AttentionType.JOINT_SPACE_TIME);
            assertThat(rec.layout()).isEqualTo(c.layout());
            assertThat(rec.frames()).isEqualTo(c.slots());
            assertThat(rec.jointTokens()).isEqualTo(c.tokens());
            assertThat(rec.gridH()).isEqualTo(c.gridH());
            assertThat(rec.gridW()).isEqualTo(c.gridW());
            for (int l = 0; l < c.numLayers(); l++) {
                assertClose(rec.spatialFloat(l), ref.attention()[l], 1e-5, "attention " + l);
            }
            // far from uniform, so token-order mistakes would show
            double spread = 0;
            for (double v : ref.attention()[1]) {
                spread = Math.max(spread, v);
            }
            assertThat(spread).isGreaterThan(2.0 / c.tokens());
            ForwardResult half = m.forward(clip, t, s, sw, true, true);
            assertThat(half.attention().isHalf()).isTrue();
            for (int i = 0; i < rec.spatialSize(); i++) {
                assertThat((double) half.attention().spatialAt(1, i)).isCloseTo(rec.spatialAt(1, i),
                        org.assertj.core.api.Assertions.within(1e-3));
            }
            ForwardResult plain = m.forward(clip, t, s, sw, false, false);
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
    void videoMaeNonSquareImageAndPatches() throws Exception {
        // VideoMAEPatchEmbeddings takes image_size and patch_size as (h, w) iterables
        check(JointCheckpoints.reshaped(JointCheckpoints.videoMae(), 4, 16, 24, 8, 8), 21, true); // grid 2x3
        check(JointCheckpoints.reshaped(JointCheckpoints.videoMae(), 2, 16, 24, 8, 4), 22, false); // grid 2x6
    }

    @Test
    void vivitNonSquarePatches() throws Exception {
        // VivitTubeletEmbeddings: Conv3d(kernel = stride = tubelet_size [t, ph, pw]) on square frames
        check(JointCheckpoints.reshaped(JointCheckpoints.vivit(), 6, 16, 16, 8, 4), 23, true); // grid 2x4
        check(JointCheckpoints.reshaped(JointCheckpoints.vivit(), 4, 16, 16, 4, 8), 24, true); // grid 4x2
    }

    @Test
    void framesAfterTheLastTubeletAreDroppedAsTheConv3dDoes() throws Exception {
        // num_frames 5, tubelet 2: the position tables hold 2 tubelets; the fifth frame is never read
        check(JointCheckpoints.reshaped(JointCheckpoints.videoMae(), 5, 16, 16, 8, 8), 25, true);
        check(JointCheckpoints.reshaped(JointCheckpoints.vivit(), 7, 16, 16, 4, 8), 26, true); // 3 tubelets of 4x2
        JointConfig c = JointCheckpoints.reshaped(JointCheckpoints.vivit(), 5, 16, 16, 8, 8);
        Path folder = JointCheckpoints.writeHfFolder(dir.resolve("trailing"), c, JointCheckpoints.weights(c, 27),
                true, TensorDType.F32, null);
        float[] clip = JointCheckpoints.clip(c, 28);
        float[] other = clip.clone();
        int frame = 3 * 16 * 16;
        for (int i = 4 * frame; i < 5 * frame; i++) {
            other[i] = -7f * other[i] + 1f;
        }
        try (VideoModel m = ModelLoader.load(folder, null)) {
            assertThat(m.geometry().slots(5)).isEqualTo(2);
            ForwardResult a = m.forward(clip, 5, 16, 16, true, false);
            ForwardResult b = m.forward(other, 5, 16, 16, false, false);
            ForwardResult four = m.forward(java.util.Arrays.copyOf(clip, 4 * frame), 4, 16, 16, false, false);
            assertThat(a.attention().frames()).isEqualTo(2);
            assertClose(b.logits(), toDouble(a.logits()), 1e-6, "logits with another fifth frame");
            assertClose(four.logits(), toDouble(a.logits()), 1e-6, "logits of the first 4 frames"); // HF takes 4 too
            assertThatThrownBy(() -> m.forward(new float[3 * frame], 3, 16, 16, false, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ViViT takes 5 frames");
        }
    }

    @Test
    void nonSquareSizesInTheConfigFiles() throws Exception {
        Path f = Files.writeString(dir.resolve("mae.json"), "{\"model_type\": \"videomae\", \"image_size\": [160, 224], "
                + "\"patch_size\": [16, 32]}");
        JointConfig m = JointConfigFiles.readConfig(f, ModelFamily.VIDEOMAE, 2);
        assertThat(new int[] {m.imageSize(), m.imageWidth(), m.patchSize(), m.patchWidth(), m.gridH(), m.gridW()})
                .containsExactly(160, 224, 16, 32, 10, 7);
        assertThat(m.tokens()).isEqualTo(8 * 10 * 7);
        assertThat(m.geometry().describe()).contains("10×7 patches of 16×32 px");
        Files.writeString(f, "{\"model_type\": \"vivit\", \"image_size\": 224, \"tubelet_size\": [2, 16, 32]}");
        JointConfig v = JointConfigFiles.readConfig(f, ModelFamily.VIVIT, 2);
        assertThat(new int[] {v.tubeletSize(), v.patchSize(), v.patchWidth(), v.gridH(), v.gridW()})
                .containsExactly(2, 16, 32, 14, 7);
        assertThat(JointWeights.expectedShapes(v).get("vivit.embeddings.patch_embeddings.projection.weight"))
                .containsExactly(768, 3, 2, 16, 32);
        assertThat(v.tokens()).isEqualTo(1 + 16 * 14 * 7);
        Files.writeString(f, "{\"model_type\": \"vivit\", \"image_size\": [224, 160]}");
        assertThatThrownBy(() -> JointConfigFiles.readConfig(f, ModelFamily.VIVIT, 2))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("mae.json")
                .hasMessageContaining("'image_size'").hasMessageContaining("ViViT takes one integer");
        Files.writeString(f, "{\"model_type\": \"vivit\", \"tubelet_size\": [2, 16]}");
        assertThatThrownBy(() -> JointConfigFiles.readConfig(f, ModelFamily.VIVIT, 2))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("expected [frames, patch height, patch width]");
        Files.writeString(f, "{\"model_type\": \"videomae\", \"image_size\": [16, 0]}");
        assertThatThrownBy(() -> JointConfigFiles.readConfig(f, ModelFamily.VIDEOMAE, 2))
                .isInstanceOf(CheckpointException.class).hasMessageContaining("[height, width]");
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
                    .hasMessageContaining("VideoMAE takes 4 frames of 16x16").hasMessageContaining("6 frames");
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

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
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
