package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.video.testing.TestVideos;

/**
 * Closing the viewer's window while native work runs — a forward pass, an export (writing npz, sheet and
 * MP4), a pass with gradients — ends the process within 2 s, with exit status 0, without a native crash
 * (no {@code hs_err} file, no fatal-error report) and, for the export, without a half-written file under a
 * final name or a temporary left behind. The viewer runs as users start it, in a child JVM (headless
 * Monocle); {@link ViewerShutdownChild} closes the window at the right moment.
 */
class ViewerShutdownTest {

    @TempDir
    static Path dir;
    static Path model;
    static Path video;

    @BeforeAll
    static void setUp() throws Exception {
        // big enough that a forward pass lasts a few hundred milliseconds, small enough for a quick test
        model = ViewerFixtures.checkpoint(dir.resolve("model"),
                TinyConfigs.of(AttentionType.DIVIDED_SPACE_TIME, 6, 192, 4, 8, 96, 8, 5), 3);
        video = TestVideos.write(dir.resolve("clip.mp4"), 64, 160, 120);
    }

    @ParameterizedTest(name = "closed during {0}")
    @ValueSource(strings = {"forward", "export", "gradient"})
    void closingTheWindowMidWorkEndsTheProcessQuicklyAndCleanly(String mode) throws Exception {
        // The 2 s are wall-clock time, which a machine running other builds on both cores stretches: a
        // second try is allowed for the time only (each try must end cleanly); a real regression fails both.
        double first = closeOnce(mode, 1);
        if (first >= 2) {
            System.out.printf("viewer closed during %s: %.2f s on the first try (load average %s); trying again%n",
                    mode, first, Files.readString(Path.of("/proc/loadavg")).trim());
            double second = closeOnce(mode, 2);
            assertThat(second).as("seconds from the close to the end of the process, second try").isLessThan(2);
        }
    }

    /** One run: closes the window mid-work, checks the process ended cleanly; returns seconds from close to exit. */
    private double closeOnce(String mode, int attempt) throws Exception {
        Path work = Files.createTempDirectory(dir, mode + "-" + attempt);
        Path out = work.resolve("out");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dheadless.geometry=1920x1200-32", "-Dprism.order=sw", "-Dprism.text=t2k",
                "-Djava.awt.headless=true", "-Dai.djl.offline=true", "-Duser.home=" + work,
                "-Djava.util.prefs.userRoot=" + work.resolve("prefs"),
                "-cp", System.getProperty("java.class.path"), ViewerShutdownChild.class.getName(),
                mode, video.toString(), model.toString(), out.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectError(work.resolve("stderr.txt").toFile());
        pb.environment().put("XDG_STATE_HOME", work.resolve("state").toString());
        Process p = pb.start();
        AtomicLong closingAt = new AtomicLong();
        AtomicLong exitAt = new AtomicLong();
        StringBuilder stdout = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("closing")) {
                        closingAt.compareAndSet(0, System.nanoTime());
                    } else if (line.startsWith("exit begins")) {
                        exitAt.compareAndSet(0, System.nanoTime());
                    }
                    synchronized (stdout) {
                        stdout.append(line).append('\n');
                    }
                }
            } catch (Exception e) {
                // the process ended
            }
        });
        reader.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (closingAt.get() == 0 && p.isAlive() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        boolean ended = closingAt.get() != 0 && p.waitFor(20, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - closingAt.get()) / 1e9;
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        reader.join(5000);
        String err = Files.readString(work.resolve("stderr.txt"), StandardCharsets.UTF_8);
        String log;
        synchronized (stdout) {
            log = stdout.toString();
        }
        System.out.printf("viewer closed during %s: %s, exit %s %.2f s after the close (System.exit after %.2f s)%n",
                mode, log.lines().filter(l -> l.startsWith("closing")).findFirst().orElse("never closed"),
                ended ? p.exitValue() : "-", seconds, exitAt.get() == 0 ? Double.NaN
                        : (exitAt.get() - closingAt.get()) / 1e9);
        assertThat(closingAt.get()).as("the window was closed mid-work; stdout: %s stderr: %s", log, err).isNotZero();
        assertThat(log).as("the work was still running when the window closed").contains("(running: true)");
        assertThat(ended).as("ended after the close; stderr: %s", err).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err).doesNotContain("A fatal error has been detected").doesNotContain("SIGSEGV")
                .doesNotContain("terminate called").doesNotContain("Exception in thread");
        try (Stream<Path> s = Files.list(work)) {
            assertThat(s.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
        }
        if (Files.isDirectory(out)) {
            try (Stream<Path> s = Files.walk(out)) {
                assertThat(s.map(f -> f.getFileName().toString())).as("temporary left behind")
                        .noneMatch(n -> n.contains(".partial-"));
            }
        }
        return seconds;
    }
}
