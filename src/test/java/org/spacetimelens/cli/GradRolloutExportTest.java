package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spacetimelens.cli.ExportCommandTest.assertClose;
import static org.spacetimelens.cli.ExportCommandTest.slice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.testing.ReferenceTimeSformer;
import org.spacetimelens.rollout.DenseOracle;
import org.spacetimelens.rollout.GradDenseOracle;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;

/**
 * {@code export --method grad-rollout} end to end on tiny random checkpoints, against an implementation
 * independent of the engine: attention from the double-precision reference forward pass, gradients by
 * central finite differences of the target on it, and the map from the literal dense oracle.
 */
class GradRolloutExportTest {
    private static final double H = 1e-4;

    @TempDir
    Path dir;

    @Test
    void dividedWithContrastMatchesFiniteDifferencesAndDenseOracle() throws Exception {
        ExportCommandTest t = new ExportCommandTest();
        t.dir = dir;
        ExportCommandTest.Case k = t.tiny(AttentionType.DIVIDED_SPACE_TIME, 31, 3, 16, 24);
        Path out = dir.resolve("out");
        CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", k.model().toString(), "--clip",
                k.clipFile().toString(), "--out", out.toString(), "--method", "grad-rollout", "--target-class", "3",
                "--contrast-class", "class_1");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, long[]> shapes = new HashMap<>();
        Map<String, float[]> npz = TinyModels.readNpz(out.resolve("maps.npz"), shapes);
        assertThat(shapes.get("spatial_attention_grad")).containsExactly(2, 3, 3, 7, 7);
        assertThat(shapes.get("temporal_attention_grad")).containsExactly(2, 6, 3, 3, 3);

        ReferenceTimeSformer ref = new ReferenceTimeSformer(k.config(), k.weights());
        ReferenceTimeSformer.Result base = ref.forward(k.clip(), 3, 16, 24);
        float[][] gs = new float[2][];
        float[][] gt = new float[2][];
        for (int l = 0; l < 2; l++) {
            double[] fdS = finiteDifferences(ref, k, l, false, base.spatial()[l].length, 3, 1);
            double[] fdT = finiteDifferences(ref, k, l, true, base.temporal()[l].length, 3, 1);
            assertClose(slice(npz.get("spatial_attention_grad"), l, 2), fdS, 1e-4, "spatial grad " + l);
            assertClose(slice(npz.get("temporal_attention_grad"), l, 2), fdT, 1e-4, "temporal grad " + l);
            gs[l] = TinyModels.toFloat(fdS);
            gt[l] = TinyModels.toFloat(fdT);
        }
        AttentionRecord rec = TinyModels.record(k.config(), base, 3, 2, 3);
        AttentionGradients g = new AttentionGradients(AttentionType.DIVIDED_SPACE_TIME, 3, 2, 3, 3, gs, gt, 3, 1);
        DenseOracle.Maps expected = GradDenseOracle.divided(rec, g,
                RolloutParams.defaults().withMethod(RolloutMethod.GRAD_ROLLOUT));
        assertClose(npz.get("rollout"), expected.values(), 1e-4, "rollout");
        assertClose(npz.get("rollout_raw"), expected.raw(), 1e-4, "rollout_raw");
        // a class map, not the plain rollout
        DenseOracle.Maps plain = DenseOracle.divided(rec, RolloutParams.defaults());
        double diff = 0;
        for (int i = 0; i < plain.values().length; i++) {
            diff = Math.max(diff, Math.abs(plain.values()[i] - expected.values()[i]));
        }
        assertThat(diff).isGreaterThan(1e-3);

        JsonNode json = new ObjectMapper().readTree(out.resolve("params.json").toFile());
        assertThat(json.at("/rollout/method").asText()).isEqualTo("GRAD_ROLLOUT");
        assertThat(json.at("/classTarget/target/index").asInt()).isEqualTo(3);
        assertThat(json.at("/classTarget/target/label").asText()).isEqualTo("class_3");
        assertThat(json.at("/classTarget/contrast/index").asInt()).isEqualTo(1);
        assertThat(json.at("/classTarget/contrastAsked").asText()).isEqualTo("class_1");
        assertThat(json.at("/replay").toString()).contains("\"--method\",\"grad-rollout\"")
                .contains("\"--target-class\",\"3\"").contains("\"--contrast-class\",\"class_1\"");

        // the replay reproduces the maps exactly
        Path again = dir.resolve("again");
        CliErrorsTest.Result rr = CliErrorsTest.run("export", "--replay", out.resolve("params.json").toString(),
                "--out", again.toString());
        assertThat(rr.code()).as(rr.err()).isZero();
        Map<String, float[]> npz2 = TinyModels.readNpz(again.resolve("maps.npz"), new HashMap<>());
        assertThat(npz2.get("rollout")).containsExactly(npz.get("rollout"));
        assertThat(npz2.get("temporal_attention_grad")).containsExactly(npz.get("temporal_attention_grad"));
    }

    @Test
    void spaceOnlyTopClassAndNoAttentions() throws Exception {
        ExportCommandTest t = new ExportCommandTest();
        t.dir = dir;
        ExportCommandTest.Case k = t.tiny(AttentionType.SPACE_ONLY, 41, 2, 16, 16);
        Path out = dir.resolve("out");
        CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", k.model().toString(), "--clip",
                k.clipFile().toString(), "--out", out.toString(), "--method", "grad-rollout");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, long[]> shapes = new HashMap<>();
        Map<String, float[]> npz = TinyModels.readNpz(out.resolve("maps.npz"), shapes);
        assertThat(shapes).containsKey("spatial_attention_grad").doesNotContainKey("temporal_attention_grad");
        ReferenceTimeSformer ref = new ReferenceTimeSformer(k.config(), k.weights());
        ReferenceTimeSformer.Result base = ref.forward(k.clip(), 2, 16, 16);
        int top = 0;
        for (int i = 1; i < base.logits().length; i++) {
            top = base.logits()[i] > base.logits()[top] ? i : top;
        }
        float[][] gs = new float[2][];
        for (int l = 0; l < 2; l++) {
            double[] fd = finiteDifferences(ref, k, l, false, base.spatial()[l].length, top, -1);
            assertClose(slice(npz.get("spatial_attention_grad"), l, 2), fd, 1e-4, "spatial grad " + l);
            gs[l] = TinyModels.toFloat(fd);
        }
        AttentionRecord rec = TinyModels.record(k.config(), base, 2, 2, 2);
        AttentionGradients g = new AttentionGradients(AttentionType.SPACE_ONLY, 2, 2, 2, 3, gs, null, top, -1);
        DenseOracle.Maps expected = GradDenseOracle.spaceOnly(rec, g,
                RolloutParams.defaults().withMethod(RolloutMethod.GRAD_ROLLOUT));
        assertClose(npz.get("rollout"), expected.values(), 1e-4, "rollout");
        assertClose(npz.get("rollout_raw"), expected.raw(), 1e-4, "rollout_raw");
        JsonNode json = new ObjectMapper().readTree(out.resolve("params.json").toFile());
        assertThat(json.at("/classTarget/target/index").asInt()).isEqualTo(top);
        assertThat(json.at("/classTarget/targetAsked").asText()).isEqualTo("top");
        assertThat(json.at("/classTarget/contrast").isNull()).isTrue();

        Path bare = dir.resolve("bare");
        CliErrorsTest.Result r2 = CliErrorsTest.run("export", "--model", k.model().toString(), "--clip",
                k.clipFile().toString(), "--out", bare.toString(), "--method", "grad-rollout", "--no-attentions");
        assertThat(r2.code()).as(r2.err()).isZero();
        Map<String, long[]> bareShapes = new HashMap<>();
        TinyModels.readNpz(bare.resolve("maps.npz"), bareShapes);
        assertThat(bareShapes).doesNotContainKeys("spatial_attention_grad", "spatial_attention");
    }

    @Test
    void badClassOptionsFailWithOneLine() throws Exception {
        ExportCommandTest t = new ExportCommandTest();
        t.dir = dir;
        ExportCommandTest.Case k = t.tiny(AttentionType.DIVIDED_SPACE_TIME, 51, 2, 16, 16);
        String[] base = {"export", "--model", k.model().toString(), "--clip", k.clipFile().toString(), "--out",
            dir.resolve("o").toString()};
        CliErrorsTest.Result noGrad = CliErrorsTest.run(concat(base, "--target-class", "2"));
        assertThat(noGrad.code()).isEqualTo(1);
        assertThat(noGrad.err()).contains("grad-rollout");
        CliErrorsTest.Result badLabel = CliErrorsTest.run(concat(base, "--method", "grad-rollout", "--target-class",
                "no_such_class"));
        assertThat(badLabel.code()).isEqualTo(1);
        assertThat(badLabel.err()).contains("no_such_class").contains("label");
        assertThat(badLabel.err().strip().lines().count()).isEqualTo(1);
        CliErrorsTest.Result range = CliErrorsTest.run(concat(base, "--method", "grad-rollout", "--contrast-class",
                "9"));
        assertThat(range.code()).isEqualTo(1);
        assertThat(range.err()).contains("out of range");
        CliErrorsTest.Result discard = CliErrorsTest.run(concat(base, "--method", "grad-rollout", "--discard-ratio",
                "0.3"));
        assertThat(discard.code()).isEqualTo(1);
        assertThat(discard.err()).contains("discard");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Central differences of logit[target] − logit[contrast] for every probability of one layer's block. */
    static double[] finiteDifferences(ReferenceTimeSformer ref, ExportCommandTest.Case k, int layer,
            boolean temporal, int size, int target, int contrast) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            double[] up = ref.forward(k.clip(), k.frames(), k.height(), k.width(),
                    new ReferenceTimeSformer.Perturbation(layer, temporal, i, H)).logits();
            double[] down = ref.forward(k.clip(), k.frames(), k.height(), k.width(),
                    new ReferenceTimeSformer.Perturbation(layer, temporal, i, -H)).logits();
            double y = up[target] - down[target] - (contrast >= 0 ? up[contrast] - down[contrast] : 0);
            out[i] = y / (2 * H);
        }
        return out;
    }
}
