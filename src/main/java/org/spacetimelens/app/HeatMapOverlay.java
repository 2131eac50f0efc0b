package org.spacetimelens.app;

import org.spacetimelens.render.RenderOptions;

/**
 * The attention heat map: colormap, blend, opacity (optionally weighted by value) and upsampling,
 * baked into the frame by the core's renderer. Whether it is drawn at all is
 * {@link ViewState#overlayVisibleProperty()}, decided when the frame is made.
 */
final class HeatMapOverlay implements Overlay {
    private final ViewState state;

    HeatMapOverlay(ViewState state) {
        this.state = state;
    }

    @Override
    public RenderOptions bake(RenderOptions o) {
        return o.withColormap(state.colormapProperty().get()).withBlend(state.blendProperty().get())
                .withOpacity((float) Math.max(0, Math.min(1, state.opacityProperty().get())))
                .withValueWeighted(state.valueWeightedProperty().get())
                .withUpsampling(state.upsamplingProperty().get())
                .withColorBar(state.canvasColourBarProperty().get()); // what screenshots and figures claim
    }
}
