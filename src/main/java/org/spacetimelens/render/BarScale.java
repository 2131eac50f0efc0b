package org.spacetimelens.render;

import org.spacetimelens.rollout.AttentionMaps;

/**
 * The numbers a colour bar shows: map value 0 ↦ {@code lo}, value 1 ↦ {@code hi}, with an axis title.
 *
 * @param lo    value at the bottom of the bar
 * @param hi    value at the top
 * @param title axis title, e.g. "attention (normalised)"
 */
public record BarScale(double lo, double hi, String title) {

    public BarScale {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(hi > lo)) {
            throw new IllegalArgumentException("colour bar range must be finite with hi > lo, got " + lo + ".." + hi);
        }
    }

    /** 0..1, "attention (normalised)". */
    public static BarScale normalised() {
        return new BarScale(0, 1, "attention (normalised)");
    }

    /**
     * The scale for {@code maps} in the given units. RAW uses the factor between raw mass and normalised
     * value; when that factor differs between frames (per-frame normalisation) there is no single raw
     * scale for a figure, so the bar says so and keeps normalised numbers.
     */
    public static BarScale of(AttentionMaps maps, BarUnits units) {
        if (units == BarUnits.NORMALISED) {
            return normalised();
        }
        int g = maps.gridH() * maps.gridW();
        double factor = Double.NaN;
        boolean consistent = true;
        for (int t = 0; t < maps.frames(); t++) {
            double mv = 0;
            double mr = 0;
            for (int i = t * g; i < (t + 1) * g; i++) {
                mv = Math.max(mv, maps.values()[i]);
                mr = Math.max(mr, maps.raw()[i]);
            }
            if (mv <= 0) {
                continue;
            }
            double f = mr / mv;
            if (Double.isNaN(factor)) {
                factor = f;
            } else if (Math.abs(f - factor) > 1e-4 * Math.max(f, factor)) {
                consistent = false;
            }
        }
        if (!consistent) {
            return new BarScale(0, 1, "attention (normalised per frame; no common raw scale)");
        }
        if (Double.isNaN(factor) || !(factor > 0)) {
            return new BarScale(0, 1, "rollout mass (raw; map is empty)");
        }
        return new BarScale(0, factor, "rollout mass (raw)");
    }
}
