package org.spacetimelens.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spacetimelens.model.PreprocessConfig;

class PreprocessorTest {

    private static final float[] MEAN = {0.45f, 0.45f, 0.45f};
    private static final float[] STD = {0.225f, 0.225f, 0.225f};

    private static BufferedImage image(int w, int h, int[][] rgbRows) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgbRows[y][x]);
            }
        }
        return img;
    }

    private static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }

    private static double normalised(double value, double mean, double std) {
        return (value / 255.0 - mean) / std;
    }

    @Test
    void exactResizeIgnoresTheAspectAsHfDoesForHeightWidthSizes() {
        // A frame whose aspect the exact size keeps gives the same pixels as a shortest-edge resize.
        BufferedImage frame = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                frame.setRGB(x, y, rgb(x * 15, y * 30, (x * y) % 256));
            }
        }
        PreprocessConfig shortest = new PreprocessConfig(4, 4, 1 / 255.0, MEAN, STD);
        Preprocessor exact8x4 = new Preprocessor(shortest.withExactResize(8, 4));
        assertThat(exact8x4.resizedSize(16, 8)).containsExactly(8, 4);
        assertThat(exact8x4.apply(List.of(frame)).data())
                .containsExactly(new Preprocessor(shortest).apply(List.of(frame)).data());

        // Squeezed to 4x4: the whole frame is the model's input; columns depend on x only when the frame does.
        BufferedImage stripes = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                stripes.setRGB(x, y, rgb(x * 16, 0, 0));
            }
        }
        Preprocessor squeeze = new Preprocessor(shortest.withExactResize(4, 4));
        ClipTensor t = squeeze.apply(List.of(stripes));
        for (int x = 0; x < 4; x++) {
            for (int y = 1; y < 4; y++) {
                assertThat(t.at(0, 0, y, x)).isEqualTo(t.at(0, 0, 0, x));
            }
        }
        assertThat(t.at(0, 0, 0, 3)).isGreaterThan(t.at(0, 0, 0, 0));
        CropGeometry g = squeeze.geometry(16, 8);
        assertThat(g.scale()).isEqualTo(0.25);
        assertThat(g.scaleY()).isEqualTo(0.5);
        assertThat(g.sourceCropWidth()).isEqualTo(16.0);
        assertThat(g.sourceCropHeight()).isEqualTo(8.0);
        assertThat(new Preprocessor(shortest).geometry(16, 8).scaleY()).isEqualTo(0.5);
    }

    @Test
    void tinyFrameByHand() {
        // 4x2 frame, shortest edge 1: resized to 2x1, crop 1 keeps the left pixel. PIL's bilinear
        // downscale by 2 weights inputs 0,1,2 of a row by 3/7, 3/7, 1/7 and both rows by 1/2.
        // Red:   row0 70,0,140,255 -> 50;  row1 0,140,70,7 -> 70;  column -> 60.
        // Green: row0 0,7,35,99  -> (21+35)/7 = 8;  row1 7,0,0,0 -> 3;  column -> (8+3)/2 = 5.5 -> 6 (PIL adds 1/2).
        // Blue:  constant 200 -> 200.
        BufferedImage frame = image(4, 2, new int[][] {
            {rgb(70, 0, 200), rgb(0, 7, 200), rgb(140, 35, 200), rgb(255, 99, 200)},
            {rgb(0, 7, 200), rgb(140, 0, 200), rgb(70, 0, 200), rgb(7, 0, 200)}
        });
        Preprocessor p = new Preprocessor(new PreprocessConfig(1, 1, 1 / 255.0, MEAN, STD));
        ClipTensor t = p.apply(List.of(frame));
        assertThat(t.frames()).isEqualTo(1);
        assertThat(t.height()).isEqualTo(1);
        assertThat(t.data()).hasSize(3);
        assertThat((double) t.at(0, 0, 0, 0)).isCloseTo(normalised(60, 0.45, 0.225), within(1e-6));
        assertThat((double) t.at(0, 1, 0, 0)).isCloseTo(normalised(6, 0.45, 0.225), within(1e-6));
        assertThat((double) t.at(0, 2, 0, 0)).isCloseTo(normalised(200, 0.45, 0.225), within(1e-6));
        assertThat(p.geometry(4, 2)).isEqualTo(new CropGeometry(4, 2, 0.5, 0, 0, 1));
    }

    @Test
    void geometryFollowsHuggingFace() {
        Preprocessor p = new Preprocessor(PreprocessConfig.defaults(224));
        // Kinetics-style 340x256: long side int(224*340/256) = 297, left = (297-224)//2 = 36.
        assertThat(p.resizedSize(340, 256)).containsExactly(297, 224);
        assertThat(p.geometry(340, 256)).isEqualTo(new CropGeometry(340, 256, 0.875, 36, 0, 224));
        assertThat(p.geometry(256, 340)).isEqualTo(new CropGeometry(256, 340, 0.875, 0, 36, 224));
        // 342 wide: resized 299, (299-224)/2 = 37.5; HF floors to 37 where torchvision would round to 38.
        assertThat(p.geometry(342, 256).cropX()).isEqualTo(37);
        // 1280x720: int(224*1280/720) = int(398.22) = 398.
        assertThat(p.resizedSize(1280, 720)).containsExactly(398, 224);
        CropGeometry g = p.geometry(1280, 720);
        assertThat(g.cropX()).isEqualTo(87);
        assertThat(g.sourceX()).isCloseTo(87 * 720 / 224.0, within(1e-9));
        assertThat(g.sourceSize()).isCloseTo(720.0, within(1e-9));
    }

    @Test
    void matchesTheHuggingFaceStepsRunWithPillow() throws Exception {
        BufferedImage frame = PilBilinearTest.fixture("down_in.png");
        Preprocessor p = new Preprocessor(new PreprocessConfig(16, 12, 1 / 255.0, MEAN, STD));
        assertThat(Frames.toRgb(p.modelView(frame))).isEqualTo(Frames.toRgb(PilBilinearTest.fixture("hf_crop_out.png")));
        float[] expected;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                PreprocessorTest.class.getResourceAsStream("pil/hf_crop_normalised.txt"), StandardCharsets.US_ASCII))) {
            expected = new float[3 * 12 * 12];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = Float.parseFloat(r.readLine().trim());
            }
        }
        assertThat(p.apply(List.of(frame)).data()).containsExactly(expected);
    }

    @Test
    void tensorLayoutIsFramesChannelsRowsColumns() {
        BufferedImage red = solid(6, 4, rgb(255, 0, 0));
        BufferedImage grey = solid(6, 4, rgb(51, 102, 153));
        Preprocessor p = new Preprocessor(new PreprocessConfig(2, 2, 1 / 255.0, new float[] {0f, 0.5f, 1f},
                new float[] {1f, 0.5f, 0.25f}));
        ClipTensor t = p.apply(List.of(red, grey));
        assertThat(t.data()).hasSize(2 * 3 * 2 * 2);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                assertThat((double) t.at(0, 0, y, x)).isCloseTo(1.0, within(1e-6));
                assertThat((double) t.at(0, 1, y, x)).isCloseTo(-1.0, within(1e-6));
                assertThat((double) t.at(0, 2, y, x)).isCloseTo(-4.0, within(1e-6));
                assertThat((double) t.at(1, 0, y, x)).isCloseTo(0.2, within(1e-6));
                assertThat((double) t.at(1, 1, y, x)).isCloseTo((0.4 - 0.5) / 0.5, within(1e-6));
                assertThat((double) t.at(1, 2, y, x)).isCloseTo((0.6 - 1) / 0.25, within(1e-6));
            }
        }
        // Flat index of (t=1, c=2, y=1, x=0) in (T, 3, S, S) row-major.
        assertThat(t.data()[((1 * 3 + 2) * 2 + 1) * 2]).isEqualTo(t.at(1, 2, 1, 0));
    }

    @Test
    void frameSmallerThanTheCropIsZeroPadded() {
        // Shortest edge 2 keeps a 4x2 frame as is; crop 4 overhangs one row above and below
        // (top = (2-4)//2 = -1), where HF pads with zeros before rescale and normalisation.
        BufferedImage frame = solid(4, 2, rgb(255, 255, 255));
        Preprocessor p = new Preprocessor(new PreprocessConfig(2, 4, 1 / 255.0, MEAN, STD));
        ClipTensor t = p.apply(List.of(frame));
        assertThat(p.geometry(4, 2).cropY()).isEqualTo(-1);
        double zero = normalised(0, 0.45, 0.225);
        double white = normalised(255, 0.45, 0.225);
        for (int x = 0; x < 4; x++) {
            assertThat((double) t.at(0, 0, 0, x)).isCloseTo(zero, within(1e-6));
            assertThat((double) t.at(0, 0, 1, x)).isCloseTo(white, within(1e-6));
            assertThat((double) t.at(0, 0, 2, x)).isCloseTo(white, within(1e-6));
            assertThat((double) t.at(0, 0, 3, x)).isCloseTo(zero, within(1e-6));
        }
    }

    @Test
    void greyAndBgrInputsGiveTheSameTensor() {
        BufferedImage grey = new BufferedImage(5, 3, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage bgr = Frames.newBgr(5, 3);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                int v = 17 * (x + 5 * y);
                grey.getRaster().setSample(x, y, 0, v);
                bgr.setRGB(x, y, rgb(v, v, v));
            }
        }
        Preprocessor p = new Preprocessor(new PreprocessConfig(2, 2, 1 / 255.0, MEAN, STD));
        assertThat(p.apply(List.of(grey)).data()).containsExactly(p.apply(List.of(bgr)).data());
    }

    @Test
    void badInputIsRejected() {
        Preprocessor p = new Preprocessor(PreprocessConfig.defaults(8));
        assertThatThrownBy(() -> p.apply(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.apply(List.of(solid(8, 8, 0), solid(9, 8, 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share a size");
        assertThatThrownBy(() -> new Preprocessor(new PreprocessConfig(8, 8, 1 / 255.0, MEAN, new float[] {1, 0, 1})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }
}
