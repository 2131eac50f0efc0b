package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.video.testing.DamagedVideos;
import org.spacetimelens.video.testing.TestVideos;

/**
 * The CLI as users run it (a fresh JVM through {@code Main.main}) on a damaged video prints only its own
 * lines: no DJL INFO/WARN lines, no raw FFmpeg {@code [h264 @ 0x…]} lines; those go to the log file,
 * and to stderr with {@code --verbose}. Both runs' maps are bit-identical (determinism across processes).
 */
class QuietOutputTest {

    @TempDir
    Path dir;

    record Run(int code, List<String> out, List<String> err) {
    }

    @Test
    void exportPrintsOnlyItsOwnLinesAndLogsTheRest() throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        Path model = TinyModels.hfFolder(dir.resolve("model"), c, RandomWeights.generate(c, 3));
        Path clean = TestVideos.spec(48, 64, 48).gop(12).write(dir.resolve("clean.mp4"));
        Path damaged = DamagedVideos.bitFlips(clean, dir.resolve("damaged.mp4"), 2, 400);
        Path state = dir.resolve("state");

        Run quiet = cli(state, "export", "--model", model.toString(), "--clip", damaged.toString(), "--out",
                dir.resolve("quiet").toString(), "--format", "npz", "--device", "gpu");
        assertThat(quiet.code()).as(String.join("\n", quiet.err())).isZero();
        assertThat(quiet.out()).hasSize(1).allMatch(l -> l.startsWith("wrote "));
        assertThat(quiet.err()).as("stderr").allMatch(l -> l.startsWith("export: warning: "));
        assertThat(quiet.err()).as("one decode warning").filteredOn(l -> l.contains("decode errors")).hasSize(1);
        // a GPU asked for and missing: the project's one warning (DJL's CUDA lines stay in the log)
        String device = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("quiet/params.json").toFile()).at("/run/device").asText();
        assertThat(quiet.err()).filteredOn(l -> l.contains("GPU")).hasSize(device.startsWith("gpu") ? 0 : 1);
        Path log = state.resolve("spacetime-lens/logs/cli.log");
        String logText = Files.readString(log);
        assertThat(logText).contains("ai.djl").contains("error while decoding");

        Run verbose = cli(state, "export", "--model", model.toString(), "--clip", damaged.toString(), "--out",
                dir.resolve("verbose").toString(), "--format", "npz", "--verbose");
        assertThat(verbose.code()).isZero();
        assertThat(String.join("\n", verbose.err())).contains("ai.djl").contains("error while decoding");

        Map<String, byte[]> a = DeterminismTest.npzEntries(dir.resolve("quiet/maps.npz"));
        Map<String, byte[]> b = DeterminismTest.npzEntries(dir.resolve("verbose/maps.npz"));
        assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
        a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
    }

    /** Runs {@code Main} in a new JVM with this test's class path and {@code XDG_STATE_HOME=state}. */
    static Run cli(Path state, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("XDG_STATE_HOME", state.toString());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("_JAVA_OPTIONS");
        Path out = Files.createTempFile(state.getParent(), "out", ".txt");
        Path err = Files.createTempFile(state.getParent(), "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("CLI did not finish in 120 s: " + cmd);
        }
        return new Run(p.exitValue(), lines(out), lines(err));
    }

    private static List<String> lines(Path f) throws IOException {
        return Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }
}
