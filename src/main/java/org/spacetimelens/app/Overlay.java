package org.spacetimelens.app;

import javafx.scene.canvas.GraphicsContext;
import org.spacetimelens.render.RenderOptions;

/**
 * One layer drawn over a frame: the single-frame canvas and the grid both draw the same list
 * ({@link ViewState#overlays()}), tile by tile, so a new layer is one class and shows in both.
 *
 * <p>A layer is drawn in one of two places. The heat map and the token grid are <em>baked</em> into
 * the frame image by the core's renderer ({@link #bake}), off the FX thread, so the screen, the
 * exports and the CLI's replay give the same pixels. Marks that follow the pointer or the view
 * (truth box, query marker, hover patch) are <em>painted</em> on the canvas over the tile ({@link #paint}).
 */
interface Overlay {
    /** Adds this layer's settings to what the core's renderer bakes into the frame (default: nothing). */
    default RenderOptions bake(RenderOptions options) {
        return options;
    }

    /** Paints this layer on the canvas over one tile (default: nothing). FX thread. */
    default void paint(GraphicsContext g, OverlayTile tile) {
    }
}
