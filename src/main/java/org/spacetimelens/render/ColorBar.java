package org.spacetimelens.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A vertical colour bar: the colormap strip (value 1 at the top), ticks with numbers on the right and
 * the axis title written upwards beside them. Drawn into a figure, or alone as an image for the viewer.
 */
public final class ColorBar {
    private ColorBar() {
    }

    private static final double STRIP = 12;
    private static final double TICK_LEN = 3;
    private static final double PAD = 4;

    /** Width in pixels the bar needs at {@code scale} for the given scale's labels. */
    public static int width(BarScale s, double scale) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            Typography.hints(g);
            return (int) Math.ceil(measure(g, s, scale));
        } finally {
            g.dispose();
        }
    }

    /** The bar alone on white, {@code height} pixels tall. */
    public static BufferedImage render(Colormap cmap, BarScale s, int height, double scale) {
        int w = width(s, scale) + (int) Math.round(2 * scale);
        int h = height + (int) Math.round(Typography.TICK * scale); // room for half a label above and below
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            Typography.hints(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            draw(g, cmap, s, scale, 0, h / 2.0 - height / 2.0, height);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Draws the bar with its strip's top-left at ({@code x}, {@code y}); returns the width used. */
    public static double draw(Graphics2D g, Colormap cmap, BarScale s, double scale, double x, double y, double height) {
        return draw(g, cmap, s, List.of(), scale, x, y, height);
    }

    /**
     * Same, with {@code marks} (map values in (0, 1), e.g. the contour levels) drawn as lines across the
     * strip so a reader can match each iso-line to its value.
     */
    public static double draw(Graphics2D g, Colormap cmap, BarScale s, List<Float> marks, double scale, double x,
                              double y, double height) {
        double strip = STRIP * scale;
        int rows = (int) Math.max(1, Math.round(height));
        for (int r = 0; r < rows; r++) {
            float v = 1f - (r + 0.5f) / rows;
            g.setColor(new Color(cmap.argb(v), false));
            g.fill(new Rectangle2D.Double(x, y + r * height / rows, strip, height / rows + 0.5));
        }
        for (float m : marks) {
            double my = y + (1 - m) * height;
            g.setStroke(new BasicStroke((float) (2.2 * scale)));
            g.setColor(Color.BLACK);
            g.draw(new Line2D.Double(x, my, x + strip, my));
            g.setStroke(new BasicStroke((float) (1.0 * scale)));
            g.setColor(Color.WHITE);
            g.draw(new Line2D.Double(x, my, x + strip, my));
        }
        g.setColor(Typography.RULE);
        g.setStroke(new BasicStroke((float) (0.75 * scale)));
        g.draw(new Rectangle2D.Double(x, y, strip, height));

        Font tickFont = Typography.font(Typography.TICK, scale, false);
        g.setFont(tickFont);
        FontMetrics fm = g.getFontMetrics();
        double labelX = x + strip + (TICK_LEN + 2) * scale;
        double maxLabel = 0;
        for (double[] t : ticks(s)) {
            double ty = y + (1 - t[0]) * height;
            g.setColor(Typography.RULE);
            g.draw(new Line2D.Double(x + strip, ty, x + strip + TICK_LEN * scale, ty));
            String text = format(t[1], s);
            g.setColor(Typography.INK);
            g.drawString(text, (float) labelX, (float) (ty + (fm.getAscent() - fm.getDescent()) / 2.0));
            maxLabel = Math.max(maxLabel, fm.stringWidth(text));
        }
        Font titleFont = Typography.font(Typography.LABEL, scale, false);
        g.setFont(titleFont);
        FontMetrics tm = g.getFontMetrics();
        String title = fit(s.title(), tm, height);
        double tx = labelX + maxLabel + PAD * scale + tm.getAscent();
        double tw = tm.stringWidth(title);
        AffineTransform saved = g.getTransform();
        g.translate(tx, y + height / 2.0 + tw / 2.0);
        g.rotate(-Math.PI / 2);
        g.setColor(Typography.INK);
        g.drawString(title, 0f, 0f);
        g.setTransform(saved);
        return tx + tm.getDescent() - x;
    }

    private static double measure(Graphics2D g, BarScale s, double scale) {
        g.setFont(Typography.font(Typography.TICK, scale, false));
        FontMetrics fm = g.getFontMetrics();
        double maxLabel = 0;
        for (double[] t : ticks(s)) {
            maxLabel = Math.max(maxLabel, fm.stringWidth(format(t[1], s)));
        }
        g.setFont(Typography.font(Typography.LABEL, scale, false));
        FontMetrics tm = g.getFontMetrics();
        return (STRIP + TICK_LEN + 2 + PAD) * scale + maxLabel + tm.getAscent() + tm.getDescent();
    }

    /** Shortens the title with an ellipsis when it is longer than the bar. */
    private static String fit(String title, FontMetrics fm, double length) {
        if (fm.stringWidth(title) <= length) {
            return title;
        }
        String t = title;
        while (t.length() > 1 && fm.stringWidth(t + "…") > length) {
            t = t.substring(0, t.length() - 1);
        }
        return t.strip() + "…";
    }

    /** Ticks as (position 0..1 along the bar, value): 1-2-5 steps, 3 to 6 of them, ends included when round. */
    static List<double[]> ticks(BarScale s) {
        double span = s.hi() - s.lo();
        double raw = span / 4;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw * 0.999) {
                step = m * mag;
                break;
            }
        }
        List<double[]> out = new ArrayList<>();
        double first = Math.ceil(s.lo() / step - 1e-9) * step;
        for (double v = first; v <= s.hi() + step * 1e-9; v += step) {
            out.add(new double[] {(v - s.lo()) / span, v});
        }
        return out;
    }

    static String format(double v, BarScale s) {
        double span = s.hi() - s.lo();
        if (Math.abs(v) < span * 1e-9) {
            return "0";
        }
        double mag = Math.max(Math.abs(s.lo()), Math.abs(s.hi()));
        if (mag < 1e-2 || mag >= 1e4) {
            return String.format(Locale.ROOT, "%.2g", v).replace("e-0", "e-").replace("e+0", "e");
        }
        String t = String.format(Locale.ROOT, "%.3f", v);
        t = t.replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
