package org.spacetimelens.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SceneGeneratorTest {

    /** Saturated red as a person would call it (the target's fill; no background or distractor reaches it). */
    static boolean red(int rgb) {
        int r = (rgb >> 16) & 255;
        int g = (rgb >> 8) & 255;
        int b = rgb & 255;
        return r >= 170 && g <= 90 && b <= 90 && r - Math.max(g, b) >= 110;
    }

    @Test
    void sameSeedAndIndexGiveTheSamePixelsAndBoxes() {
        DemoClip a = new SceneGenerator(11).scene(5).clip(8, 64);
        DemoClip b = new SceneGenerator(11).scene(5).clip(8, 64);
        DemoClip other = new SceneGenerator(12).scene(5).clip(8, 64);
        assertThat(a.label()).isEqualTo(b.label());
        for (int t = 0; t < 8; t++) {
            assertThat(pixels(a.frames().get(t))).isEqualTo(pixels(b.frames().get(t)));
            assertThat(a.boxes().get(t)).isEqualTo(b.boxes().get(t));
        }
        assertThat(pixels(other.frames().get(0))).isNotEqualTo(pixels(a.frames().get(0)));
    }

    @Test
    void boxesContainEveryRedPixelAtModelAndDemoSize() {
        SceneGenerator gen = new SceneGenerator(3);
        for (int i = 0; i < 40; i++) {
            Scene scene = gen.scene(i);
            for (int size : new int[] {64, 192}) {
                DemoClip clip = scene.clip(8, size);
                for (int t = 0; t < clip.size(); t++) {
                    BufferedImage img = clip.frames().get(t);
                    double[] box = clip.boxes().get(t).pixels(size, size);
                    int redCount = 0;
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size; x++) {
                            if (red(img.getRGB(x, y))) {
                                redCount++;
                                assertThat(x + 0.5).as("scene %d t %d size %d: red pixel (%d,%d) outside box", i, t, size, x, y)
                                        .isBetween(box[0] - 1, box[2] + 1);
                                assertThat(y + 0.5).isBetween(box[1] - 1, box[3] + 1);
                            }
                        }
                    }
                    if (clip.boxes().get(t).visible()) {
                        double area = (box[2] - box[0]) * (box[3] - box[1]);
                        assertThat(redCount).as("scene %d t %d size %d: a visible target shows red", i, t, size)
                                .isGreaterThan(Math.max(3, (int) (0.05 * area)));
                    }
                }
            }
        }
    }

    @Test
    void boxesAreTheSameSceneAtEverySize() {
        Scene scene = new SceneGenerator(8).scene(2);
        DemoClip small = scene.clip(8, 64);
        DemoClip large = scene.clip(8, 384);
        for (int t = 0; t < 8; t++) {
            double[] s = small.boxes().get(t).pixels(64, 64);
            double[] l = large.boxes().get(t).pixels(384, 384);
            for (int k = 0; k < 4; k++) {
                assertThat(l[k]).isCloseTo(s[k] * 6, org.assertj.core.data.Offset.offset(1e-9));
            }
        }
    }

    @Test
    void onlyTheTargetIsRedAndEveryClassOccurs() {
        SceneGenerator gen = new SceneGenerator(5);
        Map<Motion, Integer> counts = new EnumMap<>(Motion.class);
        for (int i = 0; i < 600; i++) {
            Scene s = gen.scene(i);
            counts.merge(s.label(), 1, Integer::sum);
            assertThat(s.target().path().motion()).isEqualTo(s.label());
            assertThat(s.objects().stream().filter(SceneObject::target).count()).isEqualTo(1);
            for (SceneObject o : s.objects()) {
                float[] hsb = Color.RGBtoHSB(o.color().getRed(), o.color().getGreen(), o.color().getBlue(), null);
                boolean redHue = hsb[0] < 40f / 360 || hsb[0] > 320f / 360;
                assertThat(o.target() || !redHue).as("distractor colour %s", o.color()).isTrue();
                assertThat(o.target() || o.path().motion() != null).isTrue();
            }
        }
        assertThat(counts).hasSize(Motion.values().length);
        counts.values().forEach(c -> assertThat(c).isBetween(60, 140));
    }

    @Test
    void motionsMoveTheTargetAsLabelled() {
        SceneGenerator gen = new SceneGenerator(9);
        for (Motion m : Motion.values()) {
            Scene s = gen.scene(1, m);
            var p0 = s.target().path().at(0);
            var p1 = s.target().path().at(0.5);
            double dx = p1.x - p0.x;
            double dy = p1.y - p0.y;
            switch (m) {
                case LEFT -> assertThat(dx).isLessThan(-0.15);
                case RIGHT -> assertThat(dx).isGreaterThan(0.15);
                case UP -> assertThat(dy).isLessThan(-0.15);
                case DOWN -> assertThat(dy).isGreaterThan(0.15);
                case STILL -> assertThat(Math.hypot(dx, dy)).isZero();
                case CIRCLES -> assertThat(s.target().path().at(1).distance(p0)).isLessThan(1e-9);
            }
        }
    }

    @Test
    void answerableScenesKeepTheTargetVisible() {
        SceneGenerator gen = new SceneGenerator(4);
        for (int i = 0; i < 200; i++) {
            DemoClip c = gen.scene(i).clip(8, 64);
            long hidden = c.boxes().stream().filter(b -> !b.visible()).count();
            assertThat(hidden).isLessThanOrEqualTo(1);
        }
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
