package org.spacetimelens.render;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.MapNormalization;
import org.spacetimelens.video.CropGeometry;

/**
 * The compare mode's drawing, UI-free: each pane's map over the same source frame, the difference
 * A − B of the first two panes, and the whole figure. The viewer's panes and {@code export --replay}
 * of a compare figure both draw here, from the same maps, so they give the same pixels.
 */
public final class ComparePanes {
    /** The label of the difference pane. */
    public static final String DIFFERENCE = "A − B";

    private ComparePanes() {
    }

    /**
     * One pane's map and how it is drawn.
     *
     * @param label         its letter (A, B, C, D)
     * @param caption       its settings in one line, for the figure
     * @param maps          its maps of the clip, as computed (not yet scaled for display)
     * @param normalisation how they were normalised (raw mass is auto-ranged for drawing)
     * @param render        colormap, blend and the rest
     * @param crop          where its model's crop sits in the source frame
     */
    public record Pane(String label, String caption, AttentionMaps maps, MapNormalization normalisation,
            RenderOptions render, CropGeometry crop) {
    }

    /** The source frame with pane {@code p}'s clip-frame-{@code t} map drawn over its crop. */
    public static BufferedImage draw(OverlayRenderer r, BufferedImage frame, Pane p, int t) {
        AttentionMaps shown = DisplayRange.forDisplay(p.maps(), p.normalisation());
        return r.render(frame, shown.frame(t), shown.gridH(), shown.gridW(), p.crop(), p.render());
    }

    /** The source frame with A − B of clip frame {@code t} drawn with the diverging map over A's crop. */
    public static BufferedImage drawDifference(OverlayRenderer r, BufferedImage frame, MapDifference d, Pane a, int t) {
        return r.render(frame, d.unitFrame(t), d.gridH(), d.gridW(), a.crop(), MapDifference.renderOptions(a.render()));
    }

    /** A − B of the first two panes (their {@link AttentionMaps#values()}, each in its own normalisation). */
    public static MapDifference difference(Pane a, Pane b) {
        return MapDifference.of(a.maps(), b.maps());
    }

    /** The units of A − B in words, for its colour bar. */
    public static String units(Pane a, Pane b) {
        if (a.normalisation() != b.normalisation()) {
            return "map values; A and B normalised differently";
        }
        return switch (a.normalisation()) {
            case GLOBAL_MAX -> "normalised to the clip maximum";
            case PER_FRAME -> "normalised per frame";
            case NONE -> "rollout mass, raw";
        };
    }

    /** A pane's colour bar: what its colours mean in its own units. */
    public static BarScale bar(Pane p) {
        return DisplayRange.bar(p.maps(), p.normalisation());
    }

    /**
     * The whole figure of clip frame {@code t} on {@code frame}: every pane, then (when asked and there
     * are two panes or more) the difference A − B.
     *
     * @param height each picture's height in layout units
     * @throws IllegalArgumentException a difference of maps whose shapes differ
     */
    public static BufferedImage figure(String title, BufferedImage frame, List<Pane> panes, int t, boolean difference,
            double height, double scale) {
        OverlayRenderer r = new OverlayRenderer();
        List<CompareFigure.Panel> panels = new ArrayList<>();
        for (Pane p : panes) {
            panels.add(new CompareFigure.Panel(p.label(), p.caption(), draw(r, frame, p, t), p.render().colormap(),
                    bar(p)));
        }
        if (difference && panes.size() >= 2) {
            MapDifference d = difference(panes.get(0), panes.get(1));
            panels.add(new CompareFigure.Panel(DIFFERENCE, "difference of the maps, diverging scale symmetric about 0",
                    drawDifference(r, frame, d, panes.get(0), t), Colormap.RDBU_R,
                    d.bar(units(panes.get(0), panes.get(1)))));
        }
        return CompareFigure.render(title, panels, height, scale);
    }
}
