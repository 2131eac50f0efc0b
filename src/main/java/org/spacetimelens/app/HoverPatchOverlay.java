package org.spacetimelens.app;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/** The patch under the pointer, outlined in white (never in screenshots: they carry no hover). */
final class HoverPatchOverlay implements Overlay {
    private final double frameWidth;
    private final double gridWidth;

    /** Line widths on the single-frame canvas and on the grid's smaller tiles. */
    HoverPatchOverlay(double frameWidth, double gridWidth) {
        this.frameWidth = frameWidth;
        this.gridWidth = gridWidth;
    }

    @Override
    public void paint(GraphicsContext g, OverlayTile tile) {
        int[] p = tile.hoverPatch();
        if (!tile.hasMap() || p == null) {
            return;
        }
        g.setStroke(Color.WHITE);
        g.setLineWidth(tile.kind() == OverlayTile.Kind.FRAME ? frameWidth : gridWidth);
        tile.strokeSource(g, tile.patchRect(p[0], p[1]));
    }
}
