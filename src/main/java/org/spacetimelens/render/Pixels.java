package org.spacetimelens.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/** Fast row access to the image types the project uses (int RGB/ARGB and 3-byte BGR), getRGB otherwise. */
final class Pixels {
    private Pixels() {
    }

    /** Reads row {@code y} of {@code img} as {@code 0xFFRRGGBB} into {@code out[0..width)}. */
    static void readRow(BufferedImage img, int y, int[] out) {
        int w = img.getWidth();
        Raster r = img.getRaster();
        int type = img.getType();
        if (r.getParent() == null && r.getSampleModelTranslateX() == 0 && r.getSampleModelTranslateY() == 0) {
            if ((type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
                    && r.getSampleModel() instanceof SinglePixelPackedSampleModel sm) {
                int[] data = ((DataBufferInt) r.getDataBuffer()).getData();
                int base = y * sm.getScanlineStride();
                for (int x = 0; x < w; x++) {
                    out[x] = 0xFF000000 | data[base + x];
                }
                return;
            }
            if (type == BufferedImage.TYPE_3BYTE_BGR) {
                byte[] data = ((DataBufferByte) r.getDataBuffer()).getData();
                int p = y * w * 3;
                for (int x = 0; x < w; x++, p += 3) {
                    out[x] = 0xFF000000 | (data[p + 2] & 0xFF) << 16 | (data[p + 1] & 0xFF) << 8 | (data[p] & 0xFF);
                }
                return;
            }
        }
        img.getRGB(0, y, w, 1, out, 0, w);
    }

    /**
     * The int pixel array behind {@code img} when it is a plain {@code TYPE_INT_RGB}/{@code TYPE_INT_ARGB}
     * image whose rows are contiguous ({@code width × height}), else an error naming what was given.
     */
    static int[] intData(BufferedImage img) {
        Raster r = img.getRaster();
        int type = img.getType();
        if ((type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB) && r.getParent() == null
                && r.getSampleModel() instanceof SinglePixelPackedSampleModel sm
                && sm.getScanlineStride() == img.getWidth()
                && r.getSampleModelTranslateX() == 0 && r.getSampleModelTranslateY() == 0) {
            return ((DataBufferInt) r.getDataBuffer()).getData();
        }
        throw new IllegalArgumentException("destination must be a whole TYPE_INT_RGB or TYPE_INT_ARGB image, got type "
                + type + (r.getParent() != null ? " (a sub-image)" : ""));
    }

    /** A new {@code TYPE_INT_RGB} copy of {@code img}. */
    static BufferedImage toIntRgb(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[img.getWidth()];
        int[] dst = intData(out);
        for (int y = 0; y < img.getHeight(); y++) {
            readRow(img, y, row);
            System.arraycopy(row, 0, dst, y * row.length, row.length);
        }
        return out;
    }
}
