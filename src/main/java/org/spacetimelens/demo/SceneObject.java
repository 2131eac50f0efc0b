package org.spacetimelens.demo;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Point2D;

/** One moving object of a scene: its outline kind, half-extent, fill colour and path. */
public record SceneObject(ShapeKind kind, double size, Color color, Trajectory path, boolean target) {

    /** The outline at time τ, in normalised coordinates. */
    public Shape outlineAt(double tau) {
        Point2D.Double c = path.at(tau);
        return kind.outline(c.x, c.y, size, path.angle(tau));
    }
}
