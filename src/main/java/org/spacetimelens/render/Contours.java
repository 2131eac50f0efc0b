package org.spacetimelens.render;

import java.awt.geom.Path2D;

/**
 * Marching squares over an upsampled field (row-major, {@code stride} wide) inside {@code [x0,x1)×[y0,y1)},
 * sampled every {@code step} pixels. Returns disconnected segments in pixel-centre coordinates; drawn with
 * round caps they read as continuous iso-lines. Saddles are resolved by the cell's mean value.
 */
final class Contours {
    private Contours() {
    }

    static Path2D.Float trace(float[] f, int stride, int x0, int x1, int y0, int y1, int step, float level) {
        Path2D.Float path = new Path2D.Float();
        int nx = (x1 - 1 - x0) / step + 1;
        int ny = (y1 - 1 - y0) / step + 1;
        for (int j = 0; j + 1 < ny; j++) {
            int ya = y0 + j * step;
            int yb = y0 + (j + 1) * step;
            for (int i = 0; i + 1 < nx; i++) {
                int xa = x0 + i * step;
                int xb = x0 + (i + 1) * step;
                float a = f[ya * stride + xa];
                float b = f[ya * stride + xb];
                float c = f[yb * stride + xb];
                float d = f[yb * stride + xa];
                int cs = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
                if (cs == 0 || cs == 15) {
                    continue;
                }
                boolean centreAbove = (a + b + c + d) * 0.25f >= level;
                // edge points: top (a-b), right (b-c), bottom (d-c), left (a-d), as pixel centres
                float tx = xa + t(a, b, level) * (xb - xa) + 0.5f;
                float ty = ya + 0.5f;
                float rx = xb + 0.5f;
                float ry = ya + t(b, c, level) * (yb - ya) + 0.5f;
                float bx = xa + t(d, c, level) * (xb - xa) + 0.5f;
                float by = yb + 0.5f;
                float lx = xa + 0.5f;
                float ly = ya + t(a, d, level) * (yb - ya) + 0.5f;
                switch (cs) {
                    case 1, 14 -> seg(path, lx, ly, tx, ty);
                    case 2, 13 -> seg(path, tx, ty, rx, ry);
                    case 3, 12 -> seg(path, lx, ly, rx, ry);
                    case 4, 11 -> seg(path, rx, ry, bx, by);
                    case 6, 9 -> seg(path, tx, ty, bx, by);
                    case 7, 8 -> seg(path, lx, ly, bx, by);
                    case 5 -> {
                        if (centreAbove) {
                            seg(path, tx, ty, rx, ry);
                            seg(path, lx, ly, bx, by);
                        } else {
                            seg(path, lx, ly, tx, ty);
                            seg(path, rx, ry, bx, by);
                        }
                    }
                    case 10 -> {
                        if (centreAbove) {
                            seg(path, lx, ly, tx, ty);
                            seg(path, rx, ry, bx, by);
                        } else {
                            seg(path, tx, ty, rx, ry);
                            seg(path, lx, ly, bx, by);
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return path;
    }

    private static float t(float p, float q, float level) {
        float d = q - p;
        return d == 0f ? 0.5f : Math.min(1f, Math.max(0f, (level - p) / d));
    }

    private static void seg(Path2D.Float p, float ax, float ay, float bx, float by) {
        p.moveTo(ax, ay);
        p.lineTo(bx, by);
    }
}
