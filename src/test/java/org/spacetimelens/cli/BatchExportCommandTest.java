package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.video.ClipSampler;
import org.spacetimelens.video.testing.TestVideos;

/** {@code export --batch}: one failing input is reported and skipped, shards pick every n-th input. */
class BatchExportCommandTest {

    @TempDir
    static Path assets;

    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeModel() throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        model = TinyModels.hfFolder(assets.resolve("tiny-model"), c, RandomWeights.generate(c, 11));
    }

    static List<String> folders(Path out) throws Exception {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCorruptVideoIsReportedOnOneLineAndTheOthersAreExported() throws Exception {
        Path videos = Files.createDirectories(dir.resolve("videos"));
        TestVideos.write(videos.resolve("a.mp4"), 12, 48, 32);
        TestVideos.write(videos.resolve("b.avi"), 20, 40, 40);
        Files.write(videos.resolve("c.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'j', 'u', 'n', 'k', 1, 2, 3});
        Path frames = Files.createDirectories(videos.resolve("d_frames"));
        for (int i = 0; i < 9; i++) {
            ImageIO.write(TestVideos.pattern(i, 32, 32), "png", frames.resolve(String.format("img_%05d.png", i + 1)).toFile());
        }
        Files.createDirectories(videos.resolve("empty_folder"));
        Path out = videos.resolve("out"); // inside the batch folder: must not be taken as an input

        CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", model.toString(), "--batch", videos.toString(),
                "--out", out.toString(), "--format", "npz,sheet,mp4");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExportCommand.SOME_FAILED);
        List<String> failLines = r.err().lines().filter(l -> l.contains("c.mp4")).toList();
        assertThat(failLines).hasSize(1);
        assertThat(failLines.get(0)).startsWith("export: failed: ").contains(videos.resolve("c.mp4").toString());
        assertThat(r.err()).contains("export: skipped: ").contains("empty_folder");
        assertThat(r.out()).contains("batch: 5 inputs").contains("batch: 3 ok, 1 failed, 1 skipped");
        assertThat(folders(out)).containsExactly("a", "b", "d_frames");
        for (String name : List.of("a", "b", "d_frames")) {
            assertThat(out.resolve(name).resolve("maps.npz")).exists();
            assertThat(out.resolve(name).resolve("sheet.png")).exists();
            assertThat(out.resolve(name).resolve("overlay.mp4")).exists();
            assertThat(out.resolve(name).resolve("params.json")).exists();
        }
        var b = TinyModels.readNpz(out.resolve("b").resolve("maps.npz"), new java.util.HashMap<>());
        float[] expected = new float[4];
        int[] uniform = ClipSampler.uniform(20, 4);
        for (int i = 0; i < 4; i++) {
            expected[i] = uniform[i];
        }
        assertThat(b.get("frame_indices")).containsExactly(expected);

        // each input's sidecar replays that input alone
        CliErrorsTest.Result replay = CliErrorsTest.run("export", "--replay",
                out.resolve("a").resolve("params.json").toString(), "--out", dir.resolve("again").toString());
        assertThat(replay.code()).as(replay.err()).isZero();
        assertThat(TinyModels.readNpz(dir.resolve("again").resolve("maps.npz"), new java.util.HashMap<>()).get("rollout"))
                .containsExactly(TinyModels.readNpz(out.resolve("a").resolve("maps.npz"), new java.util.HashMap<>())
                        .get("rollout"));
    }

    @Test
    void shardOneOfTwoTakesTheOddPositions() throws Exception {
        Path videos = Files.createDirectories(dir.resolve("set"));
        List<String> names = new ArrayList<>();
        for (String n : List.of("v0", "v1", "v2", "v3", "v4")) {
            TestVideos.write(videos.resolve(n + ".mp4"), 8, 32, 32);
            names.add(n);
        }
        Path out = dir.resolve("out");
        CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", model.toString(), "--batch", videos.toString(),
                "--out", out.toString(), "--format", "npz", "--shard", "1/2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("batch: 5 inputs").contains("shard 1/2 takes 2").contains("batch: 2 ok, 0 failed");
        assertThat(folders(out)).containsExactly("v1", "v3");

        r = CliErrorsTest.run("export", "--model", model.toString(), "--batch", videos.toString(), "--out",
                dir.resolve("o2").toString(), "--format", "npz", "--shard", "0/2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(folders(dir.resolve("o2"))).containsExactly("v0", "v2", "v4");

        r = CliErrorsTest.run("export", "--model", model.toString(), "--batch", videos.toString(), "--out",
                dir.resolve("o3").toString(), "--shard", "2/2");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("shard 2/2 is impossible");

        r = CliErrorsTest.run("export", "--model", model.toString(), "--batch", dir.resolve("nothing").toString(),
                "--out", dir.resolve("o4").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--batch: no such folder");
    }
}
