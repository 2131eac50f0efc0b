package org.spacetimelens.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.CropGeometry;

/** Test material: a clip of a ball crossing a textured scene and maps that follow the ball. */
final class Synthetic {
    private Synthetic() {
    }

    /** Ball centre at clip step t of n, as a fraction of the frame (x, y). */
    static double[] ball(int t, int n) {
        double u = n == 1 ? 0.5 : t / (double) (n - 1);
        return new double[] {0.3 + 0.4 * u, 0.35 + 0.3 * Math.sin(Math.PI * u)};
    }

    static BufferedImage frame(int w, int h, int t, int n) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(70, 110, 150), 0, h, new Color(180, 170, 140)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(90, 120, 60));
        g.fillRect(0, (int) (h * 0.75), w, h);
        g.setColor(new Color(200, 200, 200));
        g.setStroke(new BasicStroke(Math.max(1, w / 200f)));
        for (int k = 0; k < 12; k++) {
            g.drawLine(k * w / 12, (int) (h * 0.75), k * w / 12 + w / 24, h);
        }
        double[] b = ball(t, n);
        int r = Math.min(w, h) / 10;
        g.setColor(new Color(230, 80, 40));
        g.fillOval((int) (b[0] * w) - r, (int) (b[1] * h) - r, 2 * r, 2 * r);
        g.dispose();
        return img;
    }

    static Clip clip(int w, int h, int n, int stride) {
        int[] idx = new int[n];
        double[] ts = new double[n];
        List<BufferedImage> frames = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            idx[t] = 4 + t * stride;
            ts[t] = idx[t] / 30.0;
            frames.add(frame(w, h, t, n));
        }
        return new Clip(idx, ts, frames);
    }

    /** Gaussian blobs on the ball's position within the crop, normalised to a global max of 1. */
    static AttentionMaps maps(CropGeometry crop, int n, int g) {
        float[] v = new float[n * g * g];
        float[] raw = new float[v.length];
        float max = 0;
        for (int t = 0; t < n; t++) {
            double[] b = ball(t, n);
            double cx = (b[0] * crop.sourceWidth() - crop.sourceX()) / crop.sourceSize() * g;
            double cy = (b[1] * crop.sourceHeight() - crop.sourceY()) / crop.sourceSize() * g;
            for (int y = 0; y < g; y++) {
                for (int x = 0; x < g; x++) {
                    double d2 = Math.pow(x + 0.5 - cx, 2) + Math.pow(y + 0.5 - cy, 2);
                    float val = (float) (0.02 + (0.4 + 0.6 * t / (double) Math.max(1, n - 1)) * Math.exp(-d2 / 4.0));
                    raw[(t * g + y) * g + x] = val * 0.01f;
                    max = Math.max(max, val);
                }
            }
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = raw[i] * 100f / max;
        }
        for (int i = 0; i < v.length; i++) {
            raw[i] = v[i] * 0.004f; // global-max normalisation: one factor for every frame
        }
        return new AttentionMaps(n, g, g, v, raw);
    }

    /** Centre crop geometry as the preprocessing makes it: shortest edge to 224, centre 224 square. */
    static CropGeometry centreCrop(int w, int h) {
        double scale = 224.0 / Math.min(w, h);
        int sw = (int) Math.round(w * scale);
        int sh = (int) Math.round(h * scale);
        return new CropGeometry(w, h, scale, (sw - 224) / 2, (sh - 224) / 2, 224);
    }
}
