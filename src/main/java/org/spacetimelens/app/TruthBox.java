package org.spacetimelens.app;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/** How ground-truth boxes look everywhere: white dashes on a dark outline, readable on any frame. */
final class TruthBox {
    private TruthBox() {
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
