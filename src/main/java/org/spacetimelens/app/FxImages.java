package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.nio.IntBuffer;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Frames for the canvas as JavaFX images backed by an {@code int[]} in premultiplied ARGB, the
 * format JavaFX's renderers draw from. Why not {@link SwingFXUtils#toFXImage}: it writes BGRA
 * bytes, which the software pipeline (no GPU, virtual or remote displays) converts again on the
 * render thread for every new frame; profiling the viewer's option changes put both conversions
 * among the top costs. The frames here are opaque, so premultiplied equals plain ARGB.
 */
final class FxImages {
    private FxImages() {
    }

    /** Opaque ARGB pixels of a frame ({@code TYPE_INT_RGB}, {@code TYPE_3BYTE_BGR}, or any type via getRGB). */
    static int[] argb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] out = new int[w * h];
        boolean plain = plain(img);
        if (plain && img.getType() == BufferedImage.TYPE_INT_RGB) {
            int[] src = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < out.length; i++) {
                out[i] = src[i] | 0xFF000000;
            }
        } else if (plain && img.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] src = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int i = 0, j = 0; i < out.length; i++, j += 3) {
                out[i] = 0xFF000000 | (src[j + 2] & 0xFF) << 16 | (src[j + 1] & 0xFF) << 8 | (src[j] & 0xFF);
            }
        } else {
            img.getRGB(0, 0, w, h, out, 0, w);
            for (int i = 0; i < out.length; i++) {
                out[i] |= 0xFF000000;
            }
        }
        return out;
    }

    /**
     * {@link #argb} for an image this thread made and nobody else holds (a rendered overlay): a plain
     * {@code TYPE_INT_RGB} image's own pixel array with its alpha bytes set, instead of a copy (one
     * frame-size array less per shown frame); any other image is copied as {@link #argb} does.
     */
    static int[] argbOwned(BufferedImage img) {
        if (!plain(img) || img.getType() != BufferedImage.TYPE_INT_RGB) {
            return argb(img);
        }
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        if (px.length != img.getWidth() * img.getHeight()) {
            return argb(img);
        }
        for (int i = 0; i < px.length; i++) {
            px[i] |= 0xFF000000;
        }
        return px;
    }

    /** Whether the image's raster is its own whole data buffer (not a sub-image sharing a parent's). */
    private static boolean plain(BufferedImage img) {
        return img.getRaster().getParent() == null && img.getRaster().getSampleModelTranslateX() == 0
                && img.getRaster().getSampleModelTranslateY() == 0;
    }

    /** A frame as a JavaFX image in the renderers' own format (the frame is read once, not kept). */
    static Image of(BufferedImage img) {
        return wrap(argb(img), img.getWidth(), img.getHeight());
    }

    /** An image sharing {@code argb} (opaque, row-major, w × h). */
    static Image wrap(int[] argb, int w, int h) {
        return new WritableImage(new PixelBuffer<>(w, h, IntBuffer.wrap(argb), PixelFormat.getIntArgbPreInstance()));
    }

    /**
     * Bilinear resample of opaque ARGB pixels to {@code w2 × h2}, sampling at pixel centres (as the
     * canvas's own smoothing does), with edge pixels clamped. Separable, with 8-bit weights and red
     * and blue blended together in one int: within 2 levels of exact bilinear (a display path).
     */
    static int[] resample(int[] src, int w, int h, int w2, int h2) {
        int[] out = new int[w2 * h2];
        resampleInto(src, w, h, w2, h2, out);
        return out;
    }

    /** {@link #resample(int[], int, int, int, int)} into {@code out} (at least {@code w2 × h2}, row-major). */
    static void resampleInto(int[] src, int w, int h, int w2, int h2, int[] out) {
        int[] x0 = new int[w2];
        int[] x1 = new int[w2];
        int[] fx = new int[w2]; // weight of x1, in 1/256
        double kx = (double) w / w2;
        for (int x = 0; x < w2; x++) {
            double sx = Math.max(0, Math.min(w - 1, (x + 0.5) * kx - 0.5));
            x0[x] = (int) sx;
            x1[x] = Math.min(w - 1, x0[x] + 1);
            fx[x] = (int) Math.round((sx - x0[x]) * 256);
        }
        int[] top = new int[w2];
        int[] bottom = new int[w2];
        int topRow = -1;
        int bottomRow = -1;
        double ky = (double) h / h2;
        for (int y = 0; y < h2; y++) {
            double sy = Math.max(0, Math.min(h - 1, (y + 0.5) * ky - 0.5));
            int r0 = (int) sy;
            int r1 = Math.min(h - 1, r0 + 1);
            if (r0 != topRow) {
                if (r0 == bottomRow) { // moving down one row: the old bottom is the new top
                    int[] t = top;
                    top = bottom;
                    bottom = t;
                    bottomRow = -1;
                } else {
                    horizontal(src, r0 * w, x0, x1, fx, top);
                }
                topRow = r0;
            }
            if (r1 != bottomRow) {
                horizontal(src, r1 * w, x0, x1, fx, bottom);
                bottomRow = r1;
            }
            int f = (int) Math.round((sy - r0) * 256);
            lerp(top, bottom, f, out, y * w2, w2);
        }
    }

    private static void horizontal(int[] src, int row, int[] x0, int[] x1, int[] fx, int[] dst) {
        for (int x = 0; x < dst.length; x++) {
            int a = src[row + x0[x]];
            int b = src[row + x1[x]];
            int f = fx[x];
            int g = 256 - f;
            dst[x] = (((a & 0xFF00FF) * g + (b & 0xFF00FF) * f + 0x800080) >>> 8 & 0xFF00FF)
                    | (((a & 0x00FF00) * g + (b & 0x00FF00) * f + 0x8000) >>> 8 & 0x00FF00);
        }
    }

    private static void lerp(int[] a, int[] b, int f, int[] out, int off, int n) {
        int g = 256 - f;
        for (int x = 0; x < n; x++) {
            int p = a[x];
            int q = b[x];
            out[off + x] = 0xFF000000 | (((p & 0xFF00FF) * g + (q & 0xFF00FF) * f + 0x800080) >>> 8 & 0xFF00FF)
                    | (((p & 0x00FF00) * g + (q & 0x00FF00) * f + 0x8000) >>> 8 & 0x00FF00);
        }
    }
}
