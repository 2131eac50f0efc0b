package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FxImagesTest {

    private static BufferedImage noise(int type, int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, type);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        return img;
    }

    @Test
    void framePixelsBecomeOpaqueArgbWhateverTheirLayout() {
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_ARGB}) {
            BufferedImage img = noise(type, 7, 5, type);
            int[] argb = FxImages.argb(img);
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 7; x++) {
                    assertThat(argb[y * 7 + x]).as("type %d at %d,%d", type, x, y)
                            .isEqualTo(0xFF000000 | (img.getRGB(x, y) & 0xFFFFFF));
                }
            }
        }
        // a sub-image shares its parent's raster with an offset: read through getRGB, not the raw array
        BufferedImage sub = noise(BufferedImage.TYPE_INT_RGB, 9, 9, 3).getSubimage(2, 3, 4, 4);
        assertThat(FxImages.argb(sub)[0]).isEqualTo(0xFF000000 | (sub.getRGB(0, 0) & 0xFFFFFF));
    }

    @Test
    void resampleIsBilinearAtPixelCentres() {
        int w = 64;
        int h = 36;
        int[] src = FxImages.argb(noise(BufferedImage.TYPE_INT_RGB, w, h, 11));
        for (int[] size : new int[][] {{114, 64}, {40, 23}, {64, 36}, {127, 71}}) {
            int w2 = size[0];
            int h2 = size[1];
            int[] out = FxImages.resample(src, w, h, w2, h2);
            int worst = 0;
            for (int y = 0; y < h2; y++) {
                for (int x = 0; x < w2; x++) {
                    double sx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / w2 - 0.5));
                    double sy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / h2 - 0.5));
                    int x0 = (int) sx;
                    int y0 = (int) sy;
                    int x1 = Math.min(w - 1, x0 + 1);
                    int y1 = Math.min(h - 1, y0 + 1);
                    double fx = sx - x0;
                    double fy = sy - y0;
                    int got = out[y * w2 + x];
                    assertThat(got >>> 24).isEqualTo(0xFF);
                    for (int shift = 0; shift <= 16; shift += 8) {
                        int s = shift;
                        java.util.function.IntUnaryOperator c = i -> i >> s & 0xFF;
                        double top = c.applyAsInt(src[y0 * w + x0]) * (1 - fx) + c.applyAsInt(src[y0 * w + x1]) * fx;
                        double bottom = c.applyAsInt(src[y1 * w + x0]) * (1 - fx) + c.applyAsInt(src[y1 * w + x1]) * fx;
                        double expected = top * (1 - fy) + bottom * fy;
                        worst = Math.max(worst, (int) Math.ceil(Math.abs((got >> s & 0xFF) - expected)));
                    }
                }
            }
            assertThat(worst).as("largest difference from exact bilinear, %dx%d", w2, h2).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void resampleKeepsAFlatColourFlat() {
        BufferedImage img = new BufferedImage(10, 6, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(new Color(200, 17, 99));
        g.fillRect(0, 0, 10, 6);
        g.dispose();
        int[] out = FxImages.resample(FxImages.argb(img), 10, 6, 23, 13);
        assertThat(out).containsOnly(0xFF000000 | 200 << 16 | 17 << 8 | 99);
    }

    @Test
    void anOwnedIntImageLendsItsPixelsWithAlphaSet() {
        BufferedImage img = noise(BufferedImage.TYPE_INT_RGB, 7, 5, 21);
        int[] expected = FxImages.argb(img);
        int[] own = ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData();
        java.util.Arrays.fill(own, 0, 3, 0x00123456); // java2d may leave the unused alpha byte at 0
        expected[0] = expected[1] = expected[2] = 0xFF123456;
        int[] lent = FxImages.argbOwned(img);
        assertThat(lent).isSameAs(own).isEqualTo(expected);
        // other layouts are copied
        BufferedImage bgr = noise(BufferedImage.TYPE_3BYTE_BGR, 7, 5, 22);
        assertThat(FxImages.argbOwned(bgr)).isEqualTo(FxImages.argb(bgr));
        BufferedImage sub = noise(BufferedImage.TYPE_INT_RGB, 9, 9, 3).getSubimage(2, 3, 4, 4);
        assertThat(FxImages.argbOwned(sub)).isEqualTo(FxImages.argb(sub));
    }
}
