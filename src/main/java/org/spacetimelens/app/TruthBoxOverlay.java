package org.spacetimelens.app;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * The video sidecar's ground-truth box of the shown frame, so attention can be judged against it:
 * white dashes on a dark outline, readable on any frame. Shown when
 * {@link ViewState#showTruthProperty()} is set and the video has boxes.
 */
final class TruthBoxOverlay implements Overlay {
    @Override
    public void paint(GraphicsContext g, OverlayTile tile) {
        ViewState state = tile.state();
        VideoHints hints = state.hintsProperty().get();
        if (!state.showTruthProperty().get() || hints == null || tile.videoFrame() < 0) {
            return;
        }
        double[] box = hints.boxAt(tile.videoFrame());
        if (box == null) {
            return;
        }
        g.save();
        if (tile.clip() != null) {
            // The target may lie partly outside the part of the frame the tile shows.
            double[] c = tile.clip();
            g.beginPath();
            g.rect(c[0], c[1], c[2], c[3]);
            g.clip();
        }
        stroke(g, tile.viewX(box[0]), tile.viewY(box[1]), (box[2] - box[0]) * tile.kx(), (box[3] - box[1]) * tile.ky());
        g.restore();
    }

    static void stroke(GraphicsContext g, double x, double y, double w, double h) {
        g.save();
        g.setLineWidth(3);
        g.setStroke(Color.rgb(0, 0, 0, 0.55));
        g.strokeRect(x, y, w, h);
        g.setLineWidth(1.5);
        g.setLineDashes(6, 4);
        g.setStroke(Color.WHITE);
        g.strokeRect(x, y, w, h);
        g.restore();
    }
}
