package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.pipeline.ExportFormat;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * An export started while a forward pass runs (the export's own float32 pass then runs on the export thread
 * beside the engine thread's pass, on the same model) writes the same files as the same export made once
 * everything is idle: {@code maps.npz} and {@code sheet.png} byte for byte. Three rounds, each exporting the
 * clip on screen the moment the playhead leaves it (which starts the next clip's forward pass).
 */
@ExtendWith(ApplicationExtension.class)
class ExportDuringAnalysisTest {
    private static final Set<ExportFormat> FORMATS = Set.of(ExportFormat.NPZ, ExportFormat.SHEET);

    @TempDir
    Path tmp;
    private ViewerHarness h;

    @Start
    void start(Stage stage) {
        h = ViewerHarness.start(stage);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    @Test
    void exportingWhileAForwardPassRunsWritesWhatExportingAfterwardsWrites() throws Exception {
        h.openFixtures();
        fx(() -> {
            h.state.windowRateProperty().set(1);
            h.state.samplingModeProperty().set(SamplingMode.WINDOW);
            return null;
        });
        h.settle();
        int overlapped = 0;
        for (int round = 0; round < 3; round++) {
            int at = round * 5; // outside the previous rounds' clips (4 frames, rate 1), so its own window
            fx(() -> {
                h.state.playheadProperty().set(at);
                return null;
            });
            h.settle();
            ClipAnalysis shown = fx(() -> h.state.analysisProperty().get());
            int next = at + 12; // far outside the clip: the next window's forward pass
            int calls = h.backend.analyseCalls.get();
            Path during = tmp.resolve("during-" + round);
            boolean analysing = fx(() -> {
                h.state.playheadProperty().set(next);
                boolean running = h.controller.analysingProperty().get();
                h.window.exports().export(during, FORMATS); // the clip still on screen
                return running;
            });
            overlapped += analysing ? 1 : 0;
            h.settle();
            assertThat(h.backend.analyseCalls.get()).as("a forward pass ran beside the export").isGreaterThan(calls);
            assertThat(fx(() -> h.state.analysisProperty().get())).isNotSameAs(shown);

            // back to the exported clip (from the cache, no pass), then the same export at rest
            fx(() -> {
                h.state.playheadProperty().set(at);
                return null;
            });
            waitUntil(() -> h.state.analysisProperty().get() != null
                    && h.state.analysisProperty().get().key().equals(shown.key()));
            h.settle();
            Path after = tmp.resolve("after-" + round);
            fx(() -> {
                h.window.exports().export(after, FORMATS);
                return null;
            });
            h.settle();
            for (String f : new String[] {"maps.npz", "sheet.png"}) {
                assertThat(during.resolve(f)).as(f + " exported during the pass").exists();
                assertThat(Files.readAllBytes(during.resolve(f))).as(f + ", round " + round)
                        .isEqualTo(Files.readAllBytes(after.resolve(f)));
            }
        }
        assertThat(overlapped).as("exports started while a forward pass was running").isEqualTo(3);
    }
}
