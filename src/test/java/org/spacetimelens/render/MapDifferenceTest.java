package org.spacetimelens.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.MapNormalization;
import org.spacetimelens.video.CropGeometry;

/** The compare mode's difference A − B, its diverging colours and the compare figure. */
class MapDifferenceTest {

    private static AttentionMaps random(long seed, int t, int h, int w) {
        Random r = new Random(seed);
        float[] v = new float[t * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return new AttentionMaps(t, h, w, v, v.clone());
    }

    @Test
    void isAMinusBValueByValueWithASymmetricRangeOverTheWholeClip() {
        AttentionMaps a = random(1, 3, 4, 5);
        AttentionMaps b = random(2, 3, 4, 5);
        MapDifference d = MapDifference.of(a, b);
        float max = 0;
        for (int t = 0; t < 3; t++) {
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 5; x++) {
                    float want = a.at(t, y, x) - b.at(t, y, x);
                    assertThat(d.at(t, y, x)).isEqualTo(want);
                    max = Math.max(max, Math.abs(want));
                }
            }
        }
        assertThat(d.range()).isEqualTo(max);
        assertThat(d.bar("normalised").lo()).isEqualTo(-max, within(1e-6));
        assertThat(d.bar("normalised").hi()).isEqualTo(max, within(1e-6));
        assertThat(d.bar("normalised").title()).isEqualTo("A − B (normalised)");
        // −range ↦ 0, 0 ↦ ½, +range ↦ 1 for the colormap
        float[] u = d.unitFrame(1);
        for (int i = 0; i < u.length; i++) {
            assertThat(u[i]).isEqualTo(0.5f + 0.5f * d.values()[20 + i] / max, within(1e-6f));
            assertThat(u[i]).isBetween(0f, 1f);
        }
    }

    @Test
    void equalMapsGiveZerosOnAUnitScaleDrawnInTheNeutralMiddle() {
        AttentionMaps a = random(3, 2, 2, 2);
        MapDifference d = MapDifference.of(a, a);
        assertThat(d.values()).containsOnly(0f);
        assertThat(d.range()).isEqualTo(1f);
        assertThat(d.unitFrame(0)).containsOnly(0.5f);
        int mid = Colormap.RDBU_R.argb(0.5f);
        // the middle of the diverging map is near white, its ends blue (low) and red (high)
        assertThat((mid >> 16) & 0xFF).isGreaterThan(230);
        assertThat((mid >> 8) & 0xFF).isGreaterThan(230);
        assertThat(mid & 0xFF).isGreaterThan(230);
        int lo = Colormap.RDBU_R.argb(0f);
        int hi = Colormap.RDBU_R.argb(1f);
        assertThat(lo & 0xFF).isGreaterThan((lo >> 16) & 0xFF);
        assertThat((hi >> 16) & 0xFF).isGreaterThan(hi & 0xFF);
        assertThat(Colormap.byName("rdbu_r").diverging()).isTrue();
        assertThat(Colormap.JET.diverging()).isFalse();
    }

    @Test
    void mapsOfDifferentShapesAreRefusedNamingBothShapes() {
        assertThatThrownBy(() -> MapDifference.of(random(1, 8, 14, 14), random(2, 8, 7, 7)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A is 8×14×14").hasMessageContaining("B is 8×7×7");
    }

    @Test
    void theFigureHasOneColumnPerPaneAndDrawsEachPaneAsThePaneDrawingDoes() {
        BufferedImage frame = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        CropGeometry crop = new CropGeometry(64, 48, 1.0, 8, 0, 48);
        ComparePanes.Pane a = new ComparePanes.Pane("A", "layers 0–3", random(1, 2, 4, 4), MapNormalization.GLOBAL_MAX,
                RenderOptions.defaults(), crop);
        ComparePanes.Pane b = new ComparePanes.Pane("B", "layer 3", random(2, 2, 4, 4), MapNormalization.NONE,
                RenderOptions.defaults().withColormap(Colormap.VIRIDIS), crop);
        BufferedImage two = ComparePanes.figure("t", frame, List.of(a, b), 1, false, 96, 1);
        BufferedImage three = ComparePanes.figure("t", frame, List.of(a, b), 1, true, 96, 1);
        BufferedImage four = ComparePanes.figure("t", frame, List.of(a, b, a, b), 1, false, 96, 1);
        assertThat(CompareFigure.columns(2)).isEqualTo(2);
        assertThat(CompareFigure.columns(3)).isEqualTo(3);
        assertThat(CompareFigure.columns(4)).isEqualTo(2);
        assertThat(CompareFigure.columns(5)).isEqualTo(3);
        assertThat(three.getWidth()).isGreaterThan(two.getWidth());
        assertThat(four.getHeight()).isGreaterThan(two.getHeight() + 96);
        // deterministic: the same inputs give the same pixels (what replay relies on)
        BufferedImage again = ComparePanes.figure("t", frame, List.of(a, b), 1, true, 96, 1);
        assertThat(again.getRGB(0, 0, again.getWidth(), again.getHeight(), null, 0, again.getWidth()))
                .isEqualTo(three.getRGB(0, 0, three.getWidth(), three.getHeight(), null, 0, three.getWidth()));
    }
}
