package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import java.awt.image.BufferedImage;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.spacetimelens.rollout.RolloutParams;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Compare mode with the playhead outside the analysed clip (issue 15, item 4 for the panes): the panes
 * follow the single view's rule. While the playhead is outside (scrubbing in window sampling) every pane
 * shows the playhead's own frame with no map and says which frames the clip covers; the hover read-out
 * and A − B report no value. Once the clip around the playhead is analysed, the panes draw its maps.
 */
@ExtendWith(ApplicationExtension.class)
class CompareOutsideClipTest {
    private ViewerHarness h;

    @Start
    void start(Stage stage) {
        h = ViewerHarness.start(stage);
    }

    @BeforeEach
    void open() throws Exception {
        h.openFixtures();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private CompareMode mode() {
        return h.state.compare();
    }

    @Test
    void panesShowThePlayheadsFrameWithoutAMapOutsideTheClipThenTheNewClipsMaps() throws Exception {
        fx(() -> {
            h.state.windowRateProperty().set(2);
            h.state.samplingModeProperty().set(org.spacetimelens.app.SamplingMode.WINDOW);
            return null;
        });
        waitUntil(() -> h.state.analysisProperty().get() != null
                && h.state.analysisProperty().get().lastFrame() < ViewerHarness.VIDEO_FRAMES - 4);
        h.settle();
        fx(() -> {
            h.window.actions().get("compare").run();
            mode().differenceProperty().set(true);
            return null;
        });
        waitUntil(() -> mode().drawnProperty().get() > 0 && mode().differenceMapsProperty().get() != null);
        h.settle();
        ClipAnalysis first = fx(() -> h.state.analysisProperty().get());
        assertThat(fx(() -> mode().shownClipFrameProperty().get())).isGreaterThanOrEqualTo(0);

        // Scrubbing past the clip: no new clip yet; the panes show frame 23 itself, with no map.
        int outside = ViewerHarness.VIDEO_FRAMES - 1;
        long before = fx(() -> mode().drawnProperty().get());
        fx(() -> {
            h.state.scrubbingProperty().set(true);
            h.state.playheadProperty().set(outside);
            return null;
        });
        waitUntil(() -> mode().drawnProperty().get() > before && mode().shownFrameProperty().get() == outside);
        h.settle();
        assertThat(fx(() -> h.state.analysisProperty().get())).isSameAs(first); // still the old clip
        assertThat(fx(() -> mode().shownClipFrameProperty().get())).isEqualTo(-1);
        assertThat(fx(() -> h.state.shownClipFrameProperty().get())).isEqualTo(-1);
        BufferedImage plain = h.controller.video().frame(outside);
        String span = "frames " + first.firstFrame() + "–" + first.lastFrame();
        for (ComparePane p : fx(() -> mode().shownPanes())) {
            assertThat(pixels(fx(() -> p.imageProperty().get()))).as(p.label() + " shows the playhead's frame")
                    .isEqualTo(plain.getRGB(0, 0, plain.getWidth(), plain.getHeight(), null, 0, plain.getWidth()));
            assertThat(fx(() -> p.mapsProperty().get())).as(p.label() + " holds no map").isNull();
            assertThat(fx(() -> p.settings().mapsProperty().get())).as(p.label() + "'s colour bar").isNull();
            assertThat(fx(() -> p.messageProperty().get())).as(p.label())
                    .contains("outside the analysed clip").contains(span);
        }
        assertThat(fx(() -> mode().differenceMapsProperty().get())).isNull();
        assertThat(pixels(fx(() -> mode().differenceImageProperty().get())))
                .isEqualTo(plain.getRGB(0, 0, plain.getWidth(), plain.getHeight(), null, 0, plain.getWidth()));
        assertThat(fx(() -> mode().differenceMessageProperty().get())).contains("outside the analysed clip");
        CompareView view = h.window.compareView();
        String read = fx(() -> {
            view.hover(view.shownCells().get(0).getWidth() / 2, (view.shownCells().get(0).getHeight() - 24) / 2);
            return mode().readOutProperty().get();
        });
        assertThat(read).startsWith("px (").doesNotContain("A 0").doesNotContain("A − B").doesNotContain("token");

        // Copy image there: the picture alone (no figure of maps it does not show), and the status line says why.
        fx(() -> {
            javafx.scene.input.Clipboard.getSystemClipboard().clear();
            h.window.actions().get("copy").run();
            return null;
        });
        assertThat(fx(() -> javafx.scene.input.Clipboard.getSystemClipboard().hasImage())).isTrue();
        assertThat(fx(() -> javafx.scene.input.Clipboard.getSystemClipboard().hasFiles())).isFalse();
        assertThat(fx(() -> h.state.statusTextProperty().get())).contains("no sidecar")
                .contains("outside the analysed clip");

        // Letting go: the clip around the playhead is analysed and the panes draw its maps.
        fx(() -> {
            h.state.scrubbingProperty().set(false);
            return null;
        });
        waitUntil(() -> h.state.analysisProperty().get().lastFrame() >= outside - 1
                && mode().shownClipFrameProperty().get() >= 0 && mode().panes().get(0).mapsProperty().get() != null);
        h.settle();
        ClipAnalysis second = fx(() -> h.state.analysisProperty().get());
        assertThat(second).isNotSameAs(first);
        assertThat(fx(() -> mode().shownClipFrameProperty().get())).isEqualTo(second.nearestClipFrame(outside));
        for (ComparePane p : fx(() -> mode().shownPanes())) {
            RolloutParams params = fx(() -> p.settings().rolloutParams().get());
            assertThat(fx(() -> p.mapsProperty().get().values())).as(p.label())
                    .isEqualTo(h.backend.maps(second, params).values());
            assertThat(fx(() -> p.messageProperty().get())).as(p.label()).isEmpty();
        }
        assertThat(fx(() -> mode().differenceMapsProperty().get())).isNotNull();
        assertThat(fx(() -> mode().differenceMessageProperty().get())).isEmpty();
    }

    @Test
    void theSingleViewAndThePanesSayTheSameOutsideTheClip() throws Exception {
        fx(() -> {
            h.state.windowRateProperty().set(2);
            h.state.samplingModeProperty().set(org.spacetimelens.app.SamplingMode.WINDOW);
            return null;
        });
        waitUntil(() -> h.state.analysisProperty().get() != null
                && h.state.analysisProperty().get().lastFrame() < ViewerHarness.VIDEO_FRAMES - 4);
        h.settle();
        int outside = ViewerHarness.VIDEO_FRAMES - 1;
        fx(() -> {
            h.state.scrubbingProperty().set(true);
            h.state.playheadProperty().set(outside);
            return null;
        });
        waitUntil(() -> h.state.frameImageIndexProperty().get() == outside);
        h.settle();
        javafx.scene.control.Label badge = fx(() -> (javafx.scene.control.Label) h.window.root().lookup("#frameBadge"));
        String single = fx(badge::getText);
        assertThat(single).startsWith("frame " + outside + " · outside the analysed clip (frames ");
        fx(() -> {
            h.window.actions().get("compare").run();
            return null;
        });
        waitUntil(() -> mode().drawnProperty().get() > 0 && mode().shownFrameProperty().get() == outside);
        h.settle();
        assertThat(fx(() -> mode().panes().get(0).messageProperty().get())).isEqualTo(single);
        assertThat(fx(() -> mode().panes().get(1).messageProperty().get())).isEqualTo(single);
        javafx.scene.Node bar = fx(() -> h.window.root().lookup("#compareBar-A"));
        assertThat(fx(bar::isVisible)).as("no colour bar without a map").isFalse();
    }

    private static int[] pixels(Image img) {
        int w = (int) img.getWidth();
        int hh = (int) img.getHeight();
        int[] out = new int[w * hh];
        img.getPixelReader().getPixels(0, 0, w, hh, javafx.scene.image.PixelFormat.getIntArgbInstance(), out, 0, w);
        return out;
    }
}
