package org.spacetimelens.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;

/** Fonts, colours and rendering hints shared by the figure layouts (paper style: dark text on white). */
final class Typography {
    private Typography() {
    }

    static final Color INK = new Color(0x22, 0x22, 0x22);
    static final Color MUTED = new Color(0x55, 0x55, 0x55);
    static final Color RULE = new Color(0x66, 0x66, 0x66);

    /** Sizes in layout units (multiplied by the figure scale). */
    static final double TITLE = 14;
    static final double LABEL = 11;
    static final double TICK = 10;

    static Font font(double units, double scale, boolean bold) {
        return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) (units * scale));
    }

    /** Anti-aliased text and shapes, quality interpolation for the scaled frames. */
    static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }
}
