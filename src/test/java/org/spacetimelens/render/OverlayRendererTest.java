package org.spacetimelens.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OverlayRendererTest {

    private static BufferedImage image(int w, int h, int[] rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, rgb, 0, w);
        return img;
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @Test
    void additiveEqualsTheSeedNotebookAsNumpyAndOpenCvComputeIt() {
        // show_mask_on_image(img, cv2.resize(m, (4, 3))) from the seed recipe, run with numpy 2.4 /
        // OpenCV 4.14 on this BGR image; the expected values are its output (BGR), channel order swapped
        int[][][] bgr = {
            {{10, 20, 30}, {200, 100, 50}, {255, 255, 255}, {0, 0, 0}},
            {{90, 80, 70}, {60, 50, 40}, {5, 120, 250}, {128, 128, 128}},
            {{33, 66, 99}, {250, 10, 10}, {10, 250, 10}, {70, 70, 200}}};
        int[][][] expectedBgr = {
            {{69, 10, 15}, {227, 62, 25}, {218, 255, 164}, {13, 127, 115}},
            {{110, 167, 98}, {101, 152, 77}, {87, 187, 168}, {155, 191, 101}},
            {{16, 33, 113}, {125, 31, 132}, {82, 252, 56}, {162, 123, 100}}};
        int[] in = new int[12];
        int[] expected = new int[12];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                int[] p = bgr[y][x];
                int[] e = expectedBgr[y][x];
                in[y * 4 + x] = 0xFF000000 | p[2] << 16 | p[1] << 8 | p[0];
                expected[y * 4 + x] = 0xFF000000 | e[2] << 16 | e[1] << 8 | e[0];
            }
        }
        BufferedImage out = new OverlayRenderer().render(image(4, 3, in), new float[] {0f, 0.6f, 1f, 0.3f}, 2, 2,
                RenderOptions.defaults());
        assertThat(pixels(out)).containsExactly(expected);
    }

    @Test
    void additiveEqualsAnIndependentFloat32ComputationOnRandomInput() {
        Random rnd = new Random(7);
        int w = 5;
        int h = 4;
        int[] in = new int[w * h];
        float[] map = new float[w * h];
        for (int i = 0; i < in.length; i++) {
            in[i] = 0xFF000000 | rnd.nextInt(1 << 24);
            map[i] = rnd.nextFloat();
        }
        // map at pixel resolution: bilinear upsampling is then the identity
        BufferedImage out = new OverlayRenderer().render(image(w, h, in), map, h, w, RenderOptions.defaults());

        float[][] cam = new float[in.length][3];
        float max = 0;
        for (int i = 0; i < in.length; i++) {
            int heat = Colormap.JET.argbAt((int) (255f * map[i]));
            for (int c = 0; c < 3; c++) {
                int shift = 16 - 8 * c;
                cam[i][c] = (float) (heat >> shift & 0xFF) / 255f + (float) (in[i] >> shift & 0xFF) / 255f;
                max = Math.max(max, cam[i][c]);
            }
        }
        int[] got = pixels(out);
        for (int i = 0; i < in.length; i++) {
            for (int c = 0; c < 3; c++) {
                int want = (int) (255f * (cam[i][c] / max));
                assertThat(got[i] >> (16 - 8 * c) & 0xFF).as("pixel %d channel %d", i, c).isEqualTo(want);
            }
        }
    }

    @Test
    void alphaZeroKeepsTheFrameAndAlphaOneShowsTheColormap() {
        int[] in = {0xFF102030, 0xFF405060, 0xFF708090, 0xFFA0B0C0};
        float[] map = {0f, 0.25f, 0.5f, 1f};
        OverlayRenderer r = new OverlayRenderer();
        RenderOptions alpha = RenderOptions.defaults().withBlend(Blend.ALPHA).withColormap(Colormap.VIRIDIS);
        assertThat(pixels(r.render(image(2, 2, in), map, 2, 2, alpha.withOpacity(0f)))).containsExactly(in);
        int[] full = pixels(r.render(image(2, 2, in), map, 2, 2, alpha.withOpacity(1f)));
        for (int i = 0; i < 4; i++) {
            assertThat(full[i]).isEqualTo(Colormap.VIRIDIS.argb(map[i]));
        }
    }

    @Test
    void valueWeightedAlphaLeavesLowAttentionTransparent() {
        int[] in = {0xFF808080, 0xFF808080};
        float[] map = {0f, 1f};
        RenderOptions o = RenderOptions.defaults().withBlend(Blend.ALPHA).withValueWeighted(true).withOpacity(1f);
        int[] out = pixels(new OverlayRenderer().render(image(2, 1, in), map, 1, 2, o));
        assertThat(out[0]).isEqualTo(in[0]);
        assertThat(out[1]).isEqualTo(Colormap.JET.argb(1f));
    }

    @Test
    void thresholdHidesValuesBelowIt() {
        int[] in = {0xFF808080, 0xFF808080};
        RenderOptions o = RenderOptions.defaults().withBlend(Blend.ALPHA).withOpacity(1f).withThreshold(0.5f);
        int[] out = pixels(new OverlayRenderer().render(image(2, 1, in), new float[] {0.4f, 0.6f}, 1, 2, o));
        assertThat(out[0]).isEqualTo(in[0]);
        assertThat(out[1]).isEqualTo(Colormap.JET.argb(0.6f));
    }

    @Test
    void nearestOverlayShowsUniformTokenBlocks() {
        int w = 64;
        int[] in = new int[w * w];
        java.util.Arrays.fill(in, 0xFF606060);
        float[] map = new float[16];
        for (int i = 0; i < 16; i++) {
            map[i] = i / 15f;
        }
        RenderOptions o = RenderOptions.defaults().withUpsampling(Upsampling.NEAREST).withBlend(Blend.ALPHA);
        int[] out = pixels(new OverlayRenderer().render(image(w, w, in), map, 4, 4, o));
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < w; x++) {
                int blockCorner = out[(y / 16 * 16) * w + x / 16 * 16];
                assertThat(out[y * w + x]).as("pixel %d,%d", x, y).isEqualTo(blockCorner);
            }
        }
        assertThat(out[0]).isNotEqualTo(out[16]); // neighbouring tokens differ
    }

    @Test
    void outsideTheCropIsDimmedOrKept() {
        int w = 40;
        int h = 20;
        int[] in = new int[w * h];
        java.util.Arrays.fill(in, 0xFFC86432);
        MapRegion crop = new MapRegion(10, 0, 20, 20);
        float[] map = {0.5f};
        OverlayRenderer r = new OverlayRenderer();
        RenderOptions o = RenderOptions.defaults();
        int[] dim = pixels(r.render(image(w, h, in), map, 1, 1, crop, o));
        int k = (int) (OutsideCrop.DIM_FACTOR * 256f + 0.5f);
        assertThat(dim[0]).isEqualTo(0xFF000000 | (0xC8 * k >> 8) << 16 | (0x64 * k >> 8) << 8 | (0x32 * k >> 8));
        assertThat(dim[w - 1]).isEqualTo(dim[0]);
        assertThat(dim[15]).isNotEqualTo(dim[0]); // inside: the blend
        int[] keep = pixels(r.render(image(w, h, in), map, 1, 1, crop, o.withOutsideCrop(OutsideCrop.KEEP)));
        assertThat(keep[0]).isEqualTo(in[0]);
        assertThat(keep[w - 1]).isEqualTo(in[0]);
    }

    @Test
    void contourDrawsLinesOnlyNearTheLevelCrossing() {
        int w = 100;
        int[] in = new int[w * w];
        java.util.Arrays.fill(in, 0xFF404040);
        // left half 0, right half 1: one vertical iso-line near the middle
        float[] map = {0f, 0f, 1f, 1f, 0f, 0f, 1f, 1f, 0f, 0f, 1f, 1f, 0f, 0f, 1f, 1f};
        RenderOptions o = RenderOptions.defaults().withBlend(Blend.CONTOUR).withContourLevels(List.of(0.5f))
                .withUpsampling(Upsampling.NEAREST);
        int[] out = pixels(new OverlayRenderer().render(image(w, w, in), map, 4, 4, o));
        for (int y = 5; y < 95; y++) {
            assertThat(out[y * w + 10]).isEqualTo(in[0]);
            assertThat(out[y * w + 90]).isEqualTo(in[0]);
            boolean lineNearMiddle = false;
            for (int x = 46; x <= 53; x++) {
                lineNearMiddle |= out[y * w + x] != in[0];
            }
            assertThat(lineNearMiddle).as("line in row %d", y).isTrue();
        }
    }

    @Test
    void gridLinesChangePixelsOnTokenBoundariesOnly() {
        int w = 64;
        int[] in = new int[w * w];
        java.util.Arrays.fill(in, 0xFF202020);
        RenderOptions o = RenderOptions.defaults().withBlend(Blend.ALPHA).withOpacity(0f).withShowGrid(true);
        int[] out = pixels(new OverlayRenderer().render(image(w, w, in), new float[4], 2, 2, o));
        assertThat(out[32 * w + 10]).isNotEqualTo(in[0]); // on the horizontal boundary
        assertThat(out[10 * w + 10]).isEqualTo(in[0]);    // inside a token
    }

    @Test
    void reusedRendererGivesTheSameResultAsAFreshOne() {
        int[] in = new int[30 * 20];
        for (int i = 0; i < in.length; i++) {
            in[i] = 0xFF000000 | (i * 7919) & 0xFFFFFF;
        }
        float[] map = {0.1f, 0.9f, 0.4f, 0.6f};
        OverlayRenderer shared = new OverlayRenderer();
        shared.render(image(50, 50, new int[2500]), new float[9], 3, 3, RenderOptions.defaults());
        int[] a = pixels(shared.render(image(30, 20, in), map, 2, 2, RenderOptions.defaults()));
        int[] b = pixels(new OverlayRenderer().render(image(30, 20, in), map, 2, 2, RenderOptions.defaults()));
        assertThat(a).containsExactly(b);
    }

    @Test
    void byteBgrFramesRenderLikeIntRgbFrames() {
        BufferedImage bgr = Synthetic.frame(48, 36, 2, 5);
        BufferedImage rgb = Pixels.toIntRgb(bgr);
        float[] map = {0.1f, 0.9f, 0.4f, 0.6f, 0.3f, 0.2f};
        RenderOptions o = RenderOptions.defaults();
        assertThat(pixels(new OverlayRenderer().render(bgr, map, 2, 3, o)))
                .containsExactly(pixels(new OverlayRenderer().render(rgb, map, 2, 3, o)));
        // and the BGR fast path reads the same colours as getRGB
        assertThat(pixels(rgb)).containsExactly(pixels(bgr));
    }

    @Test
    void badInputsGiveClearErrors() {
        OverlayRenderer r = new OverlayRenderer();
        BufferedImage f = image(4, 4, new int[16]);
        assertThatThrownBy(() -> r.render(f, new float[3], 2, 2, RenderOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 values");
        assertThatThrownBy(() -> r.renderInto(f, new float[4], 2, 2, MapRegion.whole(4, 4), RenderOptions.defaults(),
                new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TYPE_INT_RGB");
        assertThatThrownBy(() -> RenderOptions.defaults().withOpacity(1.5f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("opacity");
        assertThatThrownBy(() -> RenderOptions.defaults().withContourLevels(List.of(0.5f, 0.3f)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("increasing");
    }
}
