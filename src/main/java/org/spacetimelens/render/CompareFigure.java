package org.spacetimelens.render;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The compare mode's figure: panes side by side (two in a row; four as 2 × 2; a difference pane adds a
 * column), each with its letter, a one-line summary of its settings above it and its own colour bar
 * beside it, under one title. Paper style (dark text on white), like {@link ContactSheet}; the viewer
 * and {@code export --replay} both draw it here, so the two give the same pixels.
 */
public final class CompareFigure {
    private static final double MARGIN = 12;
    private static final double GAP = 14;

    private CompareFigure() {
    }

    /**
     * One pane of the figure.
     *
     * @param label    the pane's letter ("A", "B", …, "A − B")
     * @param caption  its settings in one line (method, layers, heads, …)
     * @param image    the frame with the pane's map drawn on it
     * @param colormap the colormap of its colour bar
     * @param bar      the colour bar's numbers, or null for no bar
     */
    public record Panel(String label, String caption, BufferedImage image, Colormap colormap, BarScale bar) {
    }

    /** Columns for {@code n} panes: a row of up to three; four (or five with a difference) on two rows. */
    public static int columns(int n) {
        return n <= 3 ? n : n == 4 ? 2 : 3;
    }

    /**
     * Draws the figure.
     *
     * @param title  the line above the panes (the clip and frame), or null
     * @param height each pane's picture height in layout units (the picture keeps its aspect ratio)
     * @param scale  1 for screen size, 2 for print
     */
    public static BufferedImage render(String title, List<Panel> panels, double height, double scale) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a compare figure needs at least one pane");
        }
        int cols = columns(panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        double imgH = height * scale;
        double imgW = 0;
        double barW = 0;
        for (Panel p : panels) {
            imgW = Math.max(imgW, imgH * p.image().getWidth() / p.image().getHeight());
            if (p.bar() != null) {
                barW = Math.max(barW, ColorBar.width(p.bar(), scale) + 6 * scale);
            }
        }
        double m = MARGIN * scale;
        double gap = GAP * scale;
        double titleH = title == null ? 0 : (Typography.TITLE + 8) * scale;
        double headH = (Typography.LABEL * 2 + 10) * scale;
        double cellW = imgW + barW;
        double cellH = headH + imgH;
        int w = (int) Math.ceil(2 * m + cols * cellW + (cols - 1) * gap);
        int h = (int) Math.ceil(2 * m + titleH + rows * cellH + (rows - 1) * gap + Typography.TICK * scale / 2);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            Typography.hints(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            if (title != null) {
                g.setColor(Typography.INK);
                g.setFont(Typography.font(Typography.TITLE, scale, true));
                g.drawString(fit(title, g.getFontMetrics(), w - 2 * m), (float) m,
                        (float) (m + Typography.TITLE * scale));
            }
            for (int i = 0; i < panels.size(); i++) {
                Panel p = panels.get(i);
                double x = m + (i % cols) * (cellW + gap);
                double y = m + titleH + (i / cols) * (cellH + gap);
                g.setColor(Typography.INK);
                g.setFont(Typography.font(Typography.LABEL + 1, scale, true));
                g.drawString(p.label(), (float) x, (float) (y + (Typography.LABEL + 1) * scale));
                g.setColor(Typography.MUTED);
                g.setFont(Typography.font(Typography.LABEL, scale, false));
                g.drawString(fit(p.caption() == null ? "" : p.caption(), g.getFontMetrics(), cellW), (float) x,
                        (float) (y + (2 * Typography.LABEL + 4) * scale));
                double pw = imgH * p.image().getWidth() / p.image().getHeight();
                double iy = y + headH;
                g.drawImage(p.image(), (int) Math.round(x), (int) Math.round(iy), (int) Math.round(pw),
                        (int) Math.round(imgH), null);
                if (p.bar() != null) {
                    ColorBar.draw(g, p.colormap(), p.bar(), scale, x + pw + 6 * scale, iy, imgH);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static String fit(String text, FontMetrics fm, double width) {
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String t = text;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }
}
