package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.RawTensor;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.ReferenceTimeSformer;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.rollout.DenseOracle;
import org.spacetimelens.rollout.HeadFusion;
import org.spacetimelens.rollout.MapNormalization;
import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.rollout.RolloutParams;

/**
 * {@code export} end to end on tiny random checkpoints: maps.npz against the scalar HF reference forward
 * pass and the dense rollout oracle; params.json against what was run.
 */
class ExportCommandTest {

    @TempDir
    Path dir;

    record Case(TimeSformerConfig config, Map<String, RawTensor> weights, float[] clip, int frames, int height,
            int width, Path model, Path clipFile) {
    }

    Case tiny(AttentionType type, long seed, int frames, int height, int width) throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(type);
        Map<String, RawTensor> w = RandomWeights.generate(c, seed);
        float[] clip = RandomWeights.clip(seed + 1, frames, 3, height, width);
        Path model = TinyModels.hfFolder(dir.resolve("model-" + type + seed), c, w);
        Path clipFile = TinyModels.clip(dir.resolve("clip" + seed + ".npy"), clip, frames, height, width);
        return new Case(c, w, clip, frames, height, width, model, clipFile);
    }

    @Test
    void dividedExportMatchesReferenceForwardAndDenseRollout() throws Exception {
        Case k = tiny(AttentionType.DIVIDED_SPACE_TIME, 21, 3, 16, 24); // T=3, grid 2×3 (resized embeddings)
        Path out = dir.resolve("out");
        CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", k.model().toString(), "--clip",
                k.clipFile().toString(), "--out", out.toString(), "--fusion", "max", "--discard-ratio", "0.2",
                "--query", "1,2,0", "--normalization", "per-frame");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("maps.npz").contains("params.json");

        Map<String, long[]> shapes = new HashMap<>();
        Map<String, float[]> npz = TinyModels.readNpz(out.resolve("maps.npz"), shapes);
        assertThat(npz.keySet()).containsExactlyInAnyOrder("logits", "rollout", "rollout_raw", "frame_indices",
                "timestamps", "spatial_attention", "temporal_attention");
        assertThat(shapes.get("logits")).containsExactly(5);
        assertThat(shapes.get("rollout")).containsExactly(3, 2, 3);
        assertThat(shapes.get("rollout_raw")).containsExactly(3, 2, 3);
        assertThat(shapes.get("spatial_attention")).containsExactly(2, 3, 3, 7, 7);
        assertThat(shapes.get("temporal_attention")).containsExactly(2, 6, 3, 3, 3);

        ReferenceTimeSformer.Result ref = new ReferenceTimeSformer(k.config(), k.weights())
                .forward(k.clip(), k.frames(), k.height(), k.width());
        assertClose(npz.get("logits"), ref.logits(), 1e-4, "logits");
        for (int l = 0; l < 2; l++) {
            assertClose(slice(npz.get("spatial_attention"), l, 2), ref.spatial()[l], 1e-4, "spatial " + l);
            assertClose(slice(npz.get("temporal_attention"), l, 2), ref.temporal()[l], 1e-4, "temporal " + l);
        }
        RolloutParams params = RolloutParams.defaults().withFusion(HeadFusion.MAX).withDiscardRatio(0.2)
                .withQuery(QueryToken.patch(1, 2, 0)).withNormalization(MapNormalization.PER_FRAME);
        DenseOracle.Maps expected = DenseOracle.divided(TinyModels.record(k.config(), ref, 3, 2, 3), params);
        assertClose(npz.get("rollout"), expected.values(), 1e-4, "rollout");
        assertClose(npz.get("rollout_raw"), expected.raw(), 1e-4, "rollout_raw");

        JsonNode json = new ObjectMapper().readTree(out.resolve("params.json").toFile());
        Path weights = k.model().resolve("model.safetensors");
        assertThat(json.at("/checkpoint/sha256").asText()).isEqualTo(sha256(weights));
        assertThat(json.at("/checkpoint/weightsFile").asText()).isEqualTo(weights.toAbsolutePath().toString());
        assertThat(json.at("/clip/sha256").asText()).isEqualTo(sha256(k.clipFile()));
        assertThat(json.at("/clip/shape").toString()).isEqualTo("[3,3,16,24]");
        assertThat(json.at("/config/numLayers").asInt()).isEqualTo(2);
        assertThat(json.at("/config/attentionType").asText()).isEqualTo("DIVIDED_SPACE_TIME");
        assertThat(new ObjectMapper().treeToValue(json.get("rollout"), RolloutParams.class)).isEqualTo(params);
        assertThat(json.at("/run/device").asText()).startsWith("cpu");
        assertThat(json.at("/run/attentionStorage").asText()).isEqualTo("float32");
        assertThat(json.at("/versions/djl").asText()).isEqualTo("0.32.0");
        assertThat(json.at("/versions/engine").asText()).startsWith("PyTorch");
        assertThat(json.at("/outputs/maps.npz/rollout").toString()).isEqualTo("[3,2,3]");
    }

    @Test
    void fp16AndNoAttentions() throws Exception {
        Case k = tiny(AttentionType.DIVIDED_SPACE_TIME, 31, 4, 16, 16);
        Path full = dir.resolve("full");
        Path half = dir.resolve("half");
        assertThat(CliErrorsTest.run("export", "--model", k.model().toString(), "--clip", k.clipFile().toString(),
                "--out", full.toString()).code()).isZero();
        CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", k.model().toString(), "--clip",
                k.clipFile().toString(), "--out", half.toString(), "--fp16", "--no-attentions");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, float[]> a = TinyModels.readNpz(full.resolve("maps.npz"), new HashMap<>());
        Map<String, float[]> b = TinyModels.readNpz(half.resolve("maps.npz"), new HashMap<>());
        assertThat(b.keySet()).containsExactlyInAnyOrder("logits", "rollout", "rollout_raw", "frame_indices",
                "timestamps");
        assertThat(b.get("logits")).containsExactly(a.get("logits"));
        for (int i = 0; i < a.get("rollout").length; i++) {
            assertThat(b.get("rollout")[i]).isCloseTo(a.get("rollout")[i], within(1e-3f));
        }
        JsonNode json = new ObjectMapper().readTree(half.resolve("params.json").toFile());
        assertThat(json.at("/run/attentionStorage").asText()).isEqualTo("float16");
        assertThat(json.at("/run/attentionsWritten").asBoolean()).isFalse();
    }

    @Test
    void jointAndSpaceOnlyExportTheirLayouts() throws Exception {
        for (AttentionType type : List.of(AttentionType.JOINT_SPACE_TIME, AttentionType.SPACE_ONLY)) {
            Case k = tiny(type, 41, 2, 16, 16);
            Path out = dir.resolve("out-" + type);
            CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", k.model().toString(), "--clip",
                    k.clipFile().toString(), "--out", out.toString());
            assertThat(r.code()).as(r.err()).isZero();
            Map<String, long[]> shapes = new HashMap<>();
            Map<String, float[]> npz = TinyModels.readNpz(out.resolve("maps.npz"), shapes);
            assertThat(npz).doesNotContainKey("temporal_attention");
            assertThat(shapes.get("spatial_attention")).containsExactly(type == AttentionType.JOINT_SPACE_TIME
                    ? new long[] {2, 1, 3, 9, 9} : new long[] {2, 2, 3, 5, 5});
            ReferenceTimeSformer.Result ref = new ReferenceTimeSformer(k.config(), k.weights())
                    .forward(k.clip(), 2, 16, 16);
            var rec = TinyModels.record(k.config(), ref, 2, 2, 2);
            DenseOracle.Maps expected = type == AttentionType.JOINT_SPACE_TIME
                    ? DenseOracle.joint(rec, RolloutParams.defaults()) : DenseOracle.spaceOnly(rec, RolloutParams.defaults());
            assertClose(npz.get("rollout"), expected.values(), 1e-4, type + " rollout");
        }
    }

    @Test
    void optionsThatDoNotFitTheModelFailBeforeTheForwardPass() throws Exception {
        Case k = tiny(AttentionType.DIVIDED_SPACE_TIME, 51, 2, 16, 16);
        CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", k.model().toString(), "--clip",
                k.clipFile().toString(), "--out", dir.resolve("o").toString(), "--up-to-layer", "5");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("export: error: upToLayer 5 is out of range: the model has 2 layers (0..1)");
        r = CliErrorsTest.run("export", "--model", k.model().toString(), "--clip", k.clipFile().toString(), "--out",
                dir.resolve("o").toString(), "--query", "0,2,0");
        assertThat(r.err()).contains("outside the clip's token grid");
    }

    /** Array l of a stack of {@code count} equal arrays. */
    static float[] slice(float[] stacked, int l, int count) {
        int n = stacked.length / count;
        return java.util.Arrays.copyOfRange(stacked, l * n, (l + 1) * n);
    }

    static void assertClose(float[] actual, double[] expected, double tol, String what) {
        assertThat(actual).as(what).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as(what + " [" + i + "]").isCloseTo(expected[i], within(tol));
        }
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
