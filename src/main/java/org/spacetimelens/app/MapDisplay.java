package org.spacetimelens.app;

import org.spacetimelens.render.Blend;
import org.spacetimelens.render.DisplayRange;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.MapNormalization;

/**
 * How the viewer puts maps on screen so that they stay visible: raw mass ("None") is auto-ranged to
 * the clip's maximum for drawing (the colour bar then shows the real units, 0 … max), and a view
 * whose overlay would draw nothing visible on a frame is named, so the canvas can say so.
 */
final class MapDisplay {
    /** Below this peak (fraction of full opacity or of the colour scale) a map reads as nothing drawn. */
    static final float VISIBLE = 0.08f;

    private MapDisplay() {
    }

    /**
     * The maps as drawn: unchanged, except raw mass, which is scaled by its clip maximum (raw kept),
     * so the colour scale runs from 0 to the largest value instead of being pinned to 0 … 1.
     */
    static AttentionMaps forDisplay(AttentionMaps maps, MapNormalization normalisation) {
        return org.spacetimelens.render.DisplayRange.asDrawn(maps, normalisation); // shared with screenshots' replay
    }

    /** The top of the colour scale in the map's own units: the clip maximum for raw mass, else 1. */
    static double scaleMax(AttentionMaps maps, MapNormalization normalisation) {
        return DisplayRange.scaleMax(maps, normalisation);
    }

    /**
     * Why the overlay draws nothing visible on clip frame {@code t} of {@code shown} (maps as drawn),
     * or null when it does.
     */
    static String invisibleReason(AttentionMaps shown, int t, RenderOptions o) {
        if (shown == null || t < 0 || t >= shown.frames()) {
            return null;
        }
        int g = shown.gridH() * shown.gridW();
        float peak = max(shown.values(), t * g, g);
        if (!(peak > 0)) {
            return "Nothing drawn: the map is zero on this frame";
        }
        if (peak < o.threshold()) {
            return String.format("Nothing drawn: this frame's peak %.2f is below the threshold %.2f", peak,
                    o.threshold());
        }
        if (o.blend() == Blend.ALPHA) {
            float alpha = o.opacity() * (o.valueWeighted() ? peak : 1f);
            if (alpha < VISIBLE) {
                return String.format("Overlay nearly invisible: peak opacity %.0f %%%s. Try per-frame "
                        + "normalisation, more opacity or the additive blend", 100 * alpha,
                        o.valueWeighted() ? " (opacity × value; this frame peaks at " + String.format("%.2f", peak)
                                + ")" : "");
            }
        } else if (o.blend() == Blend.CONTOUR && !o.contourLevels().isEmpty() && peak < o.contourLevels().get(0)) {
            return String.format("No contour: this frame peaks at %.2f, below the lowest level %.2f", peak,
                    o.contourLevels().get(0));
        } else if (o.blend() == Blend.ADDITIVE && peak < VISIBLE) {
            return String.format("Map nearly flat: this frame peaks at %.3f of the scale. Try per-frame "
                    + "normalisation", peak);
        }
        return null;
    }

    private static float max(float[] a, int from, int length) {
        float m = 0;
        for (int i = from; i < from + length; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }
}
