package org.spacetimelens.render;

import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.MapNormalization;

/**
 * The values a view draws: as rolled out, except raw mass (normalisation "none"), which is divided by
 * its clip maximum (raw kept) so the colour scale spans 0 … max instead of being pinned to 0 … 1 where
 * a raw map of peak 0.04 would draw nothing. The viewer's canvas and its screenshots, and the replay
 * of a screenshot, all draw these values.
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

    /** Whether {@link #asDrawn} rescales under this normalisation. */
    public static boolean autoRanged(MapNormalization normalisation) {
        return normalisation == MapNormalization.NONE;
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
