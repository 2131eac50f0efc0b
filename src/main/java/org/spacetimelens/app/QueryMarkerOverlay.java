package org.spacetimelens.app;

import javafx.scene.canvas.GraphicsContext;
import org.spacetimelens.rollout.QueryToken;

/** The query patch (when the map rolls out from a patch, not CLS), outlined in the theme's marker colour. */
final class QueryMarkerOverlay implements Overlay {
    private final double frameWidth;
    private final double gridWidth;

    /** Line widths on the single-frame canvas and on the grid's smaller tiles. */
    QueryMarkerOverlay(double frameWidth, double gridWidth) {
        this.frameWidth = frameWidth;
        this.gridWidth = gridWidth;
    }

    @Override
    public void paint(GraphicsContext g, OverlayTile tile) {
        QueryToken q = tile.state().queryProperty().get();
        if (!tile.hasMap() || q.cls() || q.t() != tile.analysis().slotOf(tile.clipFrame())) {
            return;
        }
        g.setStroke(Palette.of(tile.state().themeProperty().get()).marker());
        g.setLineWidth(tile.kind() == OverlayTile.Kind.FRAME ? frameWidth : gridWidth);
        tile.strokeSource(g, tile.patchRect(q.y(), q.x()));
    }
}
