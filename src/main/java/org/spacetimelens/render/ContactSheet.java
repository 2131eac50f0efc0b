package org.spacetimelens.render;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.CropGeometry;

/**
 * The published figure: a title line, then the clip's frames in a row with their overlays in a row
 * beneath, "frame N · t s" under each column and a colour bar beside the overlay row. Long clips wrap
 * into several such bands ({@link FigureOptions#maxColumns()}). White background, anti-aliased text.
 */
public final class ContactSheet {
    private ContactSheet() {
    }

    /** Layout lengths in units (× scale). */
    private static final double MARGIN = 14;
    private static final double GAP = 4;
    private static final double ROW_GAP = 4;
    private static final double BAND_GAP = 14;
    private static final double BAR_GAP = 10;

    /**
     * A rendered sheet with where each clip frame's tiles sit in it (for a viewer to map clicks to frames,
     * and for tests).
     */
    public record Sheet(BufferedImage image, List<Rectangle> frameTiles, List<Rectangle> overlayTiles) {
        public Sheet {
            frameTiles = List.copyOf(frameTiles);
            overlayTiles = List.copyOf(overlayTiles);
        }
    }

    /** The sheet image alone; see {@link #renderSheet}. */
    public static BufferedImage render(Clip clip, AttentionMaps maps, CropGeometry crop, FigureCaption caption,
                                       RenderOptions render, FigureOptions layout) {
        return renderSheet(clip, maps, crop, caption, render, layout).image();
    }

    /**
     * Renders the sheet.
     *
     * @param clip    the frames the model saw (source resolution) with their indices and timestamps
     * @param maps    one map per clip frame, {@code (T, gh, gw)}
     * @param crop    where the model's crop sits in the source frames; {@code null} means a centre square
     * @param caption title words
     * @param render  colormap, blend, upsampling… ({@link RenderOptions#colorBar()} adds the bar)
     * @param layout  tile size, scale, crop or full frame, wrapping
     * @throws IllegalArgumentException when clip and maps disagree in frame count or a frame is missing
     */
    public static Sheet renderSheet(Clip clip, AttentionMaps maps, CropGeometry crop, FigureCaption caption,
                                    RenderOptions render, FigureOptions layout) {
        if (clip.size() != maps.frames()) {
            throw new IllegalArgumentException("the clip has " + clip.size() + " frames but the maps have "
                    + maps.frames() + "; render the maps of this clip");
        }
        if (clip.size() == 0) {
            throw new IllegalArgumentException("the clip has no frames");
        }
        BufferedImage first = clip.frames().get(0);
        CropGeometry geom = crop != null ? crop : Tiles.centreSquare(first.getWidth(), first.getHeight());
        double sc = layout.scale();
        int tileH = layout.px(layout.tileSize());
        int tileW = layout.fullFrame()
                ? (int) Math.max(1, Math.round(geom.sourceWidth() * (double) tileH / geom.sourceHeight()))
                : tileH;

        // tiles and overlays first: the layout needs nothing from them but their size
        OverlayRenderer renderer = new OverlayRenderer();
        List<BufferedImage> tiles = new ArrayList<>();
        List<BufferedImage> overlays = new ArrayList<>();
        for (int t = 0; t < clip.size(); t++) {
            BufferedImage f = clip.frames().get(t);
            if (f.getWidth() != geom.sourceWidth() || f.getHeight() != geom.sourceHeight()) {
                throw new IllegalArgumentException("clip frame " + t + " is " + f.getWidth() + "×" + f.getHeight()
                        + " but the crop geometry is for " + geom.sourceWidth() + "×" + geom.sourceHeight());
            }
            BufferedImage tile = layout.fullFrame() ? Tiles.whole(f, tileH) : Tiles.crop(f, geom, tileH);
            MapRegion region = layout.fullFrame() ? MapRegion.ofCrop(geom, tileW, tileH) : MapRegion.whole(tileH, tileH);
            tiles.add(tile);
            overlays.add(renderer.render(tile, maps.frame(t), maps.gridH(), maps.gridW(), region, render));
        }

        int cols = Math.min(layout.maxColumns(), clip.size());
        int bands = (clip.size() + cols - 1) / cols;
        BarScale barScale = BarScale.of(maps, render.barUnits());

        // measure text
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D mg = scratch.createGraphics();
        Typography.hints(mg);
        mg.setFont(Typography.font(Typography.TITLE, sc, true));
        FontMetrics titleFm = mg.getFontMetrics();
        mg.setFont(Typography.font(Typography.LABEL, sc, false));
        FontMetrics labelFm = mg.getFontMetrics();
        mg.dispose();

        int margin = layout.px(MARGIN);
        int gap = layout.px(GAP);
        int rowLabelW = layout.rowLabels() ? labelFm.getHeight() + layout.px(4) : 0;
        int barW = render.colorBar() ? layout.px(BAR_GAP) + ColorBar.width(barScale, sc) : 0;
        int gridW = cols * tileW + (cols - 1) * gap;
        int contentW = rowLabelW + gridW + barW;
        List<String> titleLines = wrap(caption.parts(), titleFm, Math.max(contentW, tileW * 4));
        int width = 2 * margin + Math.max(contentW, widest(titleLines, titleFm));
        int titleH = titleLines.isEmpty() ? 0 : titleLines.size() * titleFm.getHeight() + layout.px(8);
        int captionH = labelFm.getHeight() + layout.px(3);
        int bandH = 2 * tileH + layout.px(ROW_GAP) + captionH;
        int height = 2 * margin + titleH + bands * bandH + (bands - 1) * layout.px(BAND_GAP);

        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        List<Rectangle> frameBoxes = new ArrayList<>();
        List<Rectangle> overlayBoxes = new ArrayList<>();
        Graphics2D g = sheet.createGraphics();
        try {
            Typography.hints(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int y = margin;
            g.setFont(Typography.font(Typography.TITLE, sc, true));
            g.setColor(Typography.INK);
            for (String line : titleLines) {
                g.drawString(line, margin, y + titleFm.getAscent());
                y += titleFm.getHeight();
            }
            y = margin + titleH;
            for (int band = 0; band < bands; band++) {
                int x0 = margin + rowLabelW;
                int yFrames = y;
                int yOverlays = y + tileH + layout.px(ROW_GAP);
                int yCaption = yOverlays + tileH + layout.px(3);
                if (layout.rowLabels()) {
                    g.setFont(Typography.font(Typography.LABEL, sc, false));
                    g.setColor(Typography.MUTED);
                    verticalLabel(g, "input", margin + labelFm.getAscent(), yFrames + tileH / 2.0);
                    verticalLabel(g, "attention", margin + labelFm.getAscent(), yOverlays + tileH / 2.0);
                }
                for (int c = 0; c < cols; c++) {
                    int t = band * cols + c;
                    if (t >= clip.size()) {
                        break;
                    }
                    int x = x0 + c * (tileW + gap);
                    g.drawImage(tiles.get(t), x, yFrames, null);
                    g.drawImage(overlays.get(t), x, yOverlays, null);
                    frameBoxes.add(new Rectangle(x, yFrames, tileW, tileH));
                    overlayBoxes.add(new Rectangle(x, yOverlays, tileW, tileH));
                    g.setFont(Typography.font(Typography.LABEL, sc, false));
                    g.setColor(Typography.INK);
                    String label = frameLabel(clip.frameIndices()[t], clip.timestamps()[t]);
                    label = fit(label, labelFm, tileW);
                    g.drawString(label, x + (tileW - labelFm.stringWidth(label)) / 2f, yCaption + labelFm.getAscent());
                }
                if (render.colorBar()) {
                    ColorBar.draw(g, render.colormap(), barScale, barMarks(render), sc,
                            x0 + gridW + layout.px(BAR_GAP), yOverlays, tileH);
                }
                y += bandH + layout.px(BAND_GAP);
            }
        } finally {
            g.dispose();
        }
        return new Sheet(sheet, frameBoxes, overlayBoxes);
    }

    /** The contour levels, marked on the colour bar when the blend draws iso-lines. */
    static List<Float> barMarks(RenderOptions render) {
        return render.blend() == Blend.CONTOUR ? render.contourLevels() : List.of();
    }

    /** "frame 123 · 4.10 s" (the time left out when unknown). */
    static String frameLabel(int index, double seconds) {
        return Double.isFinite(seconds) ? String.format(Locale.ROOT, "frame %d · %.2f s", index, seconds)
                : "frame " + index;
    }

    static void verticalLabel(Graphics2D g, String text, double baselineX, double centreY) {
        FontMetrics fm = g.getFontMetrics();
        AffineTransform saved = g.getTransform();
        g.translate(baselineX, centreY + fm.stringWidth(text) / 2.0);
        g.rotate(-Math.PI / 2);
        g.drawString(text, 0f, 0f);
        g.setTransform(saved);
    }

    /** Joins parts with " · ", breaking lines between parts so each fits {@code maxWidth}. */
    static List<String> wrap(List<String> parts, FontMetrics fm, int maxWidth) {
        List<String> lines = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String p : parts) {
            String candidate = cur.length() == 0 ? p : cur + " · " + p;
            if (cur.length() > 0 && fm.stringWidth(candidate) > maxWidth) {
                lines.add(cur.toString());
                cur = new StringBuilder(p);
            } else {
                cur = new StringBuilder(candidate);
            }
        }
        if (cur.length() > 0) {
            lines.add(cur.toString());
        }
        return lines;
    }

    static int widest(List<String> lines, FontMetrics fm) {
        int w = 0;
        for (String l : lines) {
            w = Math.max(w, fm.stringWidth(l));
        }
        return w;
    }

    static String fit(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }
}
