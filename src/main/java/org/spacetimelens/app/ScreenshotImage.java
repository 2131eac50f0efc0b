package org.spacetimelens.app;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.spacetimelens.render.BarScale;
import org.spacetimelens.render.BarUnits;
import org.spacetimelens.render.ColorBar;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.MapNormalization;

/**
 * A screenshot as its sidecar describes it: the canvas content (no letterbox, see
 * {@link FrameView#snapshot}) with the colour bar to its right when the render options claim one
 * ({@code colorBar}, the canvas colour bar's toggle), in the units the canvas bar shows.
 */
final class ScreenshotImage {
    private ScreenshotImage() {
    }

    static BufferedImage compose(BufferedImage view, ExportJob job, AttentionMaps maps, MapNormalization n,
            int scale) {
        if (job == null || maps == null || !job.renderOptions().colorBar()) {
            return view;
        }
        BarScale s = n == MapNormalization.NONE
                ? BarScale.of(MapDisplay.forDisplay(maps, n), BarUnits.RAW) : BarScale.normalised();
        int barHeight = Math.max(16, (int) Math.round(view.getHeight() * 0.8));
        BufferedImage bar = ColorBar.render(job.renderOptions().colormap(), s, barHeight, scale);
        int h = Math.max(view.getHeight(), bar.getHeight());
        BufferedImage out = new BufferedImage(view.getWidth() + bar.getWidth(), h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), h);
            g.drawImage(view, 0, (h - view.getHeight()) / 2, null);
            g.drawImage(bar, view.getWidth(), (h - bar.getHeight()) / 2, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
