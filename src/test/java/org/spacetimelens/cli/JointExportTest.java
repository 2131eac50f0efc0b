package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.JointConfig;
import org.spacetimelens.model.RawTensor;
import org.spacetimelens.model.TensorDType;
import org.spacetimelens.model.testing.JointCheckpoints;
import org.spacetimelens.model.testing.ReferenceJoint;
import org.spacetimelens.rollout.DenseOracle;
import org.spacetimelens.rollout.HeadFusion;
import org.spacetimelens.rollout.JointRolloutTest;
import org.spacetimelens.rollout.MapNormalization;
import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.rollout.RolloutParams;

/**
 * {@code export} and {@code predict} on tiny random VideoMAE and ViViT checkpoints: maps.npz against the
 * scalar reference forward pass and the dense joint rollout oracle; shapes (t', gh, gw) and (L, heads, N, N).
 */
class JointExportTest {

    @TempDir
    Path dir;

    record Case(JointConfig config, Map<String, RawTensor> weights, float[] clip, Path model, Path clipFile) {
    }

    Case tiny(JointConfig c, long seed) throws Exception {
        Map<String, RawTensor> w = JointCheckpoints.weights(c, seed);
        float[] clip = JointCheckpoints.clip(c, seed + 1);
        Path model = JointCheckpoints.writeHfFolder(dir.resolve("model" + seed), c, w, true, TensorDType.F32, null);
        Path clipFile = TinyModels.clip(dir.resolve("clip" + seed + ".npy"), clip, c.numFrames(), c.imageSize(),
                c.imageWidth());
        return new Case(c, w, clip, model, clipFile);
    }

    void exportMatchesReference(JointConfig c, long seed, RolloutParams params, String... options) throws Exception {
        Case k = tiny(c, seed);
        Path out = dir.resolve("out" + seed);
        List<String> args = new java.util.ArrayList<>(List.of("export", "--model", k.model().toString(), "--clip",
                k.clipFile().toString(), "--out", out.toString(), "--format", "npz,png,sheet"));
        args.addAll(List.of(options));
        CliErrorsTest.Result r = CliErrorsTest.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("sheet.png")).exists();
        try (var pngs = Files.list(out.resolve("overlays"))) {
            assertThat(pngs.count()).as("one overlay per sampled frame in a tubelet")
                    .isEqualTo((long) c.slots() * c.tubeletSize());
        }

        Map<String, long[]> shapes = new HashMap<>();
        Map<String, float[]> npz = TinyModels.readNpz(out.resolve("maps.npz"), shapes);
        assertThat(npz.keySet()).containsExactlyInAnyOrder("logits", "rollout", "rollout_raw", "attention",
                "frame_indices", "timestamps");
        int slots = c.slots();
        int gh = c.gridH();
        int gw = c.gridW();
        int n = c.tokens();
        assertThat(shapes.get("rollout")).containsExactly(slots, gh, gw);
        assertThat(shapes.get("rollout_raw")).containsExactly(slots, gh, gw);
        assertThat(shapes.get("attention")).containsExactly(c.numLayers(), c.numHeads(), n, n);
        assertThat(shapes.get("frame_indices")).containsExactly(c.numFrames());
        assertThat(shapes.get("timestamps")).containsExactly(c.numFrames());

        ReferenceJoint.Result ref = new ReferenceJoint(c, k.weights()).forward(k.clip(), c.numFrames(), c.imageSize(),
                c.imageWidth());
        ExportCommandTest.assertClose(npz.get("logits"), ref.logits(), 1e-4, "logits");
        float[][] att = new float[c.numLayers()][];
        for (int l = 0; l < c.numLayers(); l++) {
            float[] layer = ExportCommandTest.slice(npz.get("attention"), l, c.numLayers());
            ExportCommandTest.assertClose(layer, ref.attention()[l], 1e-5, "attention " + l);
            att[l] = TinyModels.toFloat(ref.attention()[l]);
        }
        AttentionRecord rec = AttentionRecord.ofJoint(c.layout(), slots, gh, gw, c.numHeads(), att);
        DenseOracle.Maps expected = JointRolloutTest.oracle(rec, params);
        ExportCommandTest.assertClose(npz.get("rollout"), expected.values(), 1e-5, "rollout");
        ExportCommandTest.assertClose(npz.get("rollout_raw"), expected.raw(), 1e-5, "rollout_raw");

        JsonNode json = new ObjectMapper().readTree(out.resolve("params.json").toFile());
        assertThat(json.at("/config/family").asText()).isEqualTo(c.family().name());
        assertThat(json.at("/outputs/maps.npz/rollout").toString()).isEqualTo("[" + slots + "," + gh + "," + gw + "]");
    }

    @Test
    void videoMaeDefaultRecipe() throws Exception {
        exportMatchesReference(JointCheckpoints.videoMae(), 71, RolloutParams.defaults());
    }

    @Test
    void videoMaeWithOptions() throws Exception {
        RolloutParams p = RolloutParams.defaults().withFusion(HeadFusion.MAX).withDiscardRatio(0.2)
                .withQuery(QueryToken.patch(1, 0, 1)).withNormalization(MapNormalization.PER_FRAME)
                .withResidualWeight(0.7).withStartLayer(1);
        exportMatchesReference(JointCheckpoints.videoMae(), 72, p, "--fusion", "max", "--discard-ratio", "0.2",
                "--query", "1,0,1", "--normalization", "per-frame", "--residual-weight", "0.7", "--start-layer", "1");
    }

    @Test
    void vivitDefaultRecipeAndHeadSelection() throws Exception {
        exportMatchesReference(JointCheckpoints.vivit(), 73, RolloutParams.defaults());
        exportMatchesReference(JointCheckpoints.vivit(), 74, RolloutParams.defaults().withHeads(1).withUpToLayer(0),
                "--select-heads", "1", "--up-to-layer", "0");
    }

    @Test
    void videoMaeNonSquareImage() throws Exception {
        JointConfig c = JointCheckpoints.reshaped(JointCheckpoints.videoMae(), 4, 16, 24, 8, 8); // grid 2x3
        exportMatchesReference(c, 78, RolloutParams.defaults());
        exportMatchesReference(c, 79, RolloutParams.defaults().withQuery(QueryToken.patch(1, 2, 1)), "--query", "1,2,1");
    }

    @Test
    void vivitNonSquarePatches() throws Exception {
        JointConfig c = JointCheckpoints.reshaped(JointCheckpoints.vivit(), 4, 16, 16, 8, 4); // grid 2x4
        exportMatchesReference(c, 80, RolloutParams.defaults().withQuery(QueryToken.patch(1, 3, 0)), "--query", "1,3,0");
    }

    @Test
    void framesInNoTubeletAreListedAndNotDrawn() throws Exception {
        exportMatchesReference(JointCheckpoints.reshaped(JointCheckpoints.videoMae(), 5, 16, 16, 8, 8), 81,
                RolloutParams.defaults());
        exportMatchesReference(JointCheckpoints.reshaped(JointCheckpoints.vivit(), 7, 16, 16, 8, 8), 82,
                RolloutParams.defaults().withQuery(QueryToken.patch(0, 1, 2)), "--query", "0,1,2");
    }

    @Test
    void queryBoundsFollowTheNonSquareTubeletGrid() throws Exception {
        Case k = tiny(JointCheckpoints.reshaped(JointCheckpoints.vivit(), 5, 16, 16, 8, 4), 83); // t' 2, grid 2x4
        for (String q : List.of("0,4,0", "2,0,0", "0,0,2")) {
            CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", k.model().toString(), "--clip",
                    k.clipFile().toString(), "--out", dir.resolve("q").toString(), "--query", q);
            assertThat(r.code()).as(q).isEqualTo(1);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("outside the clip's token grid (y < 2, x < 4, t < 2)");
        }
    }

    @Test
    void noAttentionsAndFloat16() throws Exception {
        Case k = tiny(JointCheckpoints.vivit(), 75);
        Path out = dir.resolve("half");
        CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", k.model().toString(), "--clip",
                k.clipFile().toString(), "--out", out.toString(), "--fp16", "--no-attentions");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, float[]> npz = TinyModels.readNpz(out.resolve("maps.npz"), new HashMap<>());
        assertThat(npz.keySet()).containsExactlyInAnyOrder("logits", "rollout", "rollout_raw", "frame_indices",
                "timestamps");
        JointConfig c = k.config();
        ReferenceJoint.Result ref = new ReferenceJoint(c, k.weights()).forward(k.clip(), c.numFrames(), c.imageSize(),
                c.imageWidth());
        float[][] att = new float[c.numLayers()][];
        for (int l = 0; l < att.length; l++) {
            att[l] = TinyModels.toFloat(ref.attention()[l]);
        }
        DenseOracle.Maps expected = JointRolloutTest.oracle(AttentionRecord.ofJoint(c.layout(), c.slots(),
                c.gridH(), c.gridW(), c.numHeads(), att), RolloutParams.defaults());
        ExportCommandTest.assertClose(npz.get("rollout"), expected.values(), 2e-3, "float16 rollout");
    }

    @Test
    void queryOutsideTheTubeletGridAndWrongClipFailWithOneLine() throws Exception {
        Case k = tiny(JointCheckpoints.videoMae(), 76);
        CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", k.model().toString(), "--clip",
                k.clipFile().toString(), "--out", dir.resolve("o").toString(), "--query", "0,0,2");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("outside the clip's token grid").contains("t < 2");
        Path shortClip = TinyModels.clip(dir.resolve("short.npy"), new float[2 * 3 * 16 * 16], 2, 16, 16);
        r = CliErrorsTest.run("export", "--model", k.model().toString(), "--clip", shortClip.toString(), "--out",
                dir.resolve("o2").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("VideoMAE takes 4 frames of 16x16");
    }

    @Test
    void predictPrintsReferenceProbabilities() throws Exception {
        for (JointConfig c : List.of(JointCheckpoints.videoMae(), JointCheckpoints.vivit())) {
            Case k = tiny(c, 77);
            CliErrorsTest.Result r = CliErrorsTest.run("predict", "--model", k.model().toString(), "--clip",
                    k.clipFile().toString(), "--top", "2");
            assertThat(r.code()).as(r.err()).isZero();
            double[] logits = new ReferenceJoint(c, k.weights()).forward(k.clip(), c.numFrames(), c.imageSize(),
                    c.imageWidth()).logits();
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (double v : logits) {
                max = Math.max(max, v);
            }
            for (double v : logits) {
                sum += Math.exp(v - max);
            }
            String first = r.out().strip().lines().findFirst().orElseThrow().trim();
            assertThat(Double.parseDouble(first.split("\\s+")[1])).isCloseTo(1 / sum, within(1e-4));
        }
    }
}
