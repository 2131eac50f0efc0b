package org.spacetimelens.demo;

import java.awt.Color;
import java.util.SplittableRandom;

/**
 * A static textured backdrop: muted two-colour fractal value noise with soft stripes, defined in
 * normalised coordinates so every rendering size shows the same picture. Colours are kept
 * unsaturated (HSB saturation ≤ 0.3), so nothing in the background is ever saturated red.
 */
public final class Background {
    private static final int[] OCTAVE_CELLS = {3, 6, 12, 24};
    private static final double[] OCTAVE_WEIGHT = {0.5, 0.28, 0.15, 0.07};

    private final float[] colorA;
    private final float[] colorB;
    private final double[][] lattices;
    private final double stripeAngle;
    private final double stripeFreq;
    private final double stripeAmp;

    Background(SplittableRandom rnd) {
        double hue = rnd.nextDouble(0.12, 0.92); // 43°..331°: keeps tinted backgrounds off red
        colorA = hsb(hue, rnd.nextDouble(0.08, 0.3), rnd.nextDouble(0.55, 0.8));
        colorB = hsb(hue + rnd.nextDouble(-0.08, 0.08), rnd.nextDouble(0.05, 0.25), rnd.nextDouble(0.35, 0.6));
        lattices = new double[OCTAVE_CELLS.length][];
        for (int o = 0; o < OCTAVE_CELLS.length; o++) {
            int n = OCTAVE_CELLS[o] + 1;
            lattices[o] = new double[n * n];
            for (int i = 0; i < lattices[o].length; i++) {
                lattices[o][i] = rnd.nextDouble();
            }
        }
        stripeAngle = rnd.nextDouble(0, Math.PI);
        stripeFreq = rnd.nextDouble(5, 11);
        stripeAmp = rnd.nextDouble(0.02, 0.06);
    }

    /** The backdrop as packed RGB pixels of a {@code size × size} frame. */
    int[] render(int size) {
        int[] out = new int[size * size];
        double ca = Math.cos(stripeAngle);
        double sa = Math.sin(stripeAngle);
        for (int py = 0; py < size; py++) {
            double y = (py + 0.5) / size;
            for (int px = 0; px < size; px++) {
                double x = (px + 0.5) / size;
                double n = 0;
                for (int o = 0; o < OCTAVE_CELLS.length; o++) {
                    n += OCTAVE_WEIGHT[o] * valueNoise(lattices[o], OCTAVE_CELLS[o], x, y);
                }
                double t = smooth(Math.min(1, Math.max(0, (n - 0.25) * 2)));
                double shade = 1 + stripeAmp * Math.sin(2 * Math.PI * stripeFreq * (x * ca + y * sa));
                int r = clamp((colorA[0] + (colorB[0] - colorA[0]) * t) * shade);
                int g = clamp((colorA[1] + (colorB[1] - colorA[1]) * t) * shade);
                int b = clamp((colorA[2] + (colorB[2] - colorA[2]) * t) * shade);
                out[py * size + px] = (r << 16) | (g << 8) | b;
            }
        }
        return out;
    }

    private static double valueNoise(double[] lat, int cells, double x, double y) {
        double gx = x * cells;
        double gy = y * cells;
        int ix = Math.min((int) gx, cells - 1);
        int iy = Math.min((int) gy, cells - 1);
        double fx = smooth(gx - ix);
        double fy = smooth(gy - iy);
        int n = cells + 1;
        double a = lat[iy * n + ix];
        double b = lat[iy * n + ix + 1];
        double c = lat[(iy + 1) * n + ix];
        double d = lat[(iy + 1) * n + ix + 1];
        return (a + (b - a) * fx) + ((c + (d - c) * fx) - (a + (b - a) * fx)) * fy;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static float[] hsb(double h, double s, double v) {
        double hh = h - Math.floor(h);
        Color c = Color.getHSBColor((float) hh, (float) s, (float) v);
        return new float[] {c.getRed(), c.getGreen(), c.getBlue()};
    }

    static int clamp(double v) {
        return v <= 0 ? 0 : v >= 255 ? 255 : (int) Math.round(v);
    }
}
