package org.spacetimelens.app;

import java.util.List;
import javafx.scene.canvas.GraphicsContext;
import org.spacetimelens.render.RenderOptions;

/** The viewer's overlay list, bottom to top, and the two ways of applying it. */
final class Overlays {
    private Overlays() {
    }

    /** Heat map and token grid (baked), then ground truth, query marker and hover patch (painted). */
    static List<Overlay> standard(ViewState state) {
        return List.of(new HeatMapOverlay(state), new TokenGridOverlay(state), new TruthBoxOverlay(),
                new QueryMarkerOverlay(2.5, 2), new HoverPatchOverlay(1.5, 1));
    }

    /** The render options every baked layer contributes to. */
    static RenderOptions bake(List<Overlay> overlays) {
        RenderOptions o = RenderOptions.defaults();
        for (Overlay overlay : overlays) {
            o = overlay.bake(o);
        }
        return o;
    }

    static void paint(List<Overlay> overlays, GraphicsContext g, OverlayTile tile) {
        for (Overlay overlay : overlays) {
            overlay.paint(g, tile);
        }
    }
}
