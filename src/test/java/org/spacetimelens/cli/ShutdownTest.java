package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.video.testing.TestVideos;

/**
 * Interrupting an export (SIGTERM or SIGINT, as Ctrl-C or a batch scheduler sends) at different moments —
 * during start-up and the forward pass (fixed delays) and while outputs are being written (as soon as
 * the first file appears) — ends the process within 2 s, without a native crash, and leaves no
 * half-written file under a final name: whatever is there is complete, and no temporary is left.
 */
class ShutdownTest {

    @TempDir
    static Path dir;
    static Path model;
    static Path video;

    @BeforeAll
    static void setUp() throws Exception {
        TimeSformerConfig c = TinyConfigs.of(AttentionType.DIVIDED_SPACE_TIME, 4, 64, 4, 8, 64, 8, 5);
        model = TinyModels.hfFolder(dir.resolve("model"), c, RandomWeights.generate(c, 9));
        video = TestVideos.write(dir.resolve("clip.mp4"), 64, 160, 120);
    }

    /** {@code when}: milliseconds after start, or -1 for "as soon as the first output file appears". */
    @ParameterizedTest(name = "{0} at {1} ms")
    @CsvSource({"TERM, 1500", "TERM, 3000", "INT, 2500", "TERM, -1", "INT, -1"})
    void interruptedExportStopsQuicklyAndLeavesNoPartialFile(String signal, long when) throws Exception {
        Path work = Files.createTempDirectory(dir, "run");
        Path out = work.resolve("out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "export",
                "--model", model.toString(), "--clip", video.toString(), "--out", out.toString(),
                "--format", "npz,png,sheet,mp4"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(work.resolve("stdout.txt").toFile()).redirectError(work.resolve("stderr.txt").toFile());
        pb.environment().put("XDG_STATE_HOME", work.resolve("state").toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        boolean signalled = false;
        while (p.isAlive() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60)) {
            boolean due = when >= 0 ? System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(when) : hasFiles(out);
            if (due) {
                new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
                signalled = true;
                break;
            }
            Thread.sleep(when >= 0 ? 10 : 2);
        }
        long signalledAt = System.nanoTime();
        boolean ended = p.waitFor(signalled ? 2 : 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - signalledAt) / 1e9;
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        String err = Files.readString(work.resolve("stderr.txt"), StandardCharsets.UTF_8);
        System.out.printf("SIG%s at %d ms: exit %s, %.2f s after the signal, files %s%n", signal, when,
                ended ? p.exitValue() : "-", seconds, files(out).stream().map(f -> out.relativize(f).toString()).toList());
        assertThat(ended).as("ended within 2 s of SIG" + signal + " (took " + seconds + " s); stderr: " + err).isTrue();
        assertThat(p.exitValue()).as(err).isIn(0, 128 + (signal.equals("TERM") ? 15 : 2));
        assertThat(err).doesNotContain("A fatal error has been detected").doesNotContain("SIGSEGV");
        try (Stream<Path> s = Files.list(work)) {
            assertThat(s.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
        }
        for (Path f : files(out)) {
            String name = f.getFileName().toString();
            assertThat(name).as("temporary left behind").doesNotContain(".partial-");
            if (name.endsWith(".npz")) {
                try (ZipFile zip = new ZipFile(f.toFile())) {
                    assertThat(zip.getEntry("rollout.npy")).as(f.toString()).isNotNull();
                }
            } else if (name.endsWith(".png")) {
                assertThat(ImageIO.read(f.toFile())).as(f.toString()).isNotNull();
            }
        }
    }

    private static boolean hasFiles(Path out) throws Exception {
        return !files(out).isEmpty();
    }

    private static List<Path> files(Path out) throws Exception {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
