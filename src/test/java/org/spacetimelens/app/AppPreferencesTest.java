package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.render.Blend;
import org.spacetimelens.render.Colormap;
import org.spacetimelens.render.Upsampling;
import org.spacetimelens.rollout.HeadFusion;
import org.spacetimelens.rollout.MapNormalization;
import org.spacetimelens.rollout.RolloutMethod;

/** Preferences survive a restart, and broken stored values fall back to defaults. */
class AppPreferencesTest {
    private final String node = "org/spacetimelens/test/" + UUID.randomUUID();

    @AfterEach
    void clear() {
        new AppPreferences(node).clear();
    }

    @Test
    void storedValuesComeBackInANewSession(@TempDir Path dir) {
        ViewState first = new ViewState();
        new AppPreferences(node).bind(first);
        first.colormapProperty().set(Colormap.VIRIDIS);
        first.opacityProperty().set(0.25);
        first.themeProperty().set(ThemeChoice.DARK);
        first.fpsProperty().set(30);
        first.recentVideos().add(dir);
        first.halfAttentionProperty().set(false);
        first.cacheBudgetProperty().set(2048L << 20);
        AppPreferences prefs = new AppPreferences(node);
        prefs.setLastFolder("video", dir);

        ViewState second = new ViewState();
        new AppPreferences(node).bind(second);
        assertThat(second.colormapProperty().get()).isEqualTo(Colormap.VIRIDIS);
        assertThat(second.opacityProperty().get()).isEqualTo(0.25);
        assertThat(second.themeProperty().get()).isEqualTo(ThemeChoice.DARK);
        assertThat(second.fpsProperty().get()).isEqualTo(30);
        assertThat(second.recentVideos()).containsExactly(dir);
        assertThat(second.halfAttentionProperty().get()).isFalse();
        assertThat(second.cacheBudgetProperty().get()).isEqualTo(2048L << 20);
        assertThat(new AppPreferences(node).lastFolder("video")).isEqualTo(dir);
    }

    @Test
    void unparsableValuesFallBackToDefaults() {
        java.util.prefs.Preferences raw = java.util.prefs.Preferences.userRoot().node(node);
        raw.put("colormap", "NO_SUCH_MAP");
        raw.put("opacity", "lots");
        raw.put("recentVideos", "/no/such/file.mp4\n");
        ViewState s = new ViewState();
        new AppPreferences(node).bind(s);
        assertThat(s.colormapProperty().get()).isEqualTo(Colormap.JET);
        assertThat(s.opacityProperty().get()).isEqualTo(new ViewState().opacityProperty().get());
        assertThat(s.recentVideos()).isEmpty();
        assertThat(s.halfAttentionProperty().get()).as("float16 attention by default").isTrue();
        assertThat(s.cacheBudgetProperty().get()).isEqualTo(ViewerController.DEFAULT_RECORD_CACHE_BYTES);
    }

    @Test
    void everyViewOptionPersistsAndResetPutsThemAllBack() {
        ViewState first = new ViewState();
        new AppPreferences(node).bind(first);
        first.upsamplingProperty().set(Upsampling.NEAREST);
        first.tokenGridProperty().set(true);
        first.canvasColourBarProperty().set(false);
        first.discardRatioProperty().set(0.4);
        first.residualWeightProperty().set(0.7);
        first.normalisationProperty().set(MapNormalization.PER_FRAME);
        first.methodProperty().set(RolloutMethod.SPATIAL);
        first.fusionProperty().set(HeadFusion.MAX);
        first.valueWeightedProperty().set(false);
        first.overlayVisibleProperty().set(false);
        first.showTruthProperty().set(false);
        first.gridFullFrameProperty().set(true);
        first.samplingModeProperty().set(SamplingMode.WINDOW);
        first.windowRateProperty().set(7);
        first.loopProperty().set(LoopMode.CLIP);
        first.blendProperty().set(Blend.ALPHA);
        first.colormapProperty().set(Colormap.VIRIDIS);
        first.opacityProperty().set(0.3);

        ViewState second = new ViewState();
        new AppPreferences(node).bind(second);
        ViewState defaults = new ViewState();
        for (ViewSettings.Setting<?> s : ViewSettings.VIEW) {
            assertThat(s.property().apply(second).getValue()).as(s.key())
                    .isEqualTo(s.property().apply(first).getValue())
                    .isNotEqualTo(s.property().apply(defaults).getValue());
        }

        ViewSettings.resetView(second);
        for (ViewSettings.Setting<?> s : ViewSettings.VIEW) {
            assertThat(s.property().apply(second).getValue()).as(s.key())
                    .isEqualTo(s.property().apply(defaults).getValue());
        }
        // The reset is stored too: a third session starts from the defaults.
        ViewState third = new ViewState();
        new AppPreferences(node).bind(third);
        assertThat(third.upsamplingProperty().get()).isEqualTo(defaults.upsamplingProperty().get());
        assertThat(third.windowRateProperty().get()).isEqualTo(defaults.windowRateProperty().get());
    }
}
