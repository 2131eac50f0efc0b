package org.spacetimelens.render;

import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.MapNormalization;

/**
 * Maps as drawn: unchanged, except raw mass ({@link MapNormalization#NONE}), which is scaled by its clip
 * maximum so the colour scale runs from 0 to the largest value instead of being pinned to 0 … 1 (the raw
 * values are kept). The viewer's canvas and the compare figure both draw through this.
 */
public final class DisplayRange {
    private DisplayRange() {
    }

    /** The maps as drawn (see the class comment); {@code null} stays {@code null}. */
    public static AttentionMaps forDisplay(AttentionMaps maps, MapNormalization normalisation) {
        if (maps == null || normalisation != MapNormalization.NONE) {
            return maps;
        }
        float max = max(maps.values());
        if (!(max > 0) || max == 1f) {
            return maps;
        }
        float[] v = maps.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] /= max;
        }
        return new AttentionMaps(maps.frames(), maps.gridH(), maps.gridW(), v, maps.raw());
    }

    /** The top of the colour scale in the map's own units: the clip maximum for raw mass, else 1. */
    public static double scaleMax(AttentionMaps maps, MapNormalization normalisation) {
        if (maps == null || normalisation != MapNormalization.NONE) {
            return 1;
        }
        return max(maps.values());
    }

    /** The colour bar of maps drawn with {@link #forDisplay}: 0 … 1 normalised, or 0 … max in raw mass (as the viewer's screenshot). */
    public static BarScale bar(AttentionMaps maps, MapNormalization normalisation) {
        return maps != null && normalisation == MapNormalization.NONE
                ? BarScale.of(forDisplay(maps, normalisation), BarUnits.RAW) : BarScale.normalised();
    }

    private static float max(float[] a) {
        float m = 0;
        for (float f : a) {
            m = Math.max(m, f);
        }
        return m;
    }
}
