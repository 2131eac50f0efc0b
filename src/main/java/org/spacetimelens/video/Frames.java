package org.spacetimelens.video;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/** Pixel plumbing shared by the sources and the preprocessor: packing, rotation, thumbnails. */
final class Frames {

    private Frames() {
    }

    /** A new {@code TYPE_3BYTE_BGR} image. */
    static BufferedImage newBgr(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    }

    /** The backing array of an image made by {@link #newBgr} (B, G, R per pixel, no padding). */
    static byte[] bgrData(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    /** Whether the image is a plain, unshared {@code TYPE_3BYTE_BGR} raster (no sub-image offsets). */
    static boolean isPlainBgr(BufferedImage image) {
        return image.getType() == BufferedImage.TYPE_3BYTE_BGR
                && image.getRaster().getParent() == null
                && image.getRaster().getDataBuffer() instanceof DataBufferByte db
                && db.getNumBanks() == 1 && db.getOffset() == 0
                && db.getData().length == image.getWidth() * image.getHeight() * 3;
    }

    /** Bytes the image's pixels occupy, for cache accounting. */
    static long sizeOf(BufferedImage image) {
        return (long) image.getWidth() * image.getHeight() * 3 + 256;
    }

    /**
     * Packed RGB bytes ({@code w*h*3}) of any image, as PIL's {@code convert("RGB")} would give: grey is
     * replicated (Java2D's grey colour space would otherwise apply a gamma curve), alpha is dropped.
     */
    static byte[] toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        if (isPlainBgr(image)) {
            byte[] bgr = bgrData(image);
            for (int i = 0; i < out.length; i += 3) {
                out[i] = bgr[i + 2];
                out[i + 1] = bgr[i + 1];
                out[i + 2] = bgr[i];
            }
            return out;
        }
        int type = image.getType();
        if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY) {
            Raster raster = image.getRaster();
            int shift = type == BufferedImage.TYPE_USHORT_GRAY ? 8 : 0;
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    byte v = (byte) (row[x] >> shift);
                    int p = (y * w + x) * 3;
                    out[p] = v;
                    out[p + 1] = v;
                    out[p + 2] = v;
                }
            }
            return out;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            int v = argb[i];
            out[i * 3] = (byte) (v >> 16);
            out[i * 3 + 1] = (byte) (v >> 8);
            out[i * 3 + 2] = (byte) v;
        }
        return out;
    }

    /** Any image as a new plain {@code TYPE_3BYTE_BGR} image with the pixels {@link #toRgb} gives. */
    static BufferedImage toBgr(BufferedImage image) {
        if (isPlainBgr(image)) {
            return image;
        }
        byte[] rgb = toRgb(image);
        BufferedImage out = newBgr(image.getWidth(), image.getHeight());
        byte[] dst = bgrData(out);
        for (int i = 0; i < rgb.length; i += 3) {
            dst[i] = rgb[i + 2];
            dst[i + 1] = rgb[i + 1];
            dst[i + 2] = rgb[i];
        }
        return out;
    }

    /** A plain BGR image rotated clockwise by 0, 90, 180 or 270 degrees (the same image for 0). */
    static BufferedImage rotate(BufferedImage image, int degreesClockwise) {
        if (degreesClockwise == 0) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] src = bgrData(image);
        boolean swap = degreesClockwise == 90 || degreesClockwise == 270;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        BufferedImage out = newBgr(ow, oh);
        byte[] dst = bgrData(out);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int ox;
                int oy;
                switch (degreesClockwise) {
                    case 90 -> {
                        ox = h - 1 - y;
                        oy = x;
                    }
                    case 180 -> {
                        ox = w - 1 - x;
                        oy = h - 1 - y;
                    }
                    case 270 -> {
                        ox = y;
                        oy = w - 1 - x;
                    }
                    default -> throw new IllegalArgumentException("rotation must be 0/90/180/270: " + degreesClockwise);
                }
                int s = (y * w + x) * 3;
                int d = (oy * ow + ox) * 3;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return out;
    }

    /**
     * Downscaled copy whose longer side is {@code maxSide} (aspect kept, each side at least 1), with the
     * same antialiased bilinear filter the preprocessor uses; the image itself when already small enough.
     */
    static BufferedImage fit(BufferedImage image, int maxSide) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (Math.max(w, h) <= maxSide) {
            return image;
        }
        double scale = (double) maxSide / Math.max(w, h);
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        BufferedImage bgr = toBgr(image);
        // The filter works per channel, so BGR in gives BGR out.
        byte[] scaled = PilBilinear.resizeWindow(bgrData(bgr), w, h, tw, th, 0, 0, tw, th);
        BufferedImage out = newBgr(tw, th);
        System.arraycopy(scaled, 0, bgrData(out), 0, scaled.length);
        return out;
    }
}
