package org.spacetimelens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.TimeSformer.LoadOptions;
import org.spacetimelens.model.testing.CheckpointWriters;
import org.spacetimelens.model.testing.CheckpointWriters.TorchOptions;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.ReferenceTimeSformer;
import org.spacetimelens.model.testing.TinyConfigs;

/** Every checkpoint format and naming scheme loads to the same network; bad ones are reported in full. */
class CheckpointLoadingTest {
    private static final LoadOptions CPU = new LoadOptions("cpu", 0);

    @TempDir
    Path dir;

    private static ForwardResult run(Path path, LoadOptions options, float[] clip, int t, int s) throws Exception {
        try (TimeSformer m = TimeSformer.load(path, options)) {
            assertThat(m.deviceName()).isEqualTo("cpu()");
            return m.forward(clip, t, s, s, true, false);
        }
    }

    private static void assertIdentical(ForwardResult a, ForwardResult b) {
        assertThat(a.logits()).containsExactly(b.logits());
        for (int l = 0; l < a.attention().layers(); l++) {
            assertThat(a.attention().spatialFloat(l)).containsExactly(b.attention().spatialFloat(l));
            if (a.attention().type() == AttentionType.DIVIDED_SPACE_TIME) {
                assertThat(a.attention().temporalFloat(l)).containsExactly(b.attention().temporalFloat(l));
            }
        }
    }

    @Test
    void safetensorsPytorchBinAndPythLoadToIdenticalOutputs() throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        Map<String, RawTensor> w = RandomWeights.generate(c, 1);
        float[] clip = RandomWeights.clip(2, 4, 3, 16, 16);
        Path st = CheckpointWriters.writeHfFolder(dir.resolve("st"), c, w, true, TensorDType.F32);
        Path bin = CheckpointWriters.writeHfFolder(dir.resolve("bin"), c, w, false, TensorDType.F32);
        Path pyth = dir.resolve("TimeSformer_divST_tiny.pyth");
        CheckpointWriters.writeTorchZip(pyth, CheckpointWriters.toFacebookNames(w), TorchOptions.facebook());

        ForwardResult a = run(st, CPU, clip, 4, 16);
        ForwardResult b = run(bin, CPU, clip, 4, 16);
        ForwardResult p = run(pyth, new LoadOptions("cpu", 3), clip, 4, 16);
        ForwardResult f = run(st.resolve("model.safetensors"), CPU, clip, 4, 16);
        assertIdentical(a, b);
        assertIdentical(a, p);
        assertIdentical(a, f);
        TimeSformerForwardTest.assertClose("logits vs oracle", a.logits(),
                new ReferenceTimeSformer(c, w).forward(clip, 4, 16, 16).logits(), 1e-4);
    }

    @Test
    void halfAndBfloatCheckpointsLoadTheRoundedValuesInEveryContainer() throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        Map<String, RawTensor> w = RandomWeights.generate(c, 3);
        float[] clip = RandomWeights.clip(4, 4, 3, 16, 16);
        for (TensorDType dt : new TensorDType[] {TensorDType.F16, TensorDType.BF16}) {
            Path st = CheckpointWriters.writeHfFolder(dir.resolve("st" + dt), c, w, true, dt);
            Path bin = CheckpointWriters.writeHfFolder(dir.resolve("bin" + dt), c, w, false, dt);
            Path pyth = dir.resolve("m" + dt + ".pyth");
            CheckpointWriters.writeTorchZip(pyth, CheckpointWriters.toFacebookNames(w), TorchOptions.facebook().withDtype(dt));
            ForwardResult a = run(st, CPU, clip, 4, 16);
            assertIdentical(a, run(bin, CPU, clip, 4, 16));
            assertIdentical(a, run(pyth, new LoadOptions("cpu", 3), clip, 4, 16));
            ReferenceTimeSformer.Result ref = new ReferenceTimeSformer(c, CheckpointWriters.roundTo(w, dt))
                    .forward(clip, 4, 16, 16);
            TimeSformerForwardTest.assertClose(dt + " logits", a.logits(), ref.logits(), 1e-4);
            TimeSformerForwardTest.assertClose(dt + " temporal", a.attention().temporalFloat(1), ref.temporal()[1], 1e-4);
        }
    }

    @Test
    void facebookArchitectureIsInferredFromShapes() throws Exception {
        for (AttentionType type : AttentionType.values()) {
            // hidden 128 = 2 x 64: heads inferred as hidden/64 without being told
            TimeSformerConfig c = TinyConfigs.withQkvBias(TinyConfigs.of(type, 3, 128, 2, 5, 24, 8, 6),
                    type != AttentionType.JOINT_SPACE_TIME, 1e-6);
            Map<String, RawTensor> w = RandomWeights.generate(c, 5);
            Path pyth = dir.resolve(type + ".pyth");
            CheckpointWriters.writeTorchZip(pyth, CheckpointWriters.toFacebookNames(w), TorchOptions.facebook());
            CheckpointLoader.LoadedCheckpoint ck = CheckpointLoader.load(pyth, 0);
            TimeSformerConfig inferred = ck.config();
            assertThat(ck.format()).isEqualTo("facebookresearch");
            assertThat(inferred.attentionType()).isEqualTo(type);
            assertThat(inferred.numLayers()).isEqualTo(3);
            assertThat(inferred.hiddenSize()).isEqualTo(128);
            assertThat(inferred.numHeads()).isEqualTo(2);
            assertThat(inferred.intermediateSize()).isEqualTo(256);
            assertThat(inferred.imageSize()).isEqualTo(24);
            assertThat(inferred.patchSize()).isEqualTo(8);
            assertThat(inferred.numFrames()).isEqualTo(type == AttentionType.SPACE_ONLY ? 8 : 5);
            assertThat(inferred.numLabels()).isEqualTo(6);
            assertThat(inferred.labels()).containsExactly("LABEL_0", "LABEL_1", "LABEL_2", "LABEL_3", "LABEL_4", "LABEL_5");
            assertThat(inferred.qkvBias()).isEqualTo(type != AttentionType.JOINT_SPACE_TIME);
            assertThat(ck.preprocess().cropSize()).isEqualTo(24);
            assertThat(ck.weights().keySet()).containsExactlyInAnyOrderElementsOf(WeightLayout.expectedShapes(c).keySet());
        }
    }

    @Test
    void prefixesAndBareStateDictsAreAccepted() throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        Map<String, RawTensor> fb = CheckpointWriters.toFacebookNames(RandomWeights.generate(c, 6));
        Path bare = dir.resolve("bare.pth");
        CheckpointWriters.writeTorchZip(bare, fb, TorchOptions.facebook().withWrap(null, ""));
        Path dp = dir.resolve("dp.pth");
        CheckpointWriters.writeTorchZip(dp, fb, TorchOptions.facebook().withWrap("model_state", "module.model."));
        Path st = dir.resolve("fb.safetensors"); // facebookresearch names in safetensors need no config either
        CheckpointWriters.writeSafetensors(st, fb, TensorDType.F32);
        float[] clip = RandomWeights.clip(7, 4, 3, 16, 16);
        ForwardResult a = run(bare, new LoadOptions("cpu", 3), clip, 4, 16);
        assertIdentical(a, run(dp, new LoadOptions("cpu", 3), clip, 4, 16));
        assertIdentical(a, run(st, new LoadOptions("cpu", 3), clip, 4, 16));
    }

    @Test
    void headsThatCannotBeInferredAskForTheOption() throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME); // hidden 24
        Path pyth = dir.resolve("small.pyth");
        CheckpointWriters.writeTorchZip(pyth, CheckpointWriters.toFacebookNames(RandomWeights.generate(c, 8)),
                TorchOptions.facebook());
        assertThatThrownBy(() -> CheckpointLoader.load(pyth, 0)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("small.pyth").hasMessageContaining("--heads");
        assertThatThrownBy(() -> CheckpointLoader.load(pyth, 5)).hasMessageContaining("not divisible by 5");
    }

    @Test
    void missingUnexpectedAndMisShapedTensorsAreReportedTogether() throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        Map<String, RawTensor> w = new LinkedHashMap<>(RandomWeights.generate(c, 9));
        w.remove(WeightLayout.layer(1) + "temporal_dense.bias");
        w.remove(WeightLayout.CLASSIFIER + "bias");
        w.put(WeightLayout.POSITION, RawTensor.ofFloats(WeightLayout.POSITION, new long[] {1, 7, 24}, new float[7 * 24]));
        w.put("timesformer.extra.weight", RawTensor.ofFloats("timesformer.extra.weight", new long[] {2}, new float[2]));
        Path st = CheckpointWriters.writeHfFolder(dir.resolve("broken"), c, w, true, TensorDType.F32);
        assertThatThrownBy(() -> CheckpointLoader.load(st, 0)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("2 missing")
                .hasMessageContaining("timesformer.encoder.layer.1.temporal_dense.bias (expected (24))")
                .hasMessageContaining("classifier.bias (expected (5))")
                .hasMessageContaining("1 mis-shaped")
                .hasMessageContaining("timesformer.embeddings.position_embeddings: found (1, 7, 24), expected (1, 5, 24)")
                .hasMessageContaining("1 unexpected")
                .hasMessageContaining("timesformer.extra.weight (2)");
        // facebookresearch names are shown as stored, with the HF name beside them
        Map<String, RawTensor> fb = new LinkedHashMap<>(CheckpointWriters.toFacebookNames(RandomWeights.generate(c, 9)));
        fb.put("blocks.0.mlp.fc2.weight", RawTensor.ofFloats("blocks.0.mlp.fc2.weight", new long[] {24, 24}, new float[576]));
        fb.remove("blocks.1.norm2.bias");
        Path pyth = dir.resolve("broken.pyth");
        CheckpointWriters.writeTorchZip(pyth, fb, TorchOptions.facebook());
        assertThatThrownBy(() -> CheckpointLoader.load(pyth, 3))
                .hasMessageContaining("blocks.0.mlp.fc2.weight (= timesformer.encoder.layer.0.output.dense.weight): found (24, 24), expected (24, 48)")
                .hasMessageContaining("timesformer.encoder.layer.1.layernorm_after.bias (expected (24))");
    }

    @Test
    void integerWeightsAreReportedAsWrongDtype() throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.SPACE_ONLY);
        Path folder = CheckpointWriters.writeHfFolder(dir.resolve("int"), c, RandomWeights.generate(c, 10), true, TensorDType.F32);
        // rewrite with the classifier bias as I32
        Map<String, RawTensor> w = new LinkedHashMap<>(SafetensorsReader.read(folder.resolve("model.safetensors")));
        StringBuilder header = new StringBuilder("{");
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (RawTensor t : w.values()) {
            byte[] b = new byte[t.data().remaining()];
            t.data().get(b);
            String dt = t.name().equals("classifier.bias") ? "I32" : "F32";
            header.append(header.length() > 1 ? "," : "").append('"').append(t.name()).append("\":{\"dtype\":\"").append(dt)
                    .append("\",\"shape\":").append(java.util.Arrays.toString(t.shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(data.size()).append(',').append(data.size() + b.length).append("]}");
            data.write(b);
        }
        header.append('}');
        CheckpointWriters.writeSafetensorsRaw(folder.resolve("model.safetensors"), header.toString(), data.toByteArray());
        assertThatThrownBy(() -> CheckpointLoader.load(folder, 0)).hasMessageContaining("wrong dtype")
                .hasMessageContaining("classifier.bias: dtype I32");
    }

    @Test
    void folderResolutionRules() throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.JOINT_SPACE_TIME);
        Map<String, RawTensor> w1 = RandomWeights.generate(c, 11);
        Map<String, RawTensor> w2 = RandomWeights.generate(c, 12);
        Path both = CheckpointWriters.writeHfFolder(dir.resolve("both"), c, w1, true, TensorDType.F32);
        CheckpointWriters.writeTorchZip(both.resolve("pytorch_model.bin"), w2, TorchOptions.hf());
        float[] clip = RandomWeights.clip(13, 4, 3, 16, 16);
        CheckpointLoader.LoadedCheckpoint ck = CheckpointLoader.load(both, 0);
        assertThat(ck.weightsFile().getFileName().toString()).isEqualTo("model.safetensors");
        assertThat(ck.format()).isEqualTo("safetensors");
        assertThat(ck.weights().get("classifier.bias").toFloatArray()).containsExactly(w1.get("classifier.bias").toFloatArray());
        assertThat(CheckpointLoader.load(both.resolve("pytorch_model.bin"), 0).weights().get("classifier.bias").toFloatArray())
                .containsExactly(w2.get("classifier.bias").toFloatArray());
        assertThat(run(both, CPU, clip, 4, 16).logits()).isNotEqualTo(run(both.resolve("pytorch_model.bin"), CPU, clip, 4, 16).logits());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> CheckpointLoader.load(empty, 0)).hasMessageContaining("neither model.safetensors nor pytorch_model.bin");
        Files.writeString(empty.resolve("model.safetensors.index.json"), "{}");
        assertThatThrownBy(() -> CheckpointLoader.load(empty, 0)).hasMessageContaining("sharded");

        Path lonely = dir.resolve("lonely");
        Files.createDirectories(lonely);
        CheckpointWriters.writeSafetensors(lonely.resolve("model.safetensors"), w1, TensorDType.F32);
        assertThatThrownBy(() -> CheckpointLoader.load(lonely.resolve("model.safetensors"), 0))
                .hasMessageContaining("config.json").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> CheckpointLoader.load(dir.resolve("missing"), 0)).hasMessageContaining("no such file");
        assertThatThrownBy(() -> TimeSformer.load(both, new LoadOptions("tpu", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tpu");
    }

    @Test
    void gpuRequestWithoutGpuFallsBackToCpuWithAWarning() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() == 0, "a GPU is present");
        assertThat(Engines.selectDevice("auto").device()).isEqualTo(ai.djl.Device.cpu());
        assertThat(Engines.selectDevice("auto").warning()).isNull();
        Engines.DeviceChoice gpu = Engines.selectDevice("GPU");
        assertThat(gpu.device()).isEqualTo(ai.djl.Device.cpu());
        assertThat(gpu.warning()).contains("GPU requested").contains("using the CPU");
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.SPACE_ONLY);
        Path f = CheckpointWriters.writeHfFolder(dir.resolve("g"), c, RandomWeights.generate(c, 17), true, TensorDType.F32);
        try (TimeSformer m = TimeSformer.load(f, new LoadOptions("gpu", 0))) {
            assertThat(m.deviceName()).isEqualTo("cpu()");
            assertThat(m.deviceWarning()).contains("GPU requested");
        }
    }

    @Test
    void hfFolderPreprocessingAndLabelsAreRead() throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        Path f = CheckpointWriters.writeHfFolder(dir.resolve("pre"), c, RandomWeights.generate(c, 14), true, TensorDType.F32);
        Files.writeString(f.resolve("preprocessor_config.json"), "{\"size\": {\"shortest_edge\": 20}, \"crop_size\": "
                + "{\"height\": 16, \"width\": 16}, \"image_mean\": [0.5, 0.5, 0.5], \"image_std\": [0.5, 0.5, 0.5]}");
        try (TimeSformer m = TimeSformer.load(f, CPU)) {
            assertThat(m.preprocess().shortestEdge()).isEqualTo(20);
            assertThat(m.preprocess().cropSize()).isEqualTo(16);
            assertThat(m.preprocess().mean()).containsExactly(0.5f, 0.5f, 0.5f);
            assertThat(m.config().labels()).containsExactlyElementsOf(c.labels());
            assertThat(m.weightsFile()).isEqualTo(f.resolve("model.safetensors").toAbsolutePath());
        }
    }

    @Test
    void savedNetworkReloadsAsAnHfFolder() throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        float[] clip = RandomWeights.clip(15, 4, 3, 16, 16);
        Path out = dir.resolve("saved");
        ForwardResult before;
        try (TimeSformer m = TimeSformer.of(TimeSformerNet.fromTensors(c,
                ai.djl.ndarray.NDManager.newBaseManager(ai.djl.Device.cpu()), RandomWeights.generate(c, 16)),
                PreprocessConfig.defaults(16), out)) {
            before = m.forward(clip, 4, 16, 16, true, false);
            m.net().save(out, PreprocessConfig.defaults(16));
        }
        byte[] file = Files.readAllBytes(out.resolve("model.safetensors"));
        long headerLen = java.nio.ByteBuffer.wrap(file, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat((8 + headerLen) % 8).as("data section 8-byte aligned").isZero();
        assertThat(new String(file, 8, (int) headerLen, java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"__metadata__\":{\"format\":\"pt\"}"); // transformers refuses files without it
        try (TimeSformer m = TimeSformer.load(out, CPU)) {
            assertThat(m.config()).isEqualTo(c);
            assertIdentical(before, m.forward(clip, 4, 16, 16, true, false));
        }
    }
}
