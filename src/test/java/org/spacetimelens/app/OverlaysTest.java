package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.spacetimelens.render.Blend;
import org.spacetimelens.render.Colormap;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.render.Upsampling;

/** The overlay list: one list, bottom to top, and the baked layers make the core's render options. */
class OverlaysTest {
    @Test
    void bothViewsDrawOneListBottomToTop() {
        ViewState s = new ViewState();
        assertThat(s.overlays()).extracting(o -> o.getClass().getSimpleName()).containsExactly("HeatMapOverlay",
                "TokenGridOverlay", "TruthBoxOverlay", "QueryMarkerOverlay", "HoverPatchOverlay");
        assertThat(s.overlays()).isSameAs(s.overlays());
    }

    @Test
    void bakedLayersMakeTheRenderOptionsAndFollowTheirSettings() {
        ViewState s = new ViewState();
        assertThat(s.renderOptions().get()).isEqualTo(RenderOptions.defaults().withColormap(Colormap.JET)
                .withBlend(Blend.ADDITIVE).withOpacity(0.6f).withValueWeighted(true)
                .withUpsampling(Upsampling.BILINEAR).withShowGrid(false));
        s.tokenGridProperty().set(true);
        s.colormapProperty().set(Colormap.VIRIDIS);
        s.opacityProperty().set(1.7);
        RenderOptions o = s.renderOptions().get();
        assertThat(o.showGrid()).isTrue();
        assertThat(o.colormap()).isEqualTo(Colormap.VIRIDIS);
        assertThat(o.opacity()).as("clamped to [0, 1]").isEqualTo(1f);
        assertThat(o).isEqualTo(Overlays.bake(s.overlays()));
    }
}
