package org.spacetimelens.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.spacetimelens.video.CropGeometry;

/**
 * Draws one patch-grid map over one frame: upsampling, colormap and blend as {@link RenderOptions} say.
 * The map covers a {@link MapRegion} of the frame (the whole frame when the frame is the model's crop,
 * or the crop square inside a full source frame); outside it the frame is dimmed or kept
 * ({@link OutsideCrop}).
 *
 * <p>Reuses its buffers between calls (after the first call at a size, the pixel path allocates
 * nothing), so keep one per thread; not thread-safe.
 */
public final class OverlayRenderer {

    /** {@code i / 255} in float32, exactly as numpy computes {@code float32(u8) / 255}. */
    private static final float[] UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            UNIT[i] = (float) i / 255f;
        }
    }

    private final MapUpsampler upsampler = new MapUpsampler();
    private int[] frameRow = new int[0];
    private float[] valueRow = new float[0];
    private int[] heat = new int[0];
    private float[] field = new float[0];
    private final int[] pairOut = new int[256 * 256]; // additive: output byte per (heat, image) byte pair

    /** Renders onto a new {@code TYPE_INT_RGB} image the size of {@code frame}; the map covers the whole frame. */
    public BufferedImage render(BufferedImage frame, float[] map, int gh, int gw, RenderOptions opts) {
        return render(frame, map, gh, gw, MapRegion.whole(frame.getWidth(), frame.getHeight()), opts);
    }

    /** Renders onto a new image; {@code frame} shows the whole source frame of {@code crop} (at any scale). */
    public BufferedImage render(BufferedImage frame, float[] map, int gh, int gw, CropGeometry crop, RenderOptions opts) {
        return render(frame, map, gh, gw, MapRegion.ofCrop(crop, frame.getWidth(), frame.getHeight()), opts);
    }

    /** Renders onto a new {@code TYPE_INT_RGB} image the size of {@code frame}. */
    public BufferedImage render(BufferedImage frame, float[] map, int gh, int gw, MapRegion region, RenderOptions opts) {
        BufferedImage dst = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
        renderInto(frame, map, gh, gw, region, opts, dst);
        return dst;
    }

    /**
     * Renders into {@code dst}, a whole {@code TYPE_INT_RGB}/{@code TYPE_INT_ARGB} image of the frame's
     * size (it may be reused between calls; contour and grid lines are drawn with java2d on it).
     */
    public void renderInto(BufferedImage frame, float[] map, int gh, int gw, MapRegion region, RenderOptions opts,
                           BufferedImage dst) {
        if (dst.getWidth() != frame.getWidth() || dst.getHeight() != frame.getHeight()) {
            throw new IllegalArgumentException("destination is " + dst.getWidth() + "×" + dst.getHeight()
                    + " but the frame is " + frame.getWidth() + "×" + frame.getHeight());
        }
        renderPixels(frame, map, gh, gw, region, opts, Pixels.intData(dst));
        if (opts.showGrid()) {
            Graphics2D g = dst.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
                drawGrid(g, region, gh, gw, frame.getWidth(), frame.getHeight(), lineScale(region));
            } finally {
                g.dispose();
            }
        }
    }

    /**
     * The pixel pass alone, into {@code out} ({@code width·height} ARGB, alpha 0xFF, row-major): everything
     * but the grid lines, which need java2d. Lets a viewer render straight into a pixel buffer.
     */
    public void renderPixels(BufferedImage frame, float[] map, int gh, int gw, MapRegion region, RenderOptions opts,
                             int[] out) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        if (out.length < w * h) {
            throw new IllegalArgumentException("output holds " + out.length + " pixels, the frame has " + w * h);
        }
        if (map.length != gh * gw) {
            throw new IllegalArgumentException("map has " + map.length + " values, expected gh·gw = " + gh + "·" + gw);
        }
        upsampler.prepare(gh, gw, w, h, region, opts.upsampling());
        upsampler.load(map);
        if (frameRow.length < w) {
            frameRow = new int[w];
            valueRow = new float[w];
        }
        switch (opts.blend()) {
            case ADDITIVE -> additive(frame, opts, out);
            case ALPHA -> alpha(frame, opts, out);
            case CONTOUR -> contour(frame, opts, out, lineScale(region));
            default -> throw new IllegalStateException("unhandled blend " + opts.blend());
        }
    }

    /** Rows outside the map get the outside treatment; within covered rows, columns outside likewise. */
    private void outsideRow(int[] src, int[] out, int base, int from, int to, OutsideCrop mode) {
        if (mode == OutsideCrop.KEEP) {
            System.arraycopy(src, from, out, base + from, to - from);
            return;
        }
        final int k = (int) (OutsideCrop.DIM_FACTOR * 256f + 0.5f);
        for (int x = from; x < to; x++) {
            int p = src[x];
            int r = ((p >> 16 & 0xFF) * k) >> 8;
            int g = ((p >> 8 & 0xFF) * k) >> 8;
            int b = ((p & 0xFF) * k) >> 8;
            out[base + x] = 0xFF000000 | r << 16 | g << 8 | b;
        }
    }

    /** The published recipe, in float32 as numpy does it: {@code uint8(255·(heat + img)/max(heat + img))}. */
    private void additive(BufferedImage frame, RenderOptions opts, int[] out) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        int x0 = upsampler.firstColumn();
        int x1 = upsampler.endColumn();
        int y0 = upsampler.firstRow();
        int y1 = upsampler.endRow();
        int[] lut = opts.colormap().lutView();
        float threshold = opts.threshold();
        if (heat.length < w * h) {
            heat = new int[w * h];
        }
        // pass 1: heat colour per covered pixel, and the maximum of heat + image over all channels
        float max = 0f;
        for (int y = y0; y < y1; y++) {
            upsampler.row(y, valueRow);
            Pixels.readRow(frame, y, frameRow);
            int base = y * w;
            for (int x = x0; x < x1; x++) {
                float v = valueRow[x];
                int c = v < threshold ? 0xFF000000 : lut[Colormap.index(v)];
                heat[base + x] = c;
                int p = frameRow[x];
                max = Math.max(max, UNIT[c >> 16 & 0xFF] + UNIT[p >> 16 & 0xFF]);
                max = Math.max(max, UNIT[c >> 8 & 0xFF] + UNIT[p >> 8 & 0xFF]);
                max = Math.max(max, UNIT[c & 0xFF] + UNIT[p & 0xFF]);
            }
        }
        // pass 2: renormalise (a black frame under a zero map would divide by zero: leave it black).
        // The result depends only on the (heat, image) byte pair of a channel, so the float32 division of
        // the recipe is done once per pair (65536) instead of three times per pixel — same numbers.
        float m = max > 0f ? max : 1f;
        for (int hc = 0; hc < 256; hc++) {
            int row = hc << 8;
            float uh = UNIT[hc];
            for (int ic = 0; ic < 256; ic++) {
                pairOut[row | ic] = (int) (255f * ((uh + UNIT[ic]) / m));
            }
        }
        for (int y = 0; y < h; y++) {
            Pixels.readRow(frame, y, frameRow);
            int base = y * w;
            if (y < y0 || y >= y1) {
                outsideRow(frameRow, out, base, 0, w, opts.outsideCrop());
                continue;
            }
            outsideRow(frameRow, out, base, 0, x0, opts.outsideCrop());
            for (int x = x0; x < x1; x++) {
                int c = heat[base + x];
                int p = frameRow[x];
                int r = pairOut[(c >> 8 & 0xFF00) | (p >> 16 & 0xFF)];
                int g = pairOut[(c & 0xFF00) | (p >> 8 & 0xFF)];
                int b = pairOut[(c << 8 & 0xFF00) | (p & 0xFF)];
                out[base + x] = 0xFF000000 | r << 16 | g << 8 | b;
            }
            outsideRow(frameRow, out, base, x1, w, opts.outsideCrop());
        }
    }

    /** {@code img + (heat − img)·a}, a in 1/256 steps. */
    private void alpha(BufferedImage frame, RenderOptions opts, int[] out) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        int x0 = upsampler.firstColumn();
        int x1 = upsampler.endColumn();
        int y0 = upsampler.firstRow();
        int y1 = upsampler.endRow();
        int[] lut = opts.colormap().lutView();
        float threshold = opts.threshold();
        float opacity = opts.opacity();
        boolean weighted = opts.valueWeighted();
        int fixedA = (int) (opacity * 256f + 0.5f);
        for (int y = 0; y < h; y++) {
            Pixels.readRow(frame, y, frameRow);
            int base = y * w;
            if (y < y0 || y >= y1) {
                outsideRow(frameRow, out, base, 0, w, opts.outsideCrop());
                continue;
            }
            upsampler.row(y, valueRow);
            outsideRow(frameRow, out, base, 0, x0, opts.outsideCrop());
            for (int x = x0; x < x1; x++) {
                float v = valueRow[x];
                int p = frameRow[x];
                int a;
                if (v < threshold || (weighted && !(v > 0f))) {
                    a = 0;
                } else if (weighted) {
                    a = (int) (opacity * Math.min(v, 1f) * 256f + 0.5f);
                } else {
                    a = fixedA;
                }
                if (a == 0) {
                    out[base + x] = p;
                    continue;
                }
                int c = lut[Colormap.index(v)];
                int ir = p >> 16 & 0xFF;
                int ig = p >> 8 & 0xFF;
                int ib = p & 0xFF;
                int r = ir + ((((c >> 16 & 0xFF) - ir) * a) >> 8);
                int g = ig + ((((c >> 8 & 0xFF) - ig) * a) >> 8);
                int b = ib + ((((c & 0xFF) - ib) * a) >> 8);
                out[base + x] = 0xFF000000 | r << 16 | g << 8 | b;
            }
            outsideRow(frameRow, out, base, x1, w, opts.outsideCrop());
        }
    }

    /** Line widths grow with the map's size on screen so figures at 2×/4× keep their look. */
    private static float lineScale(MapRegion region) {
        return (float) Math.max(1.0, Math.min(region.width(), region.height()) / 224.0);
    }

    /**
     * The frame with anti-aliased iso-lines, drawn per pixel from the upsampled field: a pixel's distance
     * to the level-{@code L} line is about {@code |v − L| / |∇v|} (central differences), and its coverage
     * of a line of half-width {@code h} is {@code clamp(h + ½ − distance)}. Each line gets a dark halo so it
     * reads on any background. Far cheaper than stroking marching-squares segments with java2d (hundreds of
     * milliseconds on a noisy 720p map) and resolution-independent in look.
     */
    private void contour(BufferedImage frame, RenderOptions opts, int[] out, float lineScale) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        int x0 = upsampler.firstColumn();
        int x1 = upsampler.endColumn();
        int y0 = upsampler.firstRow();
        int y1 = upsampler.endRow();
        if (field.length < w * h) {
            field = new float[w * h];
        }
        for (int y = 0; y < h; y++) {
            Pixels.readRow(frame, y, frameRow);
            int base = y * w;
            if (y < y0 || y >= y1) {
                outsideRow(frameRow, out, base, 0, w, opts.outsideCrop());
                continue;
            }
            upsampler.row(y, valueRow);
            System.arraycopy(valueRow, x0, field, base + x0, x1 - x0);
            outsideRow(frameRow, out, base, 0, x0, opts.outsideCrop());
            System.arraycopy(frameRow, x0, out, base + x0, x1 - x0);
            outsideRow(frameRow, out, base, x1, w, opts.outsideCrop());
        }
        List<Float> levels = opts.contourLevels();
        int n = levels.size();
        float[] lv = new float[n];
        int[] col = new int[n];
        for (int k = 0; k < n; k++) {
            lv[k] = levels.get(k);
            col[k] = opts.colormap().argb(lv[k]);
        }
        final float lineHalf = 0.75f * lineScale;
        final float haloHalf = lineHalf + 0.8f * lineScale;
        final float haloAlpha = 0.45f;
        for (int y = y0; y < y1; y++) {
            int row = y * w;
            int up = (y > y0 ? y - 1 : y) * w;
            int down = (y < y1 - 1 ? y + 1 : y) * w;
            float dyScale = (y > y0 && y < y1 - 1) ? 0.5f : 1f;
            for (int x = x0; x < x1; x++) {
                float v = field[row + x];
                int xl = x > x0 ? x - 1 : x;
                int xr = x < x1 - 1 ? x + 1 : x;
                float gx = (field[row + xr] - field[row + xl]) * ((xr - xl) == 2 ? 0.5f : 1f);
                float gy = (field[down + x] - field[up + x]) * dyScale;
                float g = (float) Math.sqrt(gx * gx + gy * gy);
                if (!(g > 1e-9f)) {
                    continue;
                }
                int p = out[row + x];
                boolean touched = false;
                for (int k = 0; k < n; k++) {
                    float diff = Math.abs(v - lv[k]);
                    if (diff > (haloHalf + 0.5f) * g) {
                        continue;
                    }
                    float d = diff / g;
                    float halo = Math.min(1f, haloHalf + 0.5f - d) * haloAlpha;
                    p = mix(p, 0xFF000000, halo);
                    float line = Math.min(1f, lineHalf + 0.5f - d);
                    if (line > 0f) {
                        p = mix(p, col[k], line);
                    }
                    touched = true;
                }
                if (touched) {
                    out[row + x] = p;
                }
            }
        }
    }

    private static int mix(int under, int over, float a) {
        int ai = (int) (a * 256f + 0.5f);
        int r = (under >> 16 & 0xFF) + ((((over >> 16 & 0xFF) - (under >> 16 & 0xFF)) * ai) >> 8);
        int g = (under >> 8 & 0xFF) + ((((over >> 8 & 0xFF) - (under >> 8 & 0xFF)) * ai) >> 8);
        int b = (under & 0xFF) + ((((over & 0xFF) - (under & 0xFF)) * ai) >> 8);
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    private static void drawGrid(Graphics2D g, MapRegion r, int gh, int gw, int w, int h, float lineScale) {
        g.setColor(new Color(255, 255, 255, 90));
        g.setStroke(new BasicStroke(0.8f * lineScale));
        for (int k = 0; k <= gw; k++) {
            double x = r.x() + k * r.width() / gw;
            g.draw(new Line2D.Double(x, Math.max(0, r.y()), x, Math.min(h, r.y() + r.height())));
        }
        for (int k = 0; k <= gh; k++) {
            double y = r.y() + k * r.height() / gh;
            g.draw(new Line2D.Double(Math.max(0, r.x()), y, Math.min(w, r.x() + r.width()), y));
        }
    }
}
