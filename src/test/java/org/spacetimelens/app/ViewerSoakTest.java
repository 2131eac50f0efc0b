package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.spacetimelens.video.testing.TestVideos;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Issue 16's long session on the real viewer (headless, Monocle) and the real core, on a tiny
 * checkpoint: 2,000 scrub steps, 500 option changes, 30 clip switches (a frame folder and two MP4s,
 * opened in turn: FFmpeg decoders opened and closed) and 5 model reloads (two checkpoints in turn).
 * The settled resident set (after a full GC and {@code malloc_trim}) may grow by less than 50 MB from
 * the warm-up reading (the first 3 of 30 rounds) to the end; in no FX pulse gap may the viewer hold the
 * FX thread for more than 250 ms ({@link PulseWatchdog}: the FX thread's CPU time plus time blocked on a
 * lock; every wall-clock gap over 250 ms is printed with its cause, GC pauses and time spent waiting for a
 * core). Figures are printed (heap and native separately).
 *
 * <p>Tag {@code soak}: {@code mvn verify} runs it in a JVM of its own (surefire execution {@code soak}), so
 * that its memory readings see this session only. Alone:
 * {@code mvn -B test -Dtest=ViewerSoakTest -Dsurefire.failIfNoSpecifiedTests=false}; fewer steps with
 * {@code -Dsoak.scale=0.1}.
 */
@Tag("soak")
@ExtendWith(ApplicationExtension.class)
class ViewerSoakTest {
    static final double MAX_GROWTH_MB = 50;

    private ViewerHarness h;
    private PulseWatchdog watchdog;

    @Start
    void start(Stage stage) {
        HeapPolicy.apply(); // as the app does at start
        h = ViewerHarness.start(stage);
        watchdog = PulseWatchdog.start();
    }

    @AfterEach
    void close() throws Exception {
        watchdog.close();
        h.close();
    }

    @Test
    void aLongSessionNeitherLeaksNorStalls() throws Exception {
        Path dir = ViewerHarness.fixtures();
        Path model2 = dir.resolve("model-b");
        Path mp4a = dir.resolve("soak-a.mp4");
        Path mp4b = dir.resolve("soak-b.mp4");
        if (!java.nio.file.Files.exists(model2)) {
            ViewerFixtures.checkpoint(model2, ViewerFixtures.tinyConfig(), 12);
            TestVideos.write(mp4a, 40, 96, 64);
            TestVideos.write(mp4b, 30, 64, 64);
        }
        h.openFixtures();
        double scale = Double.parseDouble(System.getProperty("soak.scale", "1"));
        SoakSession.Counts c = SoakSession.Counts.ISSUE;
        SoakSession.Counts counts = new SoakSession.Counts((int) Math.round(c.scrubs() * scale),
                (int) Math.round(c.options() * scale), Math.max(2, (int) Math.round(c.clipSwitches() * scale)),
                Math.max(1, (int) Math.round(c.modelReloads() * scale)));
        SoakSession session = new SoakSession(h.controller, List.of(ViewerHarness.model(), model2),
                List.of(ViewerHarness.video(), mp4a, mp4b), watchdog, System.out::println);
        SoakSession.Result r = session.run(counts, Math.max(1, counts.clipSwitches() / 10));
        r.lines().forEach(System.out::println);

        assertThat(r.done()).isEqualTo(counts);
        assertThat(r.residentGrowthMb()).as("settled resident growth after warm-up, MB").isLessThan(MAX_GROWTH_MB);
        // The viewer's own share of each gap (FX thread CPU + time blocked on a lock) must stay under 250 ms.
        // Wall-clock gaps are printed above but not asserted: on a shared 2-core machine under load the
        // FX thread can wait for a core longer than that through no fault of the viewer.
        assertThat(r.ownStalls()).as("FX pulse gaps over %d ms of the viewer's own work: %s",
                PulseWatchdog.THRESHOLD_MS, r.stallList()).isZero();
    }
}
