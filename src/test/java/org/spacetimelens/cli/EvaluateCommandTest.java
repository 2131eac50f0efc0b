package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.evaluate.ClipRows;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.video.testing.TestVideos;

/** {@code evaluate}: the files and their exact layout, bad options, data sets, shards and merging, the demo. */
class EvaluateCommandTest {

    @TempDir
    static Path assets;

    static Path model;
    static Path clip;

    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void writeModel() throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        model = TinyModels.hfFolder(assets.resolve("tiny-model"), c, RandomWeights.generate(c, 11));
        clip = TinyModels.clip(assets.resolve("clip.npy"), RandomWeights.clip(3, 4, 3, 16, 16), 4, 16, 16);
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void oneClipWritesTheJsonExactlyAsSpecifiedWithCsvPngAndSidecar() throws Exception {
        Path out = dir.resolve("out");
        CliErrorsTest.Result r = CliErrorsTest.run("evaluate", "--model", model.toString(), "--clip", clip.toString(),
                "--methods", "rollout,temporal,random", "--steps", "6", "--seed", "3", "--batch-size", "5",
                "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode root = JSON.readTree(out.resolve("faithfulness.json").toFile());
        assertThat(fieldNames(root)).containsExactly("target_class", "steps", "methods");
        assertThat(root.get("steps").asInt()).isEqualTo(6);
        assertThat(fieldNames(root.get("methods"))).containsExactly("rollout", "temporal", "random");
        for (JsonNode m : root.get("methods")) {
            assertThat(fieldNames(m)).containsExactly("deletion", "insertion", "auc");
            assertThat(fieldNames(m.get("auc"))).containsExactly("deletion", "insertion");
            for (String kind : List.of("deletion", "insertion")) {
                JsonNode curve = m.get(kind);
                assertThat(curve.size()).isEqualTo(7);
                double auc = 0;
                for (int s = 0; s < 6; s++) {
                    auc += (curve.get(s).asDouble() + curve.get(s + 1).asDouble()) / 2 / 6;
                }
                assertThat(m.get("auc").get(kind).asDouble()).isCloseTo(auc, within(1e-12));
            }
            // the clean clip starts deletion and ends insertion; the empty clip the other way round
            assertThat(m.get("deletion").get(0).asDouble()).isEqualTo(m.get("insertion").get(6).asDouble());
            assertThat(m.get("insertion").get(0).asDouble()).isEqualTo(m.get("deletion").get(6).asDouble());
        }
        List<String> csv = Files.readAllLines(out.resolve("faithfulness.csv"));
        assertThat(csv.get(0)).isEqualTo("method,step,fraction,k,deletion,insertion");
        assertThat(csv).hasSize(1 + 3 * 7);
        assertThat(csv.get(1)).startsWith("rollout,0,0.0,0,");
        assertThat(csv.get(7)).startsWith("rollout,6,1.0,16,"); // N = 4 frames x 2 x 2
        assertThat(Double.parseDouble(csv.get(4).split(",")[4]))
                .isEqualTo(root.get("methods").get("rollout").get("deletion").get(3).asDouble());
        BufferedImage png = ImageIO.read(out.resolve("faithfulness.png").toFile());
        assertThat(png.getWidth()).isGreaterThanOrEqualTo(1000);
        JsonNode side = JSON.readTree(out.resolve("faithfulness.params.json").toFile());
        assertThat(side.get("checkpoint").get("sha256").asText()).hasSize(64);
        assertThat(side.get("input").get("path").asText()).isEqualTo(clip.toAbsolutePath().normalize().toString());
        assertThat(side.get("options").get("batchSize").asInt()).isEqualTo(5);
        assertThat(side.get("options").get("rollout").get("discardRatio").asDouble()).isZero();
        assertThat(side.get("versions").has("djl")).isTrue();
        assertThat(r.out()).contains("rollout").contains("deletion AUC").contains("wrote");
    }

    @Test
    void badOptionsFailOnOneLine() {
        String[][] cases = {
            {"--method", "spatial"}, {"--methods", "rollout,nope"}, {"--methods", "rollout,rollout"},
            {"--target-class", "9"}, {"--target-class", "no such label"}, {"--steps", "0"}, {"--batch-size", "0"},
            {"--up-to-layer", "5"}, {"--shard", "0/2"}};
        String[] expected = {"--methods", "unknown method 'nope'", "given twice", "out of range", "neither a class index",
            "--steps must be >= 1", "--batch-size must be >= 1", "upToLayer", "--shard applies to --batch"};
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--clip",
                    clip.toString(), "--out", dir.resolve("bad" + i).toString()));
            args.addAll(List.of(cases[i]));
            CliErrorsTest.Result r = CliErrorsTest.run(args.toArray(String[]::new));
            String want = expected[i];
            assertThat(r.code()).as(String.join(" ", cases[i]) + ": " + r.err()).isEqualTo(1);
            assertThat(r.err().lines().filter(l -> !l.isBlank() && !l.startsWith("[")).toList()).as(r.err())
                    .anySatisfy(l -> assertThat(l).startsWith("evaluate: error: ").contains(want));
        }
    }

    @Test
    void shardsOfAFolderMergeIntoTheWholeDataSet() throws Exception {
        Path videos = Files.createDirectories(dir.resolve("videos"));
        TestVideos.write(videos.resolve("a.mp4"), 12, 32, 32);
        TestVideos.write(videos.resolve("b.avi"), 10, 40, 32);
        Path frames = Files.createDirectories(videos.resolve("c_frames"));
        for (int i = 0; i < 6; i++) {
            ImageIO.write(TestVideos.pattern(i, 32, 32), "png", frames.resolve(String.format("img_%05d.png", i + 1)).toFile());
        }
        Files.write(videos.resolve("d.mp4"), new byte[] {1, 2, 3});
        Path whole = dir.resolve("whole");
        CliErrorsTest.Result all = CliErrorsTest.run("evaluate", "--model", model.toString(), "--batch",
                videos.toString(), "--methods", "rollout,random", "--steps", "3", "--out", whole.toString());
        assertThat(all.code()).as(all.out() + all.err()).isEqualTo(ExportCommand.SOME_FAILED);
        assertThat(all.err()).contains("evaluate: failed: ").contains("d.mp4");
        List<ClipRows.Row> rows = ClipRows.read(whole.resolve(ClipRows.FILE_NAME));
        assertThat(rows.stream().map(ClipRows.Row::clip).distinct().toList()).containsExactly("a", "b", "c_frames");
        assertThat(whole.resolve("b").resolve("faithfulness.json")).exists();
        assertThat(whole.resolve("faithfulness-summary.md")).exists();
        JsonNode summary = JSON.readTree(whole.resolve("faithfulness-summary.json").toFile());
        assertThat(summary.get("clips").asInt()).isEqualTo(3);
        JsonNode rollout = summary.get("methods").get(0);
        assertThat(rollout.get("method").asText()).isEqualTo("rollout");
        assertThat(rollout.get("deletionLow").asDouble()).isLessThanOrEqualTo(rollout.get("deletionMean").asDouble());
        assertThat(rollout.get("deletionHigh").asDouble()).isGreaterThanOrEqualTo(rollout.get("deletionMean").asDouble());

        List<String> shardDirs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("shard" + i);
            shardDirs.add(out.toString());
            CliErrorsTest.Result s = CliErrorsTest.run("evaluate", "--model", model.toString(), "--batch",
                    videos.toString(), "--shard", i + "/2", "--methods", "rollout,random", "--steps", "3", "--out",
                    out.toString());
            assertThat(s.code()).as(s.err()).isIn(0, ExportCommand.SOME_FAILED);
        }
        List<String> args = new ArrayList<>(List.of("evaluate", "--out", dir.resolve("merged").toString(), "--merge"));
        args.addAll(shardDirs);
        CliErrorsTest.Result m = CliErrorsTest.run(args.toArray(String[]::new));
        assertThat(m.code()).as(m.err()).isZero();
        List<ClipRows.Row> merged = ClipRows.read(dir.resolve("merged").resolve(ClipRows.FILE_NAME));
        assertThat(merged).containsExactlyInAnyOrderElementsOf(rows);
        assertThat(Files.readString(dir.resolve("merged").resolve("faithfulness-summary.md")))
                .isEqualTo(Files.readString(whole.resolve("faithfulness-summary.md")).replace("\r", ""));

        JsonNode meanWhole = JSON.readTree(whole.resolve("faithfulness-mean.json").toFile());
        JsonNode meanMerged = JSON.readTree(dir.resolve("merged").resolve("faithfulness-mean.json").toFile());
        assertThat(meanWhole.get("clips").asInt()).isEqualTo(3);
        assertThat(meanMerged.get("clips").asInt()).isEqualTo(3);
        for (String kind : List.of("deletion", "insertion")) {
            JsonNode a = meanWhole.get("methods").get("rollout").get(kind);
            JsonNode b = meanMerged.get("methods").get("rollout").get(kind);
            double first = 0;
            for (String clipName : List.of("a", "b", "c_frames")) {
                first += JSON.readTree(whole.resolve(clipName).resolve("faithfulness.json").toFile())
                        .get("methods").get("rollout").get(kind).get(1).asDouble() / 3;
            }
            assertThat(a.get(1).asDouble()).isCloseTo(first, within(1e-12));
            for (int s = 0; s < a.size(); s++) {
                assertThat(b.get(s).asDouble()).isCloseTo(a.get(s).asDouble(), within(1e-12));
            }
        }
        assertThat(ImageIO.read(dir.resolve("merged").resolve("faithfulness.png").toFile())).isNotNull();

        // the same shard twice is refused
        CliErrorsTest.Result twice = CliErrorsTest.run("evaluate", "--out", dir.resolve("m2").toString(), "--merge",
                shardDirs.get(0), shardDirs.get(0));
        assertThat(twice.code()).isEqualTo(1);
        assertThat(twice.err()).contains("shards must be disjoint");
    }

    @Test
    void onTheDemoTheDefaultRolloutBeatsRandom() throws Exception {
        Path out = dir.resolve("demo");
        CliErrorsTest.Result r = CliErrorsTest.run("evaluate", "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode m = JSON.readTree(out.resolve("faithfulness.json").toFile()).get("methods");
        assertThat(m.get("rollout").get("deletion").size()).isEqualTo(21);
        assertThat(m.get("rollout").get("auc").get("deletion").asDouble())
                .isLessThan(m.get("random").get("auc").get("deletion").asDouble());
        assertThat(m.get("rollout").get("auc").get("insertion").asDouble())
                .isGreaterThan(m.get("random").get("auc").get("insertion").asDouble());
    }

    @Test
    void syntheticScenesOfTheDemoModel() throws Exception {
        Path out = dir.resolve("synthetic");
        CliErrorsTest.Result r = CliErrorsTest.run("evaluate", "--synthetic", "3", "--steps", "2", "--methods",
                "rollout,spatial,random", "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        List<ClipRows.Row> rows = ClipRows.read(out.resolve(ClipRows.FILE_NAME));
        assertThat(rows).hasSize(9);
        assertThat(rows.get(0).clip()).isEqualTo("scene_00000");
        assertThat(r.out()).contains("| rollout | 3 |").contains("| random | 3 |");

        Path part = dir.resolve("synthetic-1of2");
        CliErrorsTest.Result s = CliErrorsTest.run("evaluate", "--synthetic", "3", "--shard", "1/2", "--steps", "2",
                "--methods", "rollout,spatial,random", "--out", part.toString());
        assertThat(s.code()).as(s.out() + s.err()).isZero();
        List<ClipRows.Row> one = ClipRows.read(part.resolve(ClipRows.FILE_NAME));
        assertThat(one).hasSize(3).allSatisfy(row -> assertThat(row.clip()).isEqualTo("scene_00001"));
        assertThat(one).isSubsetOf(rows); // the same scene gives the same numbers alone or among others
    }
}
