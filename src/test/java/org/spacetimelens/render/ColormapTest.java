package org.spacetimelens.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ColormapTest {

    private static int[] rgb(int argb) {
        return new int[] {argb >> 16 & 0xFF, argb >> 8 & 0xFF, argb & 0xFF};
    }

    private static int[] hex(String h) {
        int v = Integer.parseInt(h, 16);
        return new int[] {v >> 16 & 0xFF, v >> 8 & 0xFF, v & 0xFF};
    }

    @Test
    void jetMatchesOpenCvApplyColorMap() {
        // cv2.applyColorMap(u8, COLORMAP_JET) gives BGR (128,0,0) at 0, (130,255,126) at 127, (0,0,128) at 255
        assertThat(rgb(Colormap.JET.argb(0f))).containsExactly(0, 0, 128);
        assertThat(rgb(Colormap.JET.argb(0.5f))).containsExactly(126, 255, 130); // uint8(127.5) = 127
        assertThat(rgb(Colormap.JET.argbAt(128))).containsExactly(130, 255, 126);
        assertThat(rgb(Colormap.JET.argb(1f))).containsExactly(128, 0, 0);
    }

    @Test
    void jetHasOpenCvsPiecewiseLinearShape() {
        int[] lut = Colormap.JET.lut();
        // blue only in the low third, red only in the high third, green saturated in the middle
        for (int i = 0; i < 256; i++) {
            int[] c = rgb(lut[i]);
            if (i < 80) {
                assertThat(c[0]).as("red at %d", i).isZero();
            }
            if (i > 176) {
                assertThat(c[2]).as("blue at %d", i).isZero();
            }
            if (i >= 100 && i <= 156) {
                assertThat(c[1]).as("green at %d", i).isEqualTo(255);
            }
        }
    }

    @Test
    void perceptualMapsMatchPublishedEndpoints() {
        // the 8-bit values matplotlib/BIDS and Google publish for these maps
        assertThat(rgb(Colormap.VIRIDIS.argbAt(0))).containsExactly(hex("440154"));
        assertThat(rgb(Colormap.VIRIDIS.argbAt(255))).containsExactly(hex("fde725"));
        assertThat(rgb(Colormap.VIRIDIS.argbAt(128))).containsExactly(hex("21918c"));
        assertThat(rgb(Colormap.MAGMA.argbAt(0))).containsExactly(hex("000004"));
        assertThat(rgb(Colormap.MAGMA.argbAt(255))).containsExactly(hex("fcfdbf"));
        assertThat(rgb(Colormap.INFERNO.argbAt(0))).containsExactly(hex("000004"));
        assertThat(rgb(Colormap.INFERNO.argbAt(255))).containsExactly(hex("fcffa4"));
        assertThat(rgb(Colormap.TURBO.argbAt(0))).containsExactly(hex("30123b"));
        assertThat(rgb(Colormap.TURBO.argbAt(255))).containsExactly(hex("7a0403"));
    }

    @Test
    void perceptualSequentialMapsGetBrighterMonotonically() {
        for (Colormap c : new Colormap[] {Colormap.VIRIDIS, Colormap.MAGMA, Colormap.INFERNO, Colormap.GRAY}) {
            double prev = -1;
            for (int i = 0; i < 256; i++) {
                int[] p = rgb(c.argbAt(i));
                double luma = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
                assertThat(luma).as("%s brightness at %d", c, i).isGreaterThan(prev - 0.6);
                prev = luma;
            }
        }
    }

    @Test
    void grayIsTheIdentityRamp() {
        for (int i = 0; i < 256; i++) {
            assertThat(rgb(Colormap.GRAY.argbAt(i))).containsExactly(i, i, i);
        }
    }

    @Test
    void quantisesLikeUint8Of255TimesValue() {
        assertThat(Colormap.index(0f)).isZero();
        assertThat(Colormap.index(0.5f)).isEqualTo(127);
        assertThat(Colormap.index(0.999f)).isEqualTo(254);
        assertThat(Colormap.index(1f)).isEqualTo(255);
        assertThat(Colormap.index(7f)).isEqualTo(255);
        assertThat(Colormap.index(-0.3f)).isZero();
        assertThat(Colormap.index(Float.NaN)).isZero();
        assertThat(Colormap.index(3f / 255f)).isEqualTo((int) (255f * (3f / 255f)));
    }

    @Test
    void lutIsACopyAndEveryEntryOpaque() {
        int[] a = Colormap.TURBO.lut();
        a[0] = 0;
        assertThat(Colormap.TURBO.argbAt(0)).isNotZero();
        for (Colormap c : Colormap.values()) {
            for (int v : c.lut()) {
                assertThat(v >>> 24).isEqualTo(0xFF);
            }
        }
    }

    @Test
    void byNameIsCaseInsensitiveAndListsChoicesOnError() {
        assertThat(Colormap.byName("Viridis")).isSameAs(Colormap.VIRIDIS);
        assertThat(Colormap.byName(" JET ")).isSameAs(Colormap.JET);
        assertThat(Colormap.byName("grey")).isSameAs(Colormap.GRAY);
        assertThatThrownBy(() -> Colormap.byName("rainbow"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rainbow")
                .hasMessageContaining("[jet, viridis, inferno, magma, turbo, gray, rdbu_r]");
        assertThatThrownBy(() -> Colormap.byName(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
