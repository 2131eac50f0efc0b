package org.spacetimelens.demo;

/**
 * Ground truth for where attention should be: the target's bounding box at one frame in
 * normalised coordinates ([0,1]², y down), clipped to the frame.
 *
 * @param inFrameFraction share of the target's area inside the frame
 * @param visibleFraction share of the target's area inside the frame and not covered by an
 *                        object drawn above it
 */
public record TargetBox(double x0, double y0, double x1, double y1,
        double inFrameFraction, double visibleFraction) {

    /** Threshold of {@link #visible()}: at least half of the target can be seen. */
    public static final double VISIBLE_THRESHOLD = 0.5;

    /** At least half of the target's area can be seen (the frames the rollout metric counts). */
    public boolean visible() {
        return visibleFraction >= VISIBLE_THRESHOLD && x1 > x0 && y1 > y0;
    }

    /** Part of the target lies outside the frame. */
    public boolean partlyOutOfFrame() {
        return inFrameFraction < 0.999;
    }

    /** Part of the target (inside the frame) is hidden behind another object. */
    public boolean occluded() {
        return visibleFraction < inFrameFraction - 1e-3;
    }

    /** The box in pixels of a {@code width × height} rendering: {x0, y0, x1, y1} (exclusive ends). */
    public double[] pixels(int width, int height) {
        return new double[] {x0 * width, y0 * height, x1 * width, y1 * height};
    }
}
