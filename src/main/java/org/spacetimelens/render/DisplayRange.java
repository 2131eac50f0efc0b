package org.spacetimelens.render;

import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.MapNormalization;

/**
 * The values a view draws: as rolled out, except raw mass ({@link MapNormalization#NONE}), which is divided
 * by its clip maximum (raw kept) so the colour scale spans 0 … max instead of being pinned to 0 … 1, where
 * a raw map of peak 0.04 would draw nothing. The viewer's canvas, its screenshots and their replay, and the
 * compare figure all draw these values.
 */
public final class DisplayRange {
    private DisplayRange() {
    }

    /** The maps as drawn under {@code normalisation} (null stays null). */
    public static AttentionMaps asDrawn(AttentionMaps maps, MapNormalization normalisation) {
        if (maps == null || normalisation != MapNormalization.NONE) {
            return maps;
        }
        float max = max(maps);
        if (!(max > 0) || max == 1f) {
            return maps;
        }
        float[] v = maps.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] /= max;
        }
        return new AttentionMaps(maps.frames(), maps.gridH(), maps.gridW(), v, maps.raw());
    }

    /** The same as {@link #asDrawn} (the compare figure's name for it). */
    public static AttentionMaps forDisplay(AttentionMaps maps, MapNormalization normalisation) {
        return asDrawn(maps, normalisation);
    }

    /** Whether {@link #asDrawn} rescales under this normalisation. */
    public static boolean autoRanged(MapNormalization normalisation) {
        return normalisation == MapNormalization.NONE;
    }

    /** The top of the colour scale in the map's own units: the clip maximum for raw mass, else 1. */
    public static double scaleMax(AttentionMaps maps, MapNormalization normalisation) {
        if (maps == null || normalisation != MapNormalization.NONE) {
            return 1;
        }
        return max(maps);
    }

    /** The colour bar of maps drawn with {@link #asDrawn}: 0 … 1 normalised, or 0 … max in raw mass. */
    public static BarScale bar(AttentionMaps maps, MapNormalization normalisation) {
        return maps != null && normalisation == MapNormalization.NONE
                ? BarScale.of(asDrawn(maps, normalisation), BarUnits.RAW) : BarScale.normalised();
    }

    /** The largest map value (0 for an empty map). */
    public static float max(AttentionMaps maps) {
        float m = 0;
        for (float v : maps.values()) {
            m = Math.max(m, v);
        }
        return m;
    }
}
