package org.spacetimelens.app;

import org.spacetimelens.render.RenderOptions;

/** The model's patch (token) grid over the map, baked by the core's renderer when shown. */
final class TokenGridOverlay implements Overlay {
    private final ViewState state;

    TokenGridOverlay(ViewState state) {
        this.state = state;
    }

    @Override
    public RenderOptions bake(RenderOptions o) {
        return o.withShowGrid(state.tokenGridProperty().get());
    }
}
