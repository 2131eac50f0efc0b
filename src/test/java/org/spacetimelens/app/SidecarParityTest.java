package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.cli.Main;
import org.spacetimelens.pipeline.ExportFormat;
import org.spacetimelens.pipeline.Fingerprint;
import org.spacetimelens.pipeline.Provenance;
import org.spacetimelens.pipeline.Sidecar;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.HeadFusion;
import org.spacetimelens.rollout.RolloutParams;

/**
 * One sidecar for every writer: a viewer export and the CLI's {@code export} of the same inputs write
 * the same {@code params.json}, field by field, except for the fields that describe the act of writing
 * rather than what was computed ({@link #WRITER_FIELDS}). And a sidecar in the format written before
 * the {@code schema} field existed still replays.
 */
class SidecarParityTest {

    /**
     * JSON pointers that legitimately differ between two writers of the same export:
     * <ul>
     *   <li>{@code /command}: names the writer ("export" vs "viewer export");</li>
     *   <li>{@code /createdAt}: the time of writing;</li>
     *   <li>{@code /run/forwardSeconds}, {@code /run/seconds}: wall times of two different runs;</li>
     *   <li>the value after {@code --out} in {@code /replay}: each export names its own folder (the two
     *       exports must go to different folders to be compared at all).</li>
     * </ul>
     */
    static final List<String> WRITER_FIELDS = List.of("/command", "/createdAt", "/run/forwardSeconds",
            "/run/seconds");

    private static final int[] FRAMES = {1, 6, 12, 20};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Path model;
    private static Path video;

    @BeforeAll
    static void fixtures() throws Exception {
        model = ViewerFixtures.checkpoint(dir.resolve("model"), ViewerFixtures.tinyConfig(), 17);
        video = ViewerFixtures.frameFolder(dir.resolve("video"), 24, 64, 48);
    }

    private static final RolloutParams ROLLOUT = RolloutParams.builder().fusion(HeadFusion.MAX).heads(List.of(0, 2))
            .build();

    /** The viewer's export of {@link #FRAMES}, analysed with float16 or float32 attention. */
    private static Path viewerExport(boolean half, Path out) throws Exception {
        try (CoreBackend backend = new CoreBackend();
                ModelHandle m = backend.loadModel(model);
                VideoHandle v = backend.openVideo(video)) {
            ClipAnalysis a = backend.analyse(m, v, FRAMES, half, ProgressListener.NONE);
            ExportJob job = new ExportJob(v, m, a, new SamplingSettings(SamplingMode.UNIFORM, 1), ROLLOUT,
                    RenderOptions.defaults(), true);
            backend.export(job, Set.of(ExportFormat.NPZ, ExportFormat.SHEET), out, ProgressListener.NONE);
        }
        return out;
    }

    /** The CLI's export of the same inputs, every option written by hand (not taken from a sidecar). */
    private static Path cliExport(Path out) {
        int code = Main.commandLine().execute("export", "--model", model.toString(), "--clip", video.toString(),
                "--device", "cpu", "--frames", "1,6,12,20", "--fusion", "max", "--select-heads", "0,2",
                "--format", "npz,sheet", "--out", out.toString());
        assertThat(code).isZero();
        return out;
    }

    /**
     * A class-evidence export: the viewer's (with its own float32 gradients, or none so that the export computes
     * them, or a float16 view) and the CLI's {@code --method grad-rollout --target-class 3 --contrast-class 1}
     * write the same sidecar, {@code classTarget} included, and the same maps and gradients.
     */
    @Test
    void viewerAndCliWriteTheSameClassEvidenceSidecar() throws Exception {
        Path cliOut = dir.resolve("cli-grad");
        assertThat(Main.commandLine().execute("export", "--model", model.toString(), "--clip", video.toString(),
                "--device", "cpu", "--frames", "1,6,12,20", "--fusion", "max", "--select-heads", "0,2",
                "--method", "grad-rollout", "--target-class", "3", "--contrast-class", "1",
                "--format", "npz,sheet", "--out", cliOut.toString())).isZero();
        JsonNode cli = JSON.readTree(cliOut.resolve("params.json").toFile());
        assertThat(cli.at("/classTarget/target/index").asInt()).isEqualTo(3);
        RolloutParams grad = ROLLOUT.withMethod(org.spacetimelens.rollout.RolloutMethod.GRAD_ROLLOUT);
        for (int variant = 0; variant < 3; variant++) {
            boolean half = variant == 2;
            boolean ownGradients = variant == 0;
            Path out = dir.resolve("viewer-grad-" + variant);
            try (CoreBackend backend = new CoreBackend();
                    ModelHandle m = backend.loadModel(model);
                    VideoHandle v = backend.openVideo(video)) {
                ClipAnalysis a = backend.analyse(m, v, FRAMES, half, ProgressListener.NONE);
                org.spacetimelens.model.AttentionGradients g = ownGradients
                        ? backend.gradients(m, a, 3, 1, ProgressListener.NONE) : null;
                ExportJob job = new ExportJob(v, m, a, new SamplingSettings(SamplingMode.UNIFORM, 1), grad,
                        RenderOptions.defaults(), true, new org.spacetimelens.pipeline.ClassTarget("3", "1"), g);
                backend.export(job, Set.of(ExportFormat.NPZ, ExportFormat.SHEET), out, ProgressListener.NONE);
            }
            JsonNode viewer = JSON.readTree(out.resolve("params.json").toFile());
            List<String> differences = new ArrayList<>();
            compare("", withoutWriterFields(cli), withoutWriterFields(viewer), differences);
            assertThat(differences).as("class evidence, viewer variant " + variant + " vs CLI").isEmpty();
            for (String array : List.of("rollout", "rollout_raw", "spatial_attention_grad", "temporal_attention_grad")) {
                assertThat(npz(out.resolve("maps.npz"), array)).as(array + ", variant " + variant)
                        .containsExactly(npz(cliOut.resolve("maps.npz"), array), org.assertj.core.api.Assertions
                                .within(1e-6f));
            }
        }
    }

    @Test
    void viewerAndCliWriteTheSameSidecar() throws Exception {
        JsonNode cli = JSON.readTree(cliExport(dir.resolve("cli")).resolve("params.json").toFile());
        for (boolean half : new boolean[] {false, true}) {
            Path out = viewerExport(half, dir.resolve("viewer-" + half));
            JsonNode viewer = JSON.readTree(out.resolve("params.json").toFile());
            assertThat(viewer.get("schema").asInt()).isEqualTo(Sidecar.SCHEMA);
            assertThat(cli.get("command").asText()).isEqualTo(Sidecar.EXPORT);
            assertThat(viewer.get("command").asText()).isEqualTo(Sidecar.VIEWER_EXPORT);
            assertThat(replayOut(viewer)).isEqualTo(out.toAbsolutePath().normalize().toString());

            List<String> differences = new ArrayList<>();
            compare("", withoutWriterFields(cli), withoutWriterFields(viewer), differences);
            assertThat(differences).as("viewer (float16 view: " + half + ") vs CLI").isEmpty();
        }
    }

    /**
     * A screenshot's sidecar is the export's record: it differs only where a screenshot is not an export
     * folder — it names its {@code artefact}, wrote no maps ({@code run/attentionsWritten}, {@code outputs}),
     * has no export time ({@code run/seconds}) — besides the writer fields.
     */
    @Test
    void aScreenshotSidecarIsTheExportsRecord() throws Exception {
        Path shot = dir.resolve("shots").resolve("view.png");
        Path sidecar = dir.resolve("shots").resolve("view.params.json");
        Path exported = dir.resolve("shots-export");
        try (CoreBackend backend = new CoreBackend();
                ModelHandle m = backend.loadModel(model);
                VideoHandle v = backend.openVideo(video)) {
            ClipAnalysis a = backend.analyse(m, v, FRAMES, false, ProgressListener.NONE);
            ExportJob job = new ExportJob(v, m, a, new SamplingSettings(SamplingMode.UNIFORM, 1), ROLLOUT,
                    RenderOptions.defaults(), true);
            Files.createDirectories(shot.getParent());
            backend.writeSidecar(job, shot, sidecar);
            backend.export(job, Set.of(ExportFormat.NPZ, ExportFormat.SHEET), exported, ProgressListener.NONE);
        }
        JsonNode screenshot = JSON.readTree(sidecar.toFile());
        JsonNode export = JSON.readTree(exported.resolve("params.json").toFile());
        assertThat(screenshot.get("command").asText()).isEqualTo(Sidecar.VIEWER_SCREENSHOT);
        assertThat(screenshot.get("artefact").asText()).isEqualTo("view.png");
        assertThat(screenshot.at("/outputs/files/0").asText()).isEqualTo("view.png");
        assertThat(screenshot.at("/run/attentionsWritten").asBoolean()).isFalse();
        assertThat(screenshot.at("/run").has("seconds")).isFalse();
        ObjectNode a = (ObjectNode) withoutWriterFields(((ObjectNode) screenshot.deepCopy())
                .remove(List.of("artefact", "outputs")));
        ObjectNode b = (ObjectNode) withoutWriterFields(((ObjectNode) export.deepCopy()).remove(List.of("outputs")));
        ((ObjectNode) b.get("run")).remove("attentionsWritten");
        ((ObjectNode) a.get("run")).remove("attentionsWritten");
        List<String> differences = new ArrayList<>();
        compare("", b, a, differences);
        assertThat(differences).as("export vs screenshot (left: export, right: screenshot)").isEmpty();
    }

    @Test
    void aSidecarWithoutSchemaStillReplays() throws Exception {
        Path cliOut = cliExport(dir.resolve("reference"));
        String template;
        try (InputStream in = Sidecar.class.getResourceAsStream("params-schema1.json")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path weights = model.resolve("model.safetensors");
        Path old = dir.resolve("old.params.json");
        Files.writeString(old, template
                .replace("${MODEL}", model.toAbsolutePath().normalize().toString())
                .replace("${WEIGHTS}", weights.toAbsolutePath().normalize().toString())
                .replace("${SHA}", Provenance.sha256(weights))
                .replace("${CLIP}", video.toAbsolutePath().normalize().toString())
                .replace("${FINGERPRINT}", JSON.writeValueAsString(Fingerprint.of(video).describe()))
                .replace("${OUT}", dir.resolve("nowhere").toString()));
        assertThat(JSON.readTree(old.toFile()).has("schema")).isFalse();

        Sidecar.Replay r = Sidecar.readReplay(old);
        assertThat(r.input()).isEqualTo(video.toAbsolutePath().normalize());
        assertThat(r.weightsFile()).isEqualTo(weights.toAbsolutePath().normalize());

        Path again = dir.resolve("replayed-old");
        assertThat(Main.commandLine().execute("export", "--replay", old.toString(), "--out", again.toString()))
                .isZero();
        assertThat(npz(again.resolve("maps.npz"), "rollout")).containsExactly(npz(cliOut.resolve("maps.npz"),
                "rollout"));
        JsonNode written = JSON.readTree(again.resolve("params.json").toFile());
        assertThat(written.get("schema").asInt()).isEqualTo(Sidecar.SCHEMA);
    }

    @Test
    void aSidecarOfANewerSchemaIsRefusedByName() throws Exception {
        Path cliOut = cliExport(dir.resolve("newer"));
        ObjectNode json = (ObjectNode) JSON.readTree(cliOut.resolve("params.json").toFile());
        json.put("schema", Sidecar.SCHEMA + 1);
        Path file = dir.resolve("newer.params.json");
        JSON.writeValue(file.toFile(), json);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sidecar.readReplay(file))
                .hasMessageContaining(file.toString()).hasMessageContaining("schema " + (Sidecar.SCHEMA + 1));
    }

    private static String replayOut(JsonNode sidecar) {
        JsonNode replay = sidecar.get("replay");
        for (int i = 0; i < replay.size() - 1; i++) {
            if (replay.get(i).asText().equals("--out")) {
                return replay.get(i + 1).asText();
            }
        }
        throw new AssertionError("no --out in " + replay);
    }

    /** A copy without {@link #WRITER_FIELDS} and without the {@code --out} value of the replay. */
    private static JsonNode withoutWriterFields(JsonNode sidecar) {
        ObjectNode copy = sidecar.deepCopy();
        for (String pointer : WRITER_FIELDS) {
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = slash == 0 ? copy : copy.at(pointer.substring(0, slash));
            if (pointer.equals("/run/seconds") && sidecar.at("/command").asText().equals(Sidecar.VIEWER_SCREENSHOT)) {
                continue; // a screenshot has no export time
            }
            assertThat(parent.has(pointer.substring(slash + 1))).as(pointer).isTrue();
            ((ObjectNode) parent).remove(pointer.substring(slash + 1));
        }
        ArrayNode replay = (ArrayNode) copy.get("replay");
        for (int i = 0; i < replay.size() - 1; i++) {
            if (replay.get(i).asText().equals("--out")) {
                replay.set(i + 1, "<out>");
            }
        }
        return copy;
    }

    /** Collects every JSON pointer where the two trees differ (field by field, so a failure names them). */
    private static void compare(String at, JsonNode a, JsonNode b, List<String> out) {
        if (a.isObject() && b.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!b.has(e.getKey())) {
                    out.add(at + "/" + e.getKey() + " only in the CLI's");
                } else {
                    compare(at + "/" + e.getKey(), e.getValue(), b.get(e.getKey()), out);
                }
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!a.has(k)) {
                    out.add(at + "/" + k + " only in the viewer's");
                }
            }
        } else if (!a.equals(b)) {
            out.add(at + ": CLI " + a + ", viewer " + b);
        }
    }

    private static float[] npz(Path file, String name) throws Exception {
        try (NDManager m = NDManager.newBaseManager(); InputStream in = Files.newInputStream(file)) {
            return NDList.decode(m, in).get(name).toFloatArray();
        }
    }
}
