package org.spacetimelens.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.ModelFamily;
import org.spacetimelens.model.ModelGeometry;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.video.ClipTensor;

/** Synthetic scenes at the model's own input geometry ({@code evaluate --synthetic}). */
class ClipTensorsSceneTest {
    private static final PreprocessConfig PP = new PreprocessConfig(32, 32, 1.0 / 255.0,
            new float[] {0.4f, 0.5f, 0.6f}, new float[] {0.2f, 0.25f, 0.3f});

    private static ModelGeometry geometry(boolean flexible, int frames, int h, int w) {
        return new ModelGeometry(flexible ? ModelFamily.TIMESFORMER : ModelFamily.VIDEOMAE,
                flexible ? AttentionType.DIVIDED_SPACE_TIME : AttentionType.JOINT_SPACE_TIME, null, frames,
                flexible ? 1 : 2, h, 8, 3, 2, 2, 32, flexible, w, 8);
    }

    @Test
    void aModelTakingThePreprocessorsSquareGetsTheVideoPath() {
        Scene scene = new SceneGenerator(5).scene(3);
        ClipTensor t = ClipTensors.scene(scene, geometry(true, 4, 64, 64), PP);
        assertThat(new int[] {t.frames(), t.height(), t.width()}).containsExactly(4, 32, 32);
        assertThat(t.data()).containsExactly(ClipTensors.of(scene.clip(4, 32).frames(), PP));
        ClipTensor fixed = ClipTensors.scene(scene, geometry(false, 4, 32, 32), PP);
        assertThat(fixed.data()).containsExactly(t.data());
    }

    @Test
    void aNonSquareModelGetsTheCentreOfASquareRenderAtItsOwnSize() {
        Scene scene = new SceneGenerator(5).scene(3);
        ClipTensor t = ClipTensors.scene(scene, geometry(false, 4, 16, 24), PP);
        assertThat(new int[] {t.frames(), t.height(), t.width()}).containsExactly(4, 16, 24);
        BufferedImage square = scene.clip(4, 24).frames().get(2);
        for (int[] p : new int[][] {{0, 0}, {7, 11}, {15, 23}}) {
            int rgb = square.getRGB(p[1], 4 + p[0]); // rows 4..19 of the 24 px square
            for (int c = 0; c < 3; c++) {
                float v = (((rgb >> (16 - 8 * c)) & 0xFF) / 255f - PP.mean()[c]) / PP.std()[c];
                assertThat(t.at(2, c, p[0], p[1])).as("frame 2, channel %d, pixel %s", c, p).isCloseTo(v, within(1e-5f));
            }
        }
        ClipTensor tall = ClipTensors.scene(scene, geometry(false, 4, 24, 16), PP);
        assertThat(new int[] {tall.height(), tall.width()}).containsExactly(24, 16);
    }
}
