package org.spacetimelens.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MapUpsamplerTest {

    @Test
    void bilinearTwoByTwoMatchesHandComputation() {
        // grid [[0,1],[2,3]] to 4×4: source x of pixel d is (d+0.5)/2 − 0.5 = −0.25, 0.25, 0.75, 1.25,
        // clamped at the ends, so the column weights of the right cell are 0, .25, .75, 1 (same for rows)
        float[] out = MapUpsampler.upsample(new float[] {0, 1, 2, 3}, 2, 2, 4, 4, Upsampling.BILINEAR);
        float[] expected = {
            0f, 0.25f, 0.75f, 1f,
            0.5f, 0.75f, 1.25f, 1.5f,
            1.5f, 1.75f, 2.25f, 2.5f,
            2f, 2.25f, 2.75f, 3f};
        assertThat(out).containsExactly(expected, within(1e-7f));
    }

    @Test
    void bilinearMatchesOpenCvResizeAtANonIntegerScale() {
        float[] grid = {0f, 0.2f, 0.9f, 0.4f, 1f, 0.5f, 0.1f, 0.3f, 0.25f, 0.75f, 0.6f, 0.05f};
        // cv2.resize(grid, (10, 7), interpolation=cv2.INTER_LINEAR), OpenCV 4.14, float32
        float[] cv2 = {
            0f, 0.0200000014f, 0.100000001f, 0.179999992f, 0.409999996f, 0.689999998f, 0.849999964f, 0.649999976f, 0.450000018f, 0.400000006f,
            0.142857149f, 0.152857155f, 0.192857146f, 0.232857138f, 0.405714273f, 0.622857153f, 0.745714247f, 0.585714281f, 0.425714314f, 0.385714293f,
            0.571428597f, 0.551428616f, 0.471428573f, 0.39142859f, 0.392857134f, 0.421428561f, 0.432857126f, 0.392857134f, 0.352857143f, 0.342857152f,
            1f, 0.949999988f, 0.75f, 0.550000012f, 0.379999995f, 0.219999999f, 0.120000005f, 0.200000018f, 0.280000001f, 0.300000012f,
            0.678571403f, 0.671428561f, 0.642857134f, 0.614285707f, 0.519285679f, 0.402142882f, 0.302142859f, 0.253571451f, 0.205000013f, 0.192857146f,
            0.357142866f, 0.392857134f, 0.535714269f, 0.678571403f, 0.658571422f, 0.584285736f, 0.484285742f, 0.307142884f, 0.13000001f, 0.0857142955f,
            0.25f, 0.300000012f, 0.5f, 0.699999988f, 0.704999983f, 0.645000041f, 0.545000017f, 0.325000018f, 0.105000027f, 0.0500000007f};
        float[] out = MapUpsampler.upsample(grid, 3, 4, 10, 7, Upsampling.BILINEAR);
        assertThat(out).containsExactly(cv2, within(2e-7f));
    }

    @Test
    void nearestShowsTokenBlocks() {
        float[] grid = {1, 2, 3, 4, 5, 6};
        float[] out = MapUpsampler.upsample(grid, 2, 3, 9, 6, Upsampling.NEAREST);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 9; x++) {
                assertThat(out[y * 9 + x]).as("pixel %d,%d", x, y).isEqualTo(grid[(y / 3) * 3 + x / 3]);
            }
        }
    }

    @Test
    void regionInsideALargerImageCoversOnlyItsPixels() {
        MapUpsampler u = new MapUpsampler();
        // a 2×2 map on the square [10, 30) × [5, 25) of a 40×30 image
        u.prepare(2, 2, 40, 30, new MapRegion(10, 5, 20, 20), Upsampling.NEAREST);
        u.load(new float[] {1, 2, 3, 4});
        assertThat(u.firstColumn()).isEqualTo(10);
        assertThat(u.endColumn()).isEqualTo(30);
        assertThat(u.firstRow()).isEqualTo(5);
        assertThat(u.endRow()).isEqualTo(25);
        float[] row = new float[40];
        u.row(5, row);
        assertThat(row[10]).isEqualTo(1f);
        assertThat(row[19]).isEqualTo(1f);
        assertThat(row[20]).isEqualTo(2f);
        u.row(24, row);
        assertThat(row[29]).isEqualTo(4f);
    }

    @Test
    void wholeImageRegionOfACropEqualsPlainResize() {
        // a crop region spanning the whole image must give exactly what upsample() gives
        float[] grid = {0.1f, 0.9f, 0.4f, 0.3f, 0.7f, 0.2f, 0.5f, 0.6f, 0.8f};
        float[] plain = MapUpsampler.upsample(grid, 3, 3, 50, 50, Upsampling.BILINEAR);
        MapUpsampler u = new MapUpsampler();
        u.prepare(3, 3, 50, 50, MapRegion.whole(50, 50), Upsampling.BILINEAR);
        u.load(grid);
        float[] row = new float[50];
        for (int y = 0; y < 50; y++) {
            u.row(y, row);
            for (int x = 0; x < 50; x++) {
                assertThat(row[x]).isEqualTo(plain[y * 50 + x]);
            }
        }
    }

    @Test
    void rejectsMapsOfTheWrongLength() {
        MapUpsampler u = new MapUpsampler();
        u.prepare(2, 2, 4, 4, MapRegion.whole(4, 4), Upsampling.BILINEAR);
        assertThatThrownBy(() -> u.load(new float[5])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 values");
        assertThatThrownBy(() -> u.prepare(0, 2, 4, 4, MapRegion.whole(4, 4), Upsampling.BILINEAR))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
