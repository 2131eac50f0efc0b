package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import java.util.function.Consumer;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;

/**
 * Re-paints a canvas view at k× resolution (crisp, not an upscaled screen grab), in tiles small
 * enough for any Prism texture limit, and stitches them into one image. FX thread only.
 */
final class CanvasSnapshot {
    private static final int TILE = 1024;

    private CanvasSnapshot() {
    }

    static BufferedImage render(double width, double height, int scale, Consumer<GraphicsContext> painter) {
        int w = Math.max(1, (int) Math.round(width * scale));
        int h = Math.max(1, (int) Math.round(height * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(Color.TRANSPARENT);
        for (int ty = 0; ty < h; ty += TILE) {
            for (int tx = 0; tx < w; tx += TILE) {
                int tw = Math.min(TILE, w - tx);
                int th = Math.min(TILE, h - ty);
                Canvas c = new Canvas(tw, th);
                GraphicsContext g = c.getGraphicsContext2D();
                g.translate(-tx, -ty);
                g.scale(scale, scale);
                painter.accept(g);
                WritableImage img = c.snapshot(params, new WritableImage(tw, th));
                BufferedImage tile = SwingFXUtils.fromFXImage(img, null);
                out.getGraphics().drawImage(tile, tx, ty, null);
            }
        }
        return out;
    }
}
