package org.spacetimelens.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.video.CropGeometry;

/**
 * Draws a viewer screenshot from its {@link ViewShot} and the maps: the frame view or the grid, with
 * the heat map (and token grid) baked by {@link OverlayRenderer}, the ground-truth box and the query
 * marker stroked over it, then the colour bar and caption. The viewer's screenshots and
 * {@code export --replay} of their sidecars both draw through here (Java2D on a {@code BufferedImage},
 * no display), so the same inputs give the same bytes. The marks follow the canvas's own drawing
 * ({@code app.TruthBoxOverlay}, {@code app.QueryMarkerOverlay}, {@code app.GridView}) at the same sizes.
 */
public final class ViewShotRenderer {
    /** Line widths (view pixels) of the canvas's marks. */
    private static final double QUERY_FRAME = 2.5;
    private static final double QUERY_GRID = 2;
    private static final double ACCENT = 2;
    /** The grid's label font size (view pixels), as the canvas's. */
    private static final double LABEL_FONT = 12;
    /** Above this zoom the canvas shows frame pixels unsmoothed. */
    private static final double SMOOTH_BELOW = 2;

    /**
     * What is drawn, besides the view's description.
     *
     * @param shownFrame   the frame view's video frame ({@code frame.frameIndex}), decoded; null for the grid
     * @param clipFrames   the analysed clip's frames (for the grid, and the frame view's map)
     * @param frameIndices source frame per clip frame
     * @param timestamps   seconds per clip frame (NaN where unknown)
     * @param maps         the maps as drawn (one per clip frame, auto-ranged when {@code range} is auto); may
     *                     be null when {@code overlay} is off
     * @param crop         where the model's crop lies in the source frame
     * @param options      colormap, blend, opacity, weight by value, upsampling, token grid
     * @param query        the rollout's query token
     * @param tubelet      clip frames per map slot (1 for TimeSformer)
     */
    public record Inputs(BufferedImage shownFrame, List<BufferedImage> clipFrames, int[] frameIndices,
            double[] timestamps, AttentionMaps maps, CropGeometry crop, RenderOptions options, QueryToken query,
            int tubelet) {
    }

    private ViewShotRenderer() {
    }

    /** The screenshot: the view, then the colour bar beside it and the caption above, as {@code shot} says. */
    public static BufferedImage render(ViewShot shot, Inputs in) {
        int k = shot.scale();
        int w = Math.max(1, (int) Math.round(shot.width() * k));
        int h = Math.max(1, (int) Math.round(shot.height() * k));
        BufferedImage view = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = view.createGraphics();
        try {
            Typography.hints(g);
            g.setColor(color(shot.theme().background()));
            g.fillRect(0, 0, w, h);
            if (ViewShot.FRAME.equals(shot.view())) {
                drawFrame(g, shot, in);
            } else {
                drawGrid(g, shot, in);
            }
        } finally {
            g.dispose();
        }
        BufferedImage out = shot.colorBar() ? withBar(view, shot, in) : view;
        return shot.caption() == null ? out : withCaption(out, shot.caption(), k);
    }

    private static void drawFrame(Graphics2D g, ViewShot shot, Inputs in) {
        ViewShot.FrameView f = shot.frame();
        if (in.shownFrame() == null) {
            throw new IllegalArgumentException("a frame screenshot needs the decoded frame " + f.frameIndex());
        }
        int k = shot.scale();
        BufferedImage img = overlay(in.shownFrame(), shot, in, f.clipFrame());
        double z = f.zoom() * k;
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, f.zoom() < SMOOTH_BELOW
                ? RenderingHints.VALUE_INTERPOLATION_BILINEAR : RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(img, new AffineTransform(z, 0, 0, z, f.originX() * k, f.originY() * k), null);
        // source pixel (px, py) → picture (ox + px·kx, oy + py·ky)
        double kx = img.getWidth() / (double) in.crop().sourceWidth() * z;
        double ky = img.getHeight() / (double) in.crop().sourceHeight() * z;
        double ox = f.originX() * k;
        double oy = f.originY() * k;
        if (shot.truthBox() && f.truthBox() != null) {
            truthBox(g, f.truthBox(), ox, oy, kx, ky, k);
        }
        if (shot.queryMarker()) {
            queryMarker(g, shot, in, f.clipFrame(), ox, oy, kx, ky, QUERY_FRAME * k);
        }
    }

    private static void drawGrid(Graphics2D g, ViewShot shot, Inputs in) {
        ViewShot.GridView l = shot.grid();
        int k = shot.scale();
        double[] win = l.window();
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 1).deriveFont((float) (LABEL_FONT * k));
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        int n = in.clipFrames().size();
        int form = labelForm(in, l.tileWidth() * k, fm);
        for (int t = 0; t < n; t++) {
            double x = l.tileX(t) * k;
            double tw = l.tileWidth() * k;
            double th = l.tileHeight() * k;
            BufferedImage frame = in.clipFrames().get(t);
            drawWindow(g, frame, win, in.crop(), x, l.frameY(t) * k, tw, th);
            BufferedImage over = overlay(frame, shot, in, t);
            drawWindow(g, over, win, in.crop(), x, l.overlayY(t) * k, tw, th);
            if (t == l.currentFrame()) {
                g.setColor(color(shot.theme().accent()));
                g.setStroke(new BasicStroke((float) (ACCENT * k)));
                g.draw(new Rectangle2D.Double(x - 2 * k, l.frameY(t) * k - 2 * k, tw + 4 * k,
                        2 * th + l.gap() * k + 4 * k));
            }
            g.setColor(color(shot.theme().muted()));
            String label = label(in, t, form);
            g.drawString(label, (float) (x + tw / 2 - fm.stringWidth(label) / 2.0),
                    (float) (l.overlayY(t) * k + th + (l.labelHeight() / 2 + 2) * k + (fm.getAscent() - fm.getDescent())
                            / 2.0));
            double sx = tw / win[2];
            double sy = th / win[3];
            double ox = x - win[0] * sx;
            double oy = l.overlayY(t) * k - win[1] * sy;
            Graphics2D tile = (Graphics2D) g.create();
            try {
                tile.clip(new Rectangle2D.Double(x, l.overlayY(t) * k, tw, th));
                double[][] boxes = l.truthBoxes();
                if (shot.truthBox() && boxes != null && t < boxes.length && boxes[t] != null) {
                    truthBox(tile, boxes[t], ox, oy, sx, sy, k);
                }
                if (shot.queryMarker()) {
                    queryMarker(tile, shot, in, t, ox, oy, sx, sy, QUERY_GRID * k);
                }
            } finally {
                tile.dispose();
            }
        }
    }

    /** The frame with clip frame t's map baked on it (the viewer's frame and grid jobs), or the frame alone. */
    private static BufferedImage overlay(BufferedImage frame, ViewShot shot, Inputs in, int t) {
        AttentionMaps m = in.maps();
        if (!shot.overlay() || m == null || t < 0 || t >= m.frames()) {
            return frame;
        }
        return new OverlayRenderer().render(frame, m.frame(t), m.gridH(), m.gridW(), in.crop(), in.options());
    }

    /** Draws the window {@code win} (source pixels) of {@code img} into the rectangle (x, y, w, h). */
    private static void drawWindow(Graphics2D g, BufferedImage img, double[] win, CropGeometry crop, double x, double y,
            double w, double h) {
        double kx = img.getWidth() / (double) crop.sourceWidth();
        double ky = img.getHeight() / (double) crop.sourceHeight();
        double sx = w / (win[2] * kx);
        double sy = h / (win[3] * ky);
        Graphics2D c = (Graphics2D) g.create();
        try {
            c.clip(new Rectangle2D.Double(x, y, w, h));
            c.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            c.drawImage(img, new AffineTransform(sx, 0, 0, sy, x - win[0] * kx * sx, y - win[1] * ky * sy), null);
        } finally {
            c.dispose();
        }
    }

    /** White dashes on a dark outline (the canvas's {@code TruthBoxOverlay}). */
    private static void truthBox(Graphics2D g, double[] box, double ox, double oy, double kx, double ky, int k) {
        Rectangle2D r = new Rectangle2D.Double(ox + box[0] * kx, oy + box[1] * ky, (box[2] - box[0]) * kx,
                (box[3] - box[1]) * ky);
        g.setColor(new Color(0, 0, 0, 140));
        g.setStroke(new BasicStroke(3f * k));
        g.draw(r);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(1.5f * k, BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f * k, 4f * k}, 0f));
        g.draw(r);
    }

    /** The query patch outlined on the tile of its slot (a patch query only). */
    private static void queryMarker(Graphics2D g, ViewShot shot, Inputs in, int t, double ox, double oy, double kx,
            double ky, double width) {
        QueryToken q = in.query();
        AttentionMaps m = in.maps();
        if (q == null || q.cls() || t < 0 || m == null || q.t() != t / Math.max(1, in.tubelet())) {
            return;
        }
        CropGeometry c = in.crop();
        double pw = c.sourceCropWidth() / m.gridW();
        double ph = c.sourceCropHeight() / m.gridH();
        g.setColor(color(shot.theme().marker()));
        g.setStroke(new BasicStroke((float) width));
        g.draw(new Rectangle2D.Double(ox + (c.sourceX() + q.x() * pw) * kx, oy + (c.sourceY() + q.y() * ph) * ky,
                pw * kx, ph * ky));
    }

    /** The longest label form whose last tile's label fits the tile width (the canvas's rule). */
    private static int labelForm(Inputs in, double width, FontMetrics fm) {
        int last = in.clipFrames().size() - 1;
        for (int form = 0; form < 3; form++) {
            if (last < 0 || fm.stringWidth(label(in, last, form)) <= width) {
                return form;
            }
        }
        return 3;
    }

    private static String label(Inputs in, int t, int form) {
        int tub = Math.max(1, in.tubelet());
        String slot = tub > 1 ? " (t' " + t / tub + ")" : "";
        return switch (form) {
            case 0 -> String.format(Locale.ROOT, "t %d%s · #%d · %.2f s", t, slot, in.frameIndices()[t],
                    in.timestamps()[t]);
            case 1 -> String.format(Locale.ROOT, "t %d%s · #%d", t, slot, in.frameIndices()[t]);
            case 2 -> "t " + t + slot;
            default -> "t " + t;
        };
    }

    /** The colour bar right of the view on white, in the units the view's range gives. */
    private static BufferedImage withBar(BufferedImage view, ViewShot shot, Inputs in) {
        BarScale s = ViewShot.AUTO.equals(shot.range()) && in.maps() != null
                ? BarScale.of(in.maps(), BarUnits.RAW) : BarScale.normalised();
        int barHeight = Math.max(16, (int) Math.round(view.getHeight() * 0.8));
        BufferedImage bar = ColorBar.render(in.options().colormap(), s, barHeight, shot.scale());
        int h = Math.max(view.getHeight(), bar.getHeight());
        BufferedImage out = new BufferedImage(view.getWidth() + bar.getWidth(), h, BufferedImage.TYPE_INT_RGB);
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

    /** A title line above the picture, dark on white (the figures' typography). */
    private static BufferedImage withCaption(BufferedImage img, String caption, int k) {
        int band = (int) Math.round((Typography.LABEL + 12) * k);
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight() + band, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            Typography.hints(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), band);
            g.drawImage(img, 0, band, null);
            g.setFont(Typography.font(Typography.LABEL, k, false));
            g.setColor(Typography.INK);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(caption, (float) (6 * k), (float) (band / 2.0 + (fm.getAscent() - fm.getDescent()) / 2.0));
        } finally {
            g.dispose();
        }
        return out;
    }

    /** {@code #rrggbb} → colour. */
    static Color color(String hex) {
        if (hex == null || !hex.matches("#[0-9a-fA-F]{6}")) {
            throw new IllegalArgumentException("colour must be #rrggbb, got " + hex);
        }
        return new Color(Integer.parseInt(hex.substring(1), 16));
    }
}
