package org.spacetimelens.demo;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/** Outlines of the scene's objects, built in normalised frame coordinates ([0,1]², y down). */
public enum ShapeKind {
    DISC, SQUARE, TRIANGLE, DIAMOND, STAR;

    /**
     * The outline centred at (cx, cy) with half-extent {@code r}, rotated by {@code angle}
     * radians. All kinds have roughly the same area for the same r so that size says nothing
     * about identity.
     */
    public Shape outline(double cx, double cy, double r, double angle) {
        Shape base = switch (this) {
            case DISC -> new Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
            case SQUARE -> new Rectangle2D.Double(-0.88 * r, -0.88 * r, 1.76 * r, 1.76 * r);
            case TRIANGLE -> polygon(3, 1.15 * r, 1.15 * r);
            case DIAMOND -> polygon(4, 1.1 * r, 1.1 * r);
            case STAR -> polygon(5, 1.15 * r, 0.55 * r);
        };
        AffineTransform at = new AffineTransform();
        at.translate(cx, cy);
        at.rotate(angle);
        return at.createTransformedShape(base);
    }

    /** A regular polygon (inner == outer) or star (inner < outer) with {@code points} tips. */
    private static Shape polygon(int points, double outer, double inner) {
        Path2D.Double p = new Path2D.Double();
        boolean star = inner < outer;
        int n = star ? 2 * points : points;
        for (int i = 0; i < n; i++) {
            double a = -Math.PI / 2 + 2 * Math.PI * i / n;
            double rr = star && (i % 2 == 1) ? inner : outer;
            double x = rr * Math.cos(a);
            double y = rr * Math.sin(a);
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        return p;
    }
}
