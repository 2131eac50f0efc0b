package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.pipeline.Captions;
import org.spacetimelens.pipeline.Sidecar;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.testing.TestVideos;

/**
 * Provenance of exports into a folder that already holds some (issue 15, items 1 and 3): every artefact
 * keeps a sidecar that describes it and replays it alone, nothing is overwritten without {@code --force},
 * nothing half-written is left under a final name, old sidecars replay, and one layer range has one label
 * in the sheet title, the sidecar and {@code --help}.
 */
class ExportProvenanceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path assets;

    static Path model;
    static Path video;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeModelAndVideo() throws Exception {
        // 4 layers, so the help text's example (--up-to-layer 3: layers 0–3) is a range this model has
        TimeSformerConfig c = TinyConfigs.of(AttentionType.DIVIDED_SPACE_TIME, 4, 24, 3, 4, 16, 8, 5);
        model = TinyModels.hfFolder(assets.resolve("tiny-model"), c, RandomWeights.generate(c, 11));
        video = TestVideos.write(assets.resolve("clip.mp4"), 24, 48, 32);
    }

    static CliErrorsTest.Result export(Path out, String... args) {
        List<String> all = new ArrayList<>(List.of("export", "--model", model.toString(), "--clip", video.toString(),
                "--out", out.toString()));
        all.addAll(List.of(args));
        return CliErrorsTest.run(all.toArray(String[]::new));
    }

    static JsonNode json(Path file) throws Exception {
        return JSON.readTree(file.toFile());
    }

    /** Every file under {@code root} with its size and modification time. */
    static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                FileTime t = Files.getLastModifiedTime(p);
                out.put(root.relativize(p).toString(), Files.size(p) + "@" + t.toMillis() + ":"
                        + java.util.Arrays.hashCode(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Fails on the code before issue 15: the mp4's export replaced the sheet's only sidecar. */
    @Test
    void aSheetKeepsItsProvenanceWhenAnOverlayVideoIsExportedBesideIt() throws Exception {
        Path out = dir.resolve("figures");
        CliErrorsTest.Result sheet = export(out, "--format", "sheet", "--colormap", "viridis");
        assertThat(sheet.code()).as(sheet.err()).isZero();
        CliErrorsTest.Result mp4 = export(out, "--format", "mp4", "--colormap", "magma", "--force");
        assertThat(mp4.code()).as(mp4.err()).isZero();

        assertThat(names(out)).containsExactlyInAnyOrder("overlay.mp4", "overlay.mp4.params.json", "params.json", "sheet.png",
                "sheet.params.json");
        JsonNode s = json(out.resolve("sheet.params.json"));
        assertThat(s.get("artefact").asText()).isEqualTo("sheet.png");
        assertThat(s.get("formats").toString()).isEqualTo("[\"sheet\"]");
        assertThat(s.at("/render/colormap").asText()).isEqualTo("viridis");
        assertThat(s.at("/outputs/files").toString()).isEqualTo("[\"sheet.png\"]");
        assertThat(s.at("/outputs/sheet.png/width").asInt()).isPositive();
        assertThat(s.get("replay").toString()).contains("\"--format\",\"sheet\"").contains("\"viridis\"");

        JsonNode v = json(out.resolve("overlay.mp4.params.json"));
        assertThat(v.get("artefact").asText()).isEqualTo("overlay.mp4");
        assertThat(v.get("formats").toString()).isEqualTo("[\"mp4\"]");
        assertThat(v.at("/render/colormap").asText()).isEqualTo("magma");
        assertThat(v.at("/outputs/overlay.mp4/codec").isMissingNode()).isFalse();
        assertThat(v.at("/outputs/sheet.png").isMissingNode()).isTrue();

        // params.json is the record of the run that wrote it (the latest), and says which one
        JsonNode run = json(out.resolve("params.json"));
        assertThat(run.has("artefact")).isFalse();
        assertThat(run.get("formats").toString()).isEqualTo("[\"mp4\"]");
        assertThat(run.at("/outputs/files").toString())
                .isEqualTo("[\"overlay.mp4\",\"overlay.mp4.params.json\"]");
    }

    @Test
    void anExistingFileIsRefusedByNameAndNothingIsWritten() throws Exception {
        Path out = dir.resolve("o");
        assertThat(export(out, "--format", "sheet").code()).isZero();
        Map<String, String> before = snapshot(out);

        CliErrorsTest.Result again = export(out, "--format", "npz,sheet");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err().strip().lines()).hasSize(1);
        assertThat(again.err().strip()).startsWith("export: error: " + out.resolve("sheet.png"))
                .contains("already exists").contains("2 more files").contains("--force");
        assertThat(snapshot(out)).isEqualTo(before); // no maps.npz, no temporary file, nothing touched

        // a format that is not there yet still meets the run's params.json
        CliErrorsTest.Result npz = export(out, "--format", "npz");
        assertThat(npz.code()).isEqualTo(1);
        assertThat(npz.err()).contains(out.resolve("params.json").toString()).contains("already exists");
        assertThat(snapshot(out)).isEqualTo(before);

        CliErrorsTest.Result forced = export(out, "--format", "npz,sheet", "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(names(out)).containsExactlyInAnyOrder("maps.npz", "maps.params.json", "params.json", "sheet.png",
                "sheet.params.json");
    }

    @Test
    void eachArtefactsSidecarReplaysThatArtefactAlone() throws Exception {
        Path out = dir.resolve("first");
        CliErrorsTest.Result r = export(out, "--format", "npz,png,sheet", "--fusion", "max", "--up-to-layer", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(names(out)).containsExactlyInAnyOrder("maps.npz", "maps.params.json", "overlays", "overlays.params.json",
                "params.json", "sheet.png", "sheet.params.json");
        assertThat(json(out.resolve("overlays.params.json")).at("/outputs/files")).hasSize(4);

        Path sheetAgain = dir.resolve("sheet-again");
        CliErrorsTest.Result replay = CliErrorsTest.run("export", "--replay", out.resolve("sheet.params.json").toString(),
                "--out", sheetAgain.toString());
        assertThat(replay.code()).as(replay.err()).isZero();
        assertThat(names(sheetAgain)).containsExactlyInAnyOrder("params.json", "sheet.png", "sheet.params.json");
        assertThat(TestVideos.samePixels(ImageIO.read(out.resolve("sheet.png").toFile()),
                ImageIO.read(sheetAgain.resolve("sheet.png").toFile()))).isTrue();

        Path mapsAgain = dir.resolve("maps-again");
        replay = CliErrorsTest.run("export", "--replay", out.resolve("maps.params.json").toString(), "--out",
                mapsAgain.toString());
        assertThat(replay.code()).as(replay.err()).isZero();
        assertThat(names(mapsAgain)).containsExactlyInAnyOrder("maps.npz", "maps.params.json", "params.json");
        assertSameArrays(out, mapsAgain);

        // replaying into the folder it came from meets the originals: refused, unless --force
        CliErrorsTest.Result home = CliErrorsTest.run("export", "--replay", out.resolve("maps.params.json").toString());
        assertThat(home.code()).isEqualTo(1);
        assertThat(home.err()).contains("already exists");
        home = CliErrorsTest.run("export", "--replay", out.resolve("maps.params.json").toString(), "--force");
        assertThat(home.code()).as(home.err()).isZero();
        assertThat(json(out.resolve("params.json")).get("formats").toString()).isEqualTo("[\"npz\"]");
        assertThat(json(out.resolve("sheet.params.json")).get("formats").toString()).isEqualTo("[\"sheet\"]");
    }

    @Test
    void replacingOverlayPngsLeavesNoneOfTheOldFramesBehind() throws Exception {
        Path out = dir.resolve("png");
        assertThat(export(out, "--format", "png", "--frames", "0,1,2,3").code()).isZero();
        CliErrorsTest.Result r = export(out, "--format", "png", "--frames", "8,9,10,11", "--force");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(names(out.resolve("overlays"))).containsExactlyInAnyOrder("overlay_t00_000008.png", "overlay_t01_000009.png",
                "overlay_t02_000010.png", "overlay_t03_000011.png");
        assertThat(json(out.resolve("overlays.params.json")).at("/clip/frameIndices").toString())
                .isEqualTo("[8,9,10,11]");
    }

    /** Schema 1 (no schema, no layers label) and schema 2 replay the same options to the same maps. */
    @Test
    void schemaOneAndSchemaTwoSidecarsReplayToTheSameMaps() throws Exception {
        Path out = dir.resolve("orig");
        CliErrorsTest.Result r = export(out, "--format", "npz", "--start-layer", "1", "--up-to-layer", "3",
                "--discard-ratio", "0.2", "--query", "1,0,2");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode two = json(out.resolve("params.json"));
        assertThat(two.get("schema").asInt()).isEqualTo(Sidecar.SCHEMA).isEqualTo(2);
        assertThat(two.get("layers").asText()).isEqualTo("layers 1–3");
        ObjectNode one = two.deepCopy();
        one.remove("schema");
        one.remove("layers");
        one.remove("artefact");
        Path oneFile = dir.resolve("schema1.params.json");
        JSON.writeValue(oneFile.toFile(), one);

        Path a = dir.resolve("from2");
        Path b = dir.resolve("from1");
        assertThat(CliErrorsTest.run("export", "--replay", out.resolve("params.json").toString(), "--out",
                a.toString()).code()).isZero();
        CliErrorsTest.Result fromOne = CliErrorsTest.run("export", "--replay", oneFile.toString(), "--out", b.toString());
        assertThat(fromOne.code()).as(fromOne.err()).isZero();
        assertSameArrays(out, a);
        assertSameArrays(a, b);
        assertThat(json(b.resolve("params.json")).at("/rollout")).isEqualTo(two.at("/rollout"));
    }

    /** The figure title, the sidecar, the viewer's wording and --help give one range one label. */
    @Test
    void oneLayerRangeHasOneLabelInTheTitleTheSidecarAndTheHelp() throws Exception {
        Path out = dir.resolve("layers");
        CliErrorsTest.Result r = export(out, "--format", "sheet", "--start-layer", "0", "--up-to-layer", "3");
        assertThat(r.code()).as(r.err()).isZero();
        RolloutParams p = RolloutParams.builder().startLayer(0).upToLayer(3).build();
        String title = Captions.caption("m", p, 4, null).layers(); // what ContactSheet draws in the sheet's title
        assertThat(title).isEqualTo("layers 0–3");
        assertThat(json(out.resolve("sheet.params.json")).get("layers").asText()).isEqualTo(title);
        assertThat(json(out.resolve("params.json")).get("layers").asText()).isEqualTo(title);
        // the default (the top layer) is resolved in the label
        assertThat(Captions.layers(RolloutParams.defaults(), 4)).isEqualTo("layers 0–3");

        CliErrorsTest.Result help = CliErrorsTest.run("export", "--help");
        String text = help.out().replaceAll("\\s+", " ");
        assertThat(text).contains("--up-to-layer 3 uses " + title).contains("0-based: 0 is the first layer");
        List<String> lines = help.out().lines().toList();
        for (String option : List.of("--start-layer=N", "--up-to-layer=N", "--select-heads-layer=N")) {
            StringBuilder description = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().startsWith(option)) {
                    description.append(lines.get(i));
                    // the description's continuation lines are indented deeper than the next option
                    for (int j = i + 1; j < lines.size() && !lines.get(j).matches("\\s{0,8}-.*"); j++) {
                        description.append(' ').append(lines.get(j).strip());
                    }
                }
            }
            assertThat(description.toString().replaceAll("\\s+", " ")).as(option)
                    .contains("0-based: 0 is the first layer; --up-to-layer 3 uses " + title);
        }
    }

    /** A batch re-run into the same folder refuses each input (reported, exit 3) unless --force. */
    @Test
    void aBatchDoesNotOverwriteWithoutForce() throws Exception {
        Path videos = Files.createDirectories(dir.resolve("videos"));
        Files.copy(video, videos.resolve("a.mp4"));
        Files.copy(video, videos.resolve("b.mp4"));
        Path out = dir.resolve("maps");
        String[] args = {"export", "--model", model.toString(), "--batch", videos.toString(), "--out", out.toString(),
            "--format", "npz"};
        assertThat(CliErrorsTest.run(args).code()).isZero();
        Map<String, String> before = snapshot(out);

        CliErrorsTest.Result again = CliErrorsTest.run(args);
        assertThat(again.code()).isEqualTo(ExportCommand.SOME_FAILED);
        assertThat(again.err().lines().filter(l -> l.startsWith("export: failed: ")).toList()).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("already exists").contains("--force"));
        assertThat(snapshot(out)).isEqualTo(before);

        List<String> forced = new ArrayList<>(List.of(args));
        forced.add("--force");
        CliErrorsTest.Result r = CliErrorsTest.run(forced.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void noTemporaryFileIsLeftAfterAnExport() throws Exception {
        Path out = dir.resolve("all");
        CliErrorsTest.Result r = export(out, "--format", "npz,png,sheet,gif");
        assertThat(r.code()).as(r.err()).isZero();
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".partial-")).toList()).isEmpty();
        }
    }

    private static void assertSameArrays(Path a, Path b) throws Exception {
        Map<String, long[]> shapesA = new HashMap<>();
        Map<String, long[]> shapesB = new HashMap<>();
        Map<String, float[]> x = TinyModels.readNpz(a.resolve("maps.npz"), shapesA);
        Map<String, float[]> y = TinyModels.readNpz(b.resolve("maps.npz"), shapesB);
        assertThat(y.keySet()).isEqualTo(x.keySet());
        for (String k : x.keySet()) {
            assertThat(y.get(k)).as(k).containsExactly(x.get(k));
            assertThat(shapesB.get(k)).as(k).containsExactly(shapesA.get(k));
        }
    }
}
