package org.spacetimelens.render;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.video.CropGeometry;

/** One overlay as a figure: title line(s), the overlay, "frame N · t s" beneath, colour bar beside. */
public final class AnnotatedFrame {
    private AnnotatedFrame() {
    }

    private static final double MARGIN = 14;
    private static final double BAR_GAP = 10;

    /**
     * Frame {@code t} of {@code maps} over {@code frame}.
     *
     * @param frame      the source frame (full resolution)
     * @param maps       the clip's maps; frame {@code t}'s is drawn, and they set the colour bar's raw scale
     * @param crop       the model's crop in {@code frame}; {@code null} means a centre square
     * @param frameIndex source frame index for the label, or a negative number to leave it out
     * @param seconds    timestamp for the label, NaN to leave it out
     */
    public static BufferedImage render(BufferedImage frame, AttentionMaps maps, int t, CropGeometry crop,
                                       int frameIndex, double seconds, FigureCaption caption,
                                       RenderOptions render, FigureOptions layout) {
        if (t < 0 || t >= maps.frames()) {
            throw new IllegalArgumentException("frame " + t + " is outside the maps' 0.." + (maps.frames() - 1));
        }
        return render(frame, maps.frame(t), maps.gridH(), maps.gridW(), crop, frameIndex, seconds, caption,
                BarScale.of(maps, render.barUnits()), render, layout);
    }

    /** Same for a bare map ({@code gh × gw}), e.g. one interpolated between sampled frames. */
    public static BufferedImage render(BufferedImage frame, float[] map, int gh, int gw, CropGeometry crop,
                                       int frameIndex, double seconds, FigureCaption caption, BarScale bar,
                                       RenderOptions render, FigureOptions layout) {
        CropGeometry geom = crop != null ? crop : Tiles.centreSquare(frame.getWidth(), frame.getHeight());
        if (frame.getWidth() != geom.sourceWidth() || frame.getHeight() != geom.sourceHeight()) {
            throw new IllegalArgumentException("frame is " + frame.getWidth() + "×" + frame.getHeight()
                    + " but the crop geometry is for " + geom.sourceWidth() + "×" + geom.sourceHeight());
        }
        double sc = layout.scale();
        int tileH = layout.px(layout.tileSize());
        BufferedImage tile = layout.fullFrame() ? Tiles.whole(frame, tileH) : Tiles.crop(frame, geom, tileH);
        MapRegion region = layout.fullFrame() ? MapRegion.ofCrop(geom, tile.getWidth(), tileH)
                : MapRegion.whole(tileH, tileH);
        BufferedImage overlay = new OverlayRenderer().render(tile, map, gh, gw, region, render);

        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D mg = scratch.createGraphics();
        Typography.hints(mg);
        mg.setFont(Typography.font(Typography.TITLE, sc, true));
        FontMetrics titleFm = mg.getFontMetrics();
        mg.setFont(Typography.font(Typography.LABEL, sc, false));
        FontMetrics labelFm = mg.getFontMetrics();
        mg.dispose();

        int margin = layout.px(MARGIN);
        int barW = render.colorBar() ? layout.px(BAR_GAP) + ColorBar.width(bar, sc) : 0;
        int contentW = tile.getWidth() + barW;
        List<String> titleLines = ContactSheet.wrap(caption.parts(), titleFm, Math.max(contentW, layout.px(360)));
        int width = 2 * margin + Math.max(contentW, ContactSheet.widest(titleLines, titleFm));
        int titleH = titleLines.isEmpty() ? 0 : titleLines.size() * titleFm.getHeight() + layout.px(8);
        String label = frameIndex >= 0 ? ContactSheet.frameLabel(frameIndex, seconds) : null;
        int labelH = label == null ? 0 : labelFm.getHeight() + layout.px(3);
        int height = 2 * margin + titleH + tileH + labelH;

        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            Typography.hints(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Typography.INK);
            g.setFont(Typography.font(Typography.TITLE, sc, true));
            int y = margin;
            for (String line : titleLines) {
                g.drawString(line, margin, y + titleFm.getAscent());
                y += titleFm.getHeight();
            }
            int yImg = margin + titleH;
            g.drawImage(overlay, margin, yImg, null);
            if (label != null) {
                g.setFont(Typography.font(Typography.LABEL, sc, false));
                g.drawString(label, margin + (tile.getWidth() - labelFm.stringWidth(label)) / 2f,
                        yImg + tileH + layout.px(3) + labelFm.getAscent());
            }
            if (render.colorBar()) {
                ColorBar.draw(g, render.colormap(), bar, ContactSheet.barMarks(render), sc,
                        margin + tile.getWidth() + layout.px(BAR_GAP), yImg, tileH);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
