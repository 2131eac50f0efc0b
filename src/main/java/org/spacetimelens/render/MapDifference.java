package org.spacetimelens.render;

import java.util.Locale;
import org.spacetimelens.rollout.AttentionMaps;

/**
 * The signed difference A − B of two maps of the same clip (the compare mode's difference view), with
 * a range symmetric about 0 so that a diverging colormap draws "no difference" in its neutral middle.
 * The range is the largest |A − B| over the whole clip (every frame on one scale), or 1 when the maps
 * are equal.
 *
 * @param values A − B of {@link AttentionMaps#values()}, frames first ({@code t, y, x})
 * @param range  the largest |A − B| of the clip (1 when that is 0), the colour scale's ± end
 */
public record MapDifference(int frames, int gridH, int gridW, float[] values, float range) {

    public MapDifference {
        if (values.length != frames * gridH * gridW) {
            throw new IllegalArgumentException("difference has " + values.length + " values for " + frames + "×"
                    + gridH + "×" + gridW);
        }
        if (!(range > 0) || !Float.isFinite(range)) {
            throw new IllegalArgumentException("difference range must be positive and finite, got " + range);
        }
    }

    /**
     * A − B, value by value.
     *
     * @throws IllegalArgumentException when the maps' shapes differ (models with other grids or frame
     *                                  counts cannot be subtracted), naming both shapes
     */
    public static MapDifference of(AttentionMaps a, AttentionMaps b) {
        if (a.frames() != b.frames() || a.gridH() != b.gridH() || a.gridW() != b.gridW()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "cannot subtract maps of different shapes: A is %d×%d×%d (frames × grid), B is %d×%d×%d",
                    a.frames(), a.gridH(), a.gridW(), b.frames(), b.gridH(), b.gridW()));
        }
        float[] d = new float[a.values().length];
        float max = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = a.values()[i] - b.values()[i];
            max = Math.max(max, Math.abs(d[i]));
        }
        return new MapDifference(a.frames(), a.gridH(), a.gridW(), d, max > 0 && Float.isFinite(max) ? max : 1f);
    }

    /** A − B at clip frame t, row y, column x. */
    public float at(int t, int y, int x) {
        return values[(t * gridH + y) * gridW + x];
    }

    /**
     * Frame t mapped to [0, 1] for a diverging colormap: −range ↦ 0, 0 ↦ ½, +range ↦ 1 (what the
     * overlay renderer draws; the colour bar of {@link #bar} labels it in A − B units).
     */
    public float[] unitFrame(int t) {
        int g = gridH * gridW;
        float[] u = new float[g];
        for (int i = 0; i < g; i++) {
            u[i] = 0.5f + 0.5f * values[t * g + i] / range;
        }
        return u;
    }

    /** The colour bar: −range … +range, titled "A − B (units)". */
    public BarScale bar(String units) {
        return new BarScale(-range, range, "A − B (" + units + ")");
    }

    /**
     * How the difference is drawn over a frame: the diverging map, nearly opaque and not weighted by
     * value (a weighted alpha would hide negative differences), nothing thresholded away; the upsampling
     * of {@code like}.
     */
    public static RenderOptions renderOptions(RenderOptions like) {
        return RenderOptions.defaults().withColormap(Colormap.RDBU_R).withBlend(Blend.ALPHA).withOpacity(0.85f)
                .withValueWeighted(false).withThreshold(0f).withUpsampling(like.upsampling())
                .withOutsideCrop(like.outsideCrop());
    }
}
