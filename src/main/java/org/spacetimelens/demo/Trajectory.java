package org.spacetimelens.demo;

import java.awt.geom.Point2D;

/**
 * Where an object's centre is at episode time τ ∈ [0, 1) (normalised frame coordinates).
 * Linear motions: {@code (x, y) + (vx, vy)·τ}; circles: centre (x, y), {@code radius}, start
 * angle {@code phase}, one full turn per unit of τ in direction {@code turn} (±1); still: (x, y).
 * {@code spin} is the shape's own rotation in radians per unit τ (decoration, not the label).
 */
public record Trajectory(Motion motion, double x, double y, double vx, double vy,
        double radius, double phase, int turn, double spin) {

    public Point2D.Double at(double tau) {
        return switch (motion) {
            case LEFT, RIGHT, UP, DOWN -> new Point2D.Double(x + vx * tau, y + vy * tau);
            case CIRCLES -> {
                double a = phase + turn * 2 * Math.PI * tau;
                yield new Point2D.Double(x + radius * Math.cos(a), y + radius * Math.sin(a));
            }
            case STILL -> new Point2D.Double(x, y);
        };
    }

    public double angle(double tau) {
        return spin * tau;
    }
}
