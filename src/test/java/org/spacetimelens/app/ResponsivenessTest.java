package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.animation.AnimationTimer;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * While a forward pass is in flight on the engine thread, the FX thread keeps pulsing and keeps
 * serving the user: other controls and the frame view still react.
 */
@ExtendWith(ApplicationExtension.class)
class ResponsivenessTest {
    private ViewerHarness h;

    @Start
    void start(Stage stage) {
        h = ViewerHarness.start(stage);
    }

    @AfterEach
    void close() throws Exception {
        h.backend.release();
        h.close();
    }

    @Test
    void pulsesKeepComingWhileAForwardPassRuns() throws Exception {
        h.openFixtures();
        AtomicLong pulses = new AtomicLong();
        AnimationTimer counter = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pulses.incrementAndGet();
            }
        };
        fx(() -> {
            counter.start();
            return null;
        });
        // A new clip (window sampling) needs a forward pass; hold it in flight.
        h.backend.hold();
        fx(() -> {
            h.state.samplingModeProperty().set(SamplingMode.WINDOW);
            return null;
        });
        assertThat(h.backend.entered.await(30, TimeUnit.SECONDS)).as("forward pass started").isTrue();
        long atStart = pulses.get();
        // Pulses continue (60 Hz) although the pass has not returned ...
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> pulses.get() >= atStart + 30);
        // ... and the UI still acts on input: a layer change is applied to the current map at once.
        int before = h.backend.mapsCalls.get();
        fx(() -> {
            h.state.layerProperty().set(0);
            return null;
        });
        waitUntil(() -> h.backend.mapsCalls.get() > before && !h.state.rolloutParams().get().equals(null));
        assertThat(fx(() -> h.controller.isBusy())).isTrue();
        h.backend.release();
        waitUntil(() -> h.state.analysisProperty().get() != null
                && h.state.analysisProperty().get().frameIndices()[0] == h.state.plannedClipProperty().get()[0]);
        fx(() -> {
            counter.stop();
            return null;
        });
    }
}
