package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import java.nio.file.Files;
import java.util.Optional;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.spacetimelens.demo.DemoAssets;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The bundled demo as a user first meets it: sampled the way its sidecar says, the prediction of
 * the first episode right, and the ground-truth box drawn where the sidecar puts the target.
 * Skipped when the demo assets are not in the checkout.
 */
@ExtendWith(ApplicationExtension.class)
class DemoViewerTest {
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
    void theDemoOpensWithItsSamplingItsTruthAndARightPrediction() throws Exception {
        Optional<DemoAssets> demo = DemoAssets.find();
        assumeTrue(demo.isPresent() && Files.exists(demo.get().video()), "demo assets not present");
        fx(() -> {
            h.controller.openModel(demo.get().modelDir());
            h.controller.openVideo(demo.get().video());
            return null;
        });
        waitUntil(() -> h.state.analysisProperty().get() != null && h.state.mapsProperty().get() != null
                && h.state.shownClipFrameProperty().get() >= 0);
        h.settle();
        VideoHints hints = fx(() -> h.state.hintsProperty().get());
        assertThat(hints).isNotNull();
        assertThat(fx(() -> h.state.samplingModeProperty().get())).isEqualTo(SamplingMode.WINDOW);
        assertThat(fx(() -> h.state.windowRateProperty().get())).isEqualTo(hints.samplingRate());
        ClipAnalysis a = fx(() -> h.state.analysisProperty().get());
        // The window at the start lies inside the first episode: one motion, which the model names.
        assertThat(a.predictions().get(0).label()).isEqualTo(hints.labelAt(a.frameIndices()[0]));
        assertThat(hints.labelAt(a.frameIndices()[a.frameCount() - 1])).isEqualTo(hints.labelAt(0));

        // The dashed truth box: its top edge is drawn in white dashes on a dark outline.
        double[] box = hints.boxAt(fx(() -> h.state.frameImageIndexProperty().get()));
        assertThat(box).isNotNull();
        WritableImage shot = fx(() -> h.window.frameView().snapshot(null, null));
        PixelReader px = shot.getPixelReader();
        double[] a0 = fx(() -> h.window.frameView().toView(box[0], box[1]));
        double[] a1 = fx(() -> h.window.frameView().toView(box[2], box[1]));
        int white = 0;
        for (int x = (int) a0[0] + 2; x < (int) a1[0] - 2; x++) {
            // The 1.5 px line straddles a pixel boundary: look at the rows around the edge.
            for (int y = (int) a0[1] - 1; y <= (int) a0[1] + 1; y++) {
                int argb = px.getArgb(x, y);
                if (((argb >> 16) & 0xFF) > 220 && ((argb >> 8) & 0xFF) > 220 && (argb & 0xFF) > 220) {
                    white++;
                    break;
                }
            }
        }
        assertThat(white).as("white dash pixels along the truth box's top edge").isGreaterThan(5);
    }
}
