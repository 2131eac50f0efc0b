package org.spacetimelens.render;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import org.spacetimelens.video.CropGeometry;

/** Frame tiles for figures: the model's crop square, or the whole frame, at a given pixel size. */
final class Tiles {
    private Tiles() {
    }

    /** The geometry to use when none is given: a centre square (what a centre crop would take). */
    static CropGeometry centreSquare(int w, int h) {
        int side = Math.min(w, h);
        return new CropGeometry(w, h, 1.0, (w - side) / 2, (h - side) / 2, side);
    }

    /** Side of a crop tile at about source resolution: the larger side of the crop in source pixels. */
    static double naturalSize(CropGeometry crop) {
        return Math.max(crop.sourceCropWidth(), crop.sourceCropHeight());
    }

    /**
     * The crop of {@code frame} as a {@code size × size} TYPE_INT_RGB image: a square, as the model
     * saw it (a crop of a frame resized to an exact height × width is stretched back to a square).
     */
    static BufferedImage crop(BufferedImage frame, CropGeometry crop, int size) {
        BufferedImage src = prescale(frame, Math.min(crop.sourceCropWidth(), crop.sourceCropHeight()) / size);
        double fx = src.getWidth() / (double) frame.getWidth();
        double fy = src.getHeight() / (double) frame.getHeight();
        AffineTransform at = new AffineTransform();
        at.scale(size / (crop.sourceCropWidth() * fx), size / (crop.sourceCropHeight() * fy));
        at.translate(-crop.sourceX() * fx, -crop.sourceY() * fy);
        return draw(src, at, size, size);
    }

    /** The whole frame scaled to {@code height} pixels tall (width keeps the aspect ratio). */
    static BufferedImage whole(BufferedImage frame, int height) {
        int width = (int) Math.max(1, Math.round(frame.getWidth() * (double) height / frame.getHeight()));
        BufferedImage src = prescale(frame, frame.getHeight() / (double) height);
        double s = height / (double) src.getHeight();
        return draw(src, AffineTransform.getScaleInstance(s, s), width, height);
    }

    /**
     * The picture an overlay is drawn on at {@code scale}× (overlay PNGs and videos): the whole frame, or
     * the crop square at its source size, resampled by {@code scale}; the frame itself at scale 1.
     */
    static BufferedImage base(BufferedImage frame, CropGeometry crop, boolean fullFrame, double scale, int minCrop) {
        if (fullFrame) {
            return scale == 1 ? frame : whole(frame, (int) Math.max(1, Math.round(frame.getHeight() * scale)));
        }
        return crop(frame, crop, (int) Math.max(minCrop, Math.round(naturalSize(crop) * scale)));
    }

    private static BufferedImage draw(BufferedImage src, AffineTransform at, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, at, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Halves the image while the remaining downscale factor is above 2: one bilinear step from far above
     * the target size aliases (sparkles on edges); successive halvings approximate an area filter.
     */
    private static BufferedImage prescale(BufferedImage img, double factor) {
        BufferedImage cur = img;
        while (factor > 2.0 && cur.getWidth() >= 4 && cur.getHeight() >= 4) {
            int w = cur.getWidth() / 2;
            int h = cur.getHeight() / 2;
            BufferedImage next = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = next.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(cur, 0, 0, w, h, null);
            } finally {
                g.dispose();
            }
            factor /= cur.getWidth() / (double) w;
            cur = next;
        }
        return cur;
    }
}
