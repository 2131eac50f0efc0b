package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The main view's canvas-scale copy: one image rewritten in place, a new one only for a new size. */
class DisplayBufferTest {

    @Test
    void framesOfOneSizeShareOneImageHoldingTheLatestResample() throws Exception {
        FxToolkit.registerPrimaryStage();
        DisplayBuffer buffer = new DisplayBuffer();
        int[] a = noise(64, 36, 1);
        int[] b = noise(64, 36, 2);
        Image sourceA = FxImages.wrap(a, 64, 36);
        Image sourceB = FxImages.wrap(b, 64, 36);
        ScaledFrame[] shown = WaitForAsyncUtils.asyncFx(() -> new ScaledFrame[] {
            buffer.show(sourceA, a, 64, 36, 1.5), buffer.show(sourceB, b, 64, 36, 1.5)}).get();
        assertThat(shown[1].image()).as("one persistent image").isSameAs(shown[0].image());
        assertThat(shown[1].matches(sourceB, 1.5)).isTrue();
        assertThat(shown[1].matches(sourceA, 1.5)).as("the older frame's copy is gone").isFalse();
        assertThat(pixels(shown[1].image())).isEqualTo(FxImages.resample(b, 64, 36, 96, 54));

        ScaledFrame other = WaitForAsyncUtils.asyncFx(() -> buffer.show(sourceA, a, 64, 36, 1.25)).get();
        assertThat(other.image()).as("a new size needs a new image").isNotSameAs(shown[0].image());
        assertThat(other.image().getWidth()).isEqualTo(80);
        assertThat(other.image().getHeight()).isEqualTo(45);
        assertThat(pixels(other.image())).isEqualTo(FxImages.resample(a, 64, 36, 80, 45));
    }

    private static int[] pixels(Image img) throws Exception {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] out = new int[w * h];
        WaitForAsyncUtils.asyncFx(() -> img.getPixelReader().getPixels(0, 0, w, h,
                PixelFormat.getIntArgbPreInstance(), out, 0, w)).get();
        return out;
    }

    private static int[] noise(int w, int h, long seed) {
        Random r = new Random(seed);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = 0xFF000000 | r.nextInt(0x1000000);
        }
        return px;
    }
}
