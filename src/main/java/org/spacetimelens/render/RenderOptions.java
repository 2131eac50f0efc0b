package org.spacetimelens.render;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every choice that changes how a map is drawn; one value type shared by the CLI, the figures and the
 * viewer (immutable, {@code equals} usable as a cache key). Start from {@link #defaults()} (the published
 * look: jet, additive, bilinear) and change fields with the {@code with…} methods.
 *
 * @param colormap      colour table
 * @param blend         how colour and frame combine
 * @param opacity       heat weight for {@link Blend#ALPHA} (0..1)
 * @param valueWeighted for {@link Blend#ALPHA}: multiply the opacity by the map value, so low attention
 *                      stays transparent
 * @param upsampling    patch grid → pixels
 * @param threshold     values below it are not drawn (0 = draw everything); in ADDITIVE they add no heat
 * @param contourLevels iso-levels for {@link Blend#CONTOUR}, strictly increasing, each in (0, 1)
 * @param showGrid      draw the patch (token) grid over the map's square
 * @param colorBar      figures add a colour bar with a value scale
 * @param barUnits      the colour bar's numbers: normalised values or raw rollout mass
 * @param outsideCrop   what full-frame overlays show outside the model's crop
 */
public record RenderOptions(Colormap colormap, Blend blend, float opacity, boolean valueWeighted,
                            Upsampling upsampling, float threshold, List<Float> contourLevels,
                            boolean showGrid, boolean colorBar, BarUnits barUnits, OutsideCrop outsideCrop) {

    public RenderOptions {
        if (colormap == null || blend == null || upsampling == null || barUnits == null || outsideCrop == null
                || contourLevels == null) {
            throw new IllegalArgumentException("render options: colormap, blend, upsampling, bar units, "
                    + "outside-crop mode and contour levels must all be given");
        }
        if (!(opacity >= 0f && opacity <= 1f)) {
            throw new IllegalArgumentException("opacity must be in [0, 1], got " + opacity);
        }
        if (!(threshold >= 0f && threshold < 1f)) {
            throw new IllegalArgumentException("threshold must be in [0, 1), got " + threshold);
        }
        contourLevels = List.copyOf(contourLevels);
        float prev = 0f;
        for (Float l : contourLevels) {
            if (!(l > prev && l < 1f)) {
                throw new IllegalArgumentException("contour levels must be strictly increasing and inside (0, 1), got "
                        + contourLevels);
            }
            prev = l;
        }
        if (blend == Blend.CONTOUR && contourLevels.isEmpty()) {
            throw new IllegalArgumentException("contour blend needs at least one contour level");
        }
    }

    /** The published look: jet, additive blend, bilinear, colour bar in normalised units, dimmed outside the crop. */
    public static RenderOptions defaults() {
        return new RenderOptions(Colormap.JET, Blend.ADDITIVE, 0.5f, false, Upsampling.BILINEAR, 0f,
                List.of(0.25f, 0.5f, 0.75f), false, true, BarUnits.NORMALISED, OutsideCrop.DIM);
    }

    public RenderOptions withColormap(Colormap c) {
        return new RenderOptions(c, blend, opacity, valueWeighted, upsampling, threshold, contourLevels, showGrid,
                colorBar, barUnits, outsideCrop);
    }

    public RenderOptions withBlend(Blend b) {
        return new RenderOptions(colormap, b, opacity, valueWeighted, upsampling, threshold, contourLevels, showGrid,
                colorBar, barUnits, outsideCrop);
    }

    public RenderOptions withOpacity(float o) {
        return new RenderOptions(colormap, blend, o, valueWeighted, upsampling, threshold, contourLevels, showGrid,
                colorBar, barUnits, outsideCrop);
    }

    public RenderOptions withValueWeighted(boolean w) {
        return new RenderOptions(colormap, blend, opacity, w, upsampling, threshold, contourLevels, showGrid,
                colorBar, barUnits, outsideCrop);
    }

    public RenderOptions withUpsampling(Upsampling u) {
        return new RenderOptions(colormap, blend, opacity, valueWeighted, u, threshold, contourLevels, showGrid,
                colorBar, barUnits, outsideCrop);
    }

    public RenderOptions withThreshold(float t) {
        return new RenderOptions(colormap, blend, opacity, valueWeighted, upsampling, t, contourLevels, showGrid,
                colorBar, barUnits, outsideCrop);
    }

    public RenderOptions withContourLevels(List<Float> levels) {
        return new RenderOptions(colormap, blend, opacity, valueWeighted, upsampling, threshold, levels, showGrid,
                colorBar, barUnits, outsideCrop);
    }

    public RenderOptions withShowGrid(boolean g) {
        return new RenderOptions(colormap, blend, opacity, valueWeighted, upsampling, threshold, contourLevels, g,
                colorBar, barUnits, outsideCrop);
    }

    public RenderOptions withColorBar(boolean b) {
        return new RenderOptions(colormap, blend, opacity, valueWeighted, upsampling, threshold, contourLevels, showGrid,
                b, barUnits, outsideCrop);
    }

    public RenderOptions withBarUnits(BarUnits u) {
        return new RenderOptions(colormap, blend, opacity, valueWeighted, upsampling, threshold, contourLevels, showGrid,
                colorBar, u, outsideCrop);
    }

    public RenderOptions withOutsideCrop(OutsideCrop o) {
        return new RenderOptions(colormap, blend, opacity, valueWeighted, upsampling, threshold, contourLevels, showGrid,
                colorBar, barUnits, o);
    }

    /** Plain names and numbers, in a stable order, for the export sidecar. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("colormap", colormap.id());
        m.put("blend", blend.name().toLowerCase(java.util.Locale.ROOT));
        m.put("opacity", opacity);
        m.put("valueWeighted", valueWeighted);
        m.put("upsampling", upsampling.name().toLowerCase(java.util.Locale.ROOT));
        m.put("threshold", threshold);
        m.put("contourLevels", contourLevels);
        m.put("showGrid", showGrid);
        m.put("colorBar", colorBar);
        m.put("barUnits", barUnits.name().toLowerCase(java.util.Locale.ROOT));
        m.put("outsideCrop", outsideCrop.name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }
}
