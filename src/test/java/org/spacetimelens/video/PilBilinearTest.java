package org.spacetimelens.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java port against images Pillow 9.4 resized (fixtures and their generator, make_fixtures.py, in
 * src/test/resources/org/spacetimelens/video/pil).
 */
class PilBilinearTest {

    static BufferedImage fixture(String name) throws IOException {
        try (InputStream in = PilBilinearTest.class.getResourceAsStream("pil/" + name)) {
            assertThat(in).as(name).isNotNull();
            return ImageIO.read(in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"down", "down_wide", "up", "mixed", "same_height"})
    void matchesPillowBitForBit(String name) throws IOException {
        BufferedImage in = fixture(name + "_in.png");
        BufferedImage want = fixture(name + "_out.png");
        int w = want.getWidth();
        int h = want.getHeight();
        byte[] got = PilBilinear.resizeWindow(Frames.toRgb(in), in.getWidth(), in.getHeight(), w, h, 0, 0, w, h);
        assertThat(got).isEqualTo(Frames.toRgb(want));
    }

    @Test
    void windowEqualsCropOfTheFullResult() throws IOException {
        BufferedImage in = fixture("down_wide_in.png");
        byte[] src = Frames.toRgb(in);
        int w = 31;
        int h = 13;
        byte[] full = PilBilinear.resizeWindow(src, in.getWidth(), in.getHeight(), w, h, 0, 0, w, h);
        byte[] window = PilBilinear.resizeWindow(src, in.getWidth(), in.getHeight(), w, h, 5, 3, 20, 7);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 20 * 3; x++) {
                assertThat(window[y * 60 + x]).isEqualTo(full[(y + 3) * w * 3 + 15 + x]);
            }
        }
    }

    @Test
    void coefficientsByHand() {
        // 4 -> 2: scale 2, support 2; output 0 is centred at 1.0 and takes inputs 0,1,2 with triangle
        // weights 0.75, 0.75, 0.25 (normalised 3/7, 3/7, 1/7).
        PilBilinear.Coefficients c = PilBilinear.coefficients(4, 2);
        assertThat(c.first(0)).isZero();
        assertThat(c.count(0)).isEqualTo(3);
        double one = 1 << PilBilinear.PRECISION_BITS;
        assertThat(c.weights()[0]).isEqualTo((int) Math.round(3 / 7.0 * one));
        assertThat(c.weights()[1]).isEqualTo((int) Math.round(3 / 7.0 * one));
        assertThat(c.weights()[2]).isEqualTo((int) Math.round(1 / 7.0 * one));
        // Output 1 is centred at 3.0: inputs 1,2,3 (input 4 is past the edge) with 0.25, 0.75, 0.75.
        assertThat(c.first(1)).isEqualTo(1);
        assertThat(c.count(1)).isEqualTo(3);
        assertThat(c.weights()[c.ksize()]).isEqualTo((int) Math.round(1 / 7.0 * one));
        // Upscaling 2 -> 4 keeps support 1: output 1 (centre 0.75) mixes inputs 0 and 1 as 0.75 / 0.25.
        PilBilinear.Coefficients up = PilBilinear.coefficients(2, 4);
        assertThat(up.first(1)).isZero();
        assertThat(up.weights()[up.ksize()]).isEqualTo((int) Math.round(0.75 * one));
        assertThat(up.weights()[up.ksize() + 1]).isEqualTo((int) Math.round(0.25 * one));
    }
}
