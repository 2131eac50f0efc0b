package org.spacetimelens.video;

/**
 * Pillow's {@code Image.resize(..., BILINEAR)} for 8-bit RGB, ported from its {@code Resample.c}
 * (Pillow 4 onwards, checked bit-exact against Pillow 9.4): a separable triangle filter whose support
 * widens by the scale factor when downscaling (so it antialiases), fixed-point coefficients with 22
 * fractional bits, the horizontal pass first, the intermediate rounded to 8 bits.
 *
 * <p>Why hand-rolled: the Hugging Face TimesformerImageProcessor resizes through PIL, so matching the
 * checkpoint's preprocessing means matching PIL. Java2D's bilinear neither antialiases nor uses the same
 * sample positions, and FFmpeg's swscale filters differ too; no Java library reproduces PIL.
 *
 * <p>Only the output window {@code [x0, x0+w) x [y0, y0+h)} is computed (each output pixel depends on
 * the source only, so this equals cropping PIL's full result) — the crop after the resize then costs
 * nothing.
 */
final class PilBilinear {

    static final int PRECISION_BITS = 32 - 8 - 2;

    private PilBilinear() {
    }

    /** Per-output-pixel taps: first source index, tap count and fixed-point weights ({@code ksize} each). */
    record Coefficients(int ksize, int[] bounds, int[] weights) {
        int first(int out) {
            return bounds[2 * out];
        }

        int count(int out) {
            return bounds[2 * out + 1];
        }
    }

    /** Pillow's {@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc}. */
    static Coefficients coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = 1.0 * filterScale; // bilinear filter support is 1
        int ksize = (int) Math.ceil(support) * 2 + 1;
        double[] pre = new double[outSize * ksize];
        int[] bounds = new int[outSize * 2];
        double ss = 1.0 / filterScale;
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            int xmin = (int) (center - support + 0.5); // C cast: truncation, like Java's
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                double w = triangle((x + xmin - center + 0.5) * ss);
                pre[xx * ksize + x] = w;
                ww += w;
            }
            for (int x = 0; x < xmax; x++) {
                if (ww != 0.0) {
                    pre[xx * ksize + x] /= ww;
                }
            }
            bounds[2 * xx] = xmin;
            bounds[2 * xx + 1] = xmax;
        }
        int[] fixed = new int[pre.length];
        double one = 1 << PRECISION_BITS;
        for (int i = 0; i < pre.length; i++) {
            fixed[i] = pre[i] < 0 ? (int) (-0.5 + pre[i] * one) : (int) (0.5 + pre[i] * one);
        }
        return new Coefficients(ksize, bounds, fixed);
    }

    private static double triangle(double x) {
        double a = Math.abs(x);
        return a < 1.0 ? 1.0 - a : 0.0;
    }

    private static int clip8(int v) {
        if (v >= (1 << PRECISION_BITS << 8)) {
            return 255;
        }
        if (v <= 0) {
            return 0;
        }
        return v >> PRECISION_BITS;
    }

    /**
     * Resizes packed 3-channel 8-bit pixels ({@code src}, {@code inW x inH}, channel order as stored) to
     * {@code outW x outH} and returns the window {@code [x0, x0+w) x [y0, y0+h)} of the result, packed
     * ({@code w*h*3}, same channel order). The window must lie inside the output.
     */
    static byte[] resizeWindow(byte[] src, int inW, int inH, int outW, int outH, int x0, int y0, int w, int h) {
        if (x0 < 0 || y0 < 0 || x0 + w > outW || y0 + h > outH) {
            throw new IllegalArgumentException("window outside the resized image");
        }
        boolean horizontal = inW != outW;
        boolean vertical = inH != outH;
        Coefficients cv = vertical ? coefficients(inH, outH) : null;
        // Source rows the vertical pass reads for output rows y0..y0+h-1 (Pillow's ybox).
        int rowFirst = vertical ? cv.first(y0) : y0;
        int rowEnd = vertical ? cv.first(y0 + h - 1) + cv.count(y0 + h - 1) : y0 + h;
        int rows = rowEnd - rowFirst;

        byte[] temp = new byte[rows * w * 3];
        if (horizontal) {
            Coefficients ch = coefficients(inW, outW);
            int ks = ch.ksize();
            int[] k = ch.weights();
            int half = 1 << (PRECISION_BITS - 1);
            for (int r = 0; r < rows; r++) {
                int srcRow = (rowFirst + r) * inW * 3;
                int dst = r * w * 3;
                for (int xx = 0; xx < w; xx++) {
                    int ox = x0 + xx;
                    int xmin = ch.first(ox);
                    int n = ch.count(ox);
                    int kOff = ox * ks;
                    int s0 = half;
                    int s1 = half;
                    int s2 = half;
                    int p = srcRow + xmin * 3;
                    for (int x = 0; x < n; x++, p += 3) {
                        int kx = k[kOff + x];
                        s0 += (src[p] & 0xFF) * kx;
                        s1 += (src[p + 1] & 0xFF) * kx;
                        s2 += (src[p + 2] & 0xFF) * kx;
                    }
                    temp[dst++] = (byte) clip8(s0);
                    temp[dst++] = (byte) clip8(s1);
                    temp[dst++] = (byte) clip8(s2);
                }
            }
        } else {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(src, ((rowFirst + r) * inW + x0) * 3, temp, r * w * 3, w * 3);
            }
        }
        if (!vertical) {
            return temp; // rows == h, rowFirst == y0
        }
        byte[] out = new byte[w * h * 3];
        int ks = cv.ksize();
        int[] k = cv.weights();
        int half = 1 << (PRECISION_BITS - 1);
        int stride = w * 3;
        // Row-wise accumulation (integer sums, so the order of terms does not change the result) keeps
        // memory access sequential.
        int[] acc = new int[stride];
        for (int yy = 0; yy < h; yy++) {
            int oy = y0 + yy;
            int ymin = cv.first(oy) - rowFirst;
            int n = cv.count(oy);
            int kOff = oy * ks;
            java.util.Arrays.fill(acc, half);
            for (int y = 0; y < n; y++) {
                int ky = k[kOff + y];
                int row = (ymin + y) * stride;
                for (int i = 0; i < stride; i++) {
                    acc[i] += (temp[row + i] & 0xFF) * ky;
                }
            }
            int dst = yy * stride;
            for (int i = 0; i < stride; i++) {
                out[dst + i] = (byte) clip8(acc[i]);
            }
        }
        return out;
    }
}
