package org.spacetimelens.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.CropGeometry;

class ContactSheetTest {

    private static final Clip CLIP = Synthetic.clip(640, 360, 8, 8);
    private static final CropGeometry CROP = Synthetic.centreCrop(640, 360);
    private static final AttentionMaps MAPS = Synthetic.maps(CROP, 8, 14);
    private static final FigureCaption CAPTION = new FigureCaption("TimeSformer-base", "rollout", "layers 0–11",
            "heads: mean", "juggling", 0.5);

    @Test
    void tilesSitInTwoAlignedRowsAndTheSheetHasTheExpectedSize() {
        RenderOptions o = RenderOptions.defaults().withColorBar(false);
        FigureOptions f = FigureOptions.defaults().withRowLabels(false);
        ContactSheet.Sheet s = ContactSheet.renderSheet(CLIP, MAPS, CROP, CAPTION, o, f);
        assertThat(s.frameTiles()).hasSize(8);
        assertThat(s.overlayTiles()).hasSize(8);
        for (int t = 0; t < 8; t++) {
            Rectangle fr = s.frameTiles().get(t);
            Rectangle ov = s.overlayTiles().get(t);
            assertThat(fr.width).isEqualTo(224);
            assertThat(fr.height).isEqualTo(224);
            assertThat(ov.x).isEqualTo(fr.x);
            assertThat(ov.y).isEqualTo(fr.y + 224 + 4);
            assertThat(fr.x).isEqualTo(14 + t * (224 + 4));
            assertThat(fr.y).isEqualTo(s.frameTiles().get(0).y);
        }
        // 2 margins + 8 tiles + 7 gaps, and two tile rows plus title and captions
        assertThat(s.image().getWidth()).isEqualTo(2 * 14 + 8 * 224 + 7 * 4);
        assertThat(s.image().getHeight()).isBetween(2 * 224 + 4 + 2 * 14 + 20, 2 * 224 + 4 + 2 * 14 + 90);
        assertThat(s.image().getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void colourBarAndRowLabelsWidenTheSheet() {
        int plain = ContactSheet.render(CLIP, MAPS, CROP, CAPTION, RenderOptions.defaults().withColorBar(false),
                FigureOptions.defaults().withRowLabels(false)).getWidth();
        ContactSheet.Sheet s = ContactSheet.renderSheet(CLIP, MAPS, CROP, CAPTION, RenderOptions.defaults(),
                FigureOptions.defaults());
        assertThat(s.image().getWidth()).isGreaterThan(plain + 30);
        Rectangle last = s.overlayTiles().get(7);
        // something non-white (the bar) to the right of the last overlay, level with it
        boolean ink = false;
        for (int x = last.x + last.width + 5; x < s.image().getWidth(); x++) {
            ink |= (s.image().getRGB(x, last.y + last.height / 2) & 0xFFFFFF) != 0xFFFFFF;
        }
        assertThat(ink).isTrue();
    }

    @Test
    void frameTilesShowTheCropAndOverlaysAreHotWhereTheMapIs() {
        ContactSheet.Sheet s = ContactSheet.renderSheet(CLIP, MAPS, CROP, CAPTION, RenderOptions.defaults(),
                FigureOptions.defaults());
        BufferedImage img = s.image();
        for (int t = 0; t < 8; t++) {
            Rectangle fr = s.frameTiles().get(t);
            Rectangle ov = s.overlayTiles().get(t);
            double[] b = Synthetic.ball(t, 8);
            // ball centre in tile pixels
            int bx = (int) ((b[0] * 640 - CROP.sourceX()) / CROP.sourceSize() * 224);
            int by = (int) ((b[1] * 360 - CROP.sourceY()) / CROP.sourceSize() * 224);
            int srcPixel = CLIP.frames().get(t).getRGB((int) (b[0] * 640), (int) (b[1] * 360));
            assertThat(close(img.getRGB(fr.x + bx, fr.y + by), srcPixel, 12)).as("frame tile %d shows the ball", t).isTrue();
            int hot = img.getRGB(ov.x + bx, ov.y + by);
            int cold = img.getRGB(ov.x + 3, ov.y + 3);
            int frameHot = img.getRGB(fr.x + bx, fr.y + by);
            assertThat(hot).as("overlay differs from the frame where the map is hot").isNotEqualTo(frameHot);
            assertThat(red(hot) - blue(hot)).as("hot pixel of overlay %d is warm", t).isGreaterThan(red(cold) - blue(cold));
            assertThat(blue(cold)).as("cold corner of overlay %d is blue", t).isGreaterThan(red(cold));
        }
    }

    @Test
    void scaleTwoDoublesEveryLength() {
        ContactSheet.Sheet one = ContactSheet.renderSheet(CLIP, MAPS, CROP, CAPTION, RenderOptions.defaults(),
                FigureOptions.defaults());
        ContactSheet.Sheet two = ContactSheet.renderSheet(CLIP, MAPS, CROP, CAPTION, RenderOptions.defaults(),
                FigureOptions.defaults().withScale(2));
        assertThat(two.frameTiles().get(0).width).isEqualTo(448);
        assertThat(two.frameTiles().get(3).x).isCloseTo(2 * one.frameTiles().get(3).x, org.assertj.core.data.Offset.offset(4));
        assertThat(two.image().getWidth()).isCloseTo(2 * one.image().getWidth(), org.assertj.core.data.Offset.offset(8));
        assertThat(two.image().getHeight()).isCloseTo(2 * one.image().getHeight(), org.assertj.core.data.Offset.offset(8));
    }

    @Test
    void longClipsWrapIntoBands() {
        ContactSheet.Sheet s = ContactSheet.renderSheet(CLIP, MAPS, CROP, CAPTION, RenderOptions.defaults(),
                FigureOptions.defaults().withMaxColumns(3));
        assertThat(s.frameTiles().get(2).y).isEqualTo(s.frameTiles().get(0).y);
        assertThat(s.frameTiles().get(3).x).isEqualTo(s.frameTiles().get(0).x);
        assertThat(s.frameTiles().get(3).y).isGreaterThan(s.overlayTiles().get(0).y + 224);
        assertThat(s.frameTiles().get(7).y).isGreaterThan(s.overlayTiles().get(3).y + 224);
    }

    @Test
    void fullFrameTilesKeepTheAspectRatio() {
        ContactSheet.Sheet s = ContactSheet.renderSheet(CLIP, MAPS, CROP, CAPTION, RenderOptions.defaults(),
                FigureOptions.defaults().withFullFrame(true));
        assertThat(s.frameTiles().get(0).width).isEqualTo(398); // 224 · 640/360
        assertThat(s.frameTiles().get(0).height).isEqualTo(224);
    }

    @Test
    void mismatchedClipAndMapsAreRejected() {
        AttentionMaps six = Synthetic.maps(CROP, 6, 14);
        assertThatThrownBy(() -> ContactSheet.render(CLIP, six, CROP, CAPTION, RenderOptions.defaults(),
                FigureOptions.defaults())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 frames").hasMessageContaining("6");
    }

    @Test
    void annotatedFrameHoldsTheOverlayAndBar() {
        BufferedImage a = AnnotatedFrame.render(CLIP.frames().get(2), MAPS, 2, CROP, 20, 0.67, CAPTION,
                RenderOptions.defaults(), FigureOptions.defaults().withTileSize(300));
        assertThat(a.getWidth()).isGreaterThan(300 + 2 * 14 + 30);
        assertThat(a.getHeight()).isGreaterThan(300 + 2 * 14);
        BufferedImage noBar = AnnotatedFrame.render(CLIP.frames().get(2), MAPS, 2, CROP, 20, 0.67,
                FigureCaption.ofModel("m"), RenderOptions.defaults().withColorBar(false),
                FigureOptions.defaults().withTileSize(300));
        assertThat(noBar.getWidth()).isEqualTo(300 + 2 * 14); // a short title: margins + the tile only
    }

    @Test
    void rawBarScaleUsesTheCommonFactorAndRefusesPerFrameNormalisation() {
        BarScale raw = BarScale.of(MAPS, BarUnits.RAW);
        assertThat(raw.hi()).isCloseTo(0.004, org.assertj.core.data.Offset.offset(1e-6));
        float[] v = MAPS.values().clone();
        float[] r = MAPS.raw().clone();
        for (int i = 0; i < 196; i++) {
            r[i] *= 3; // frame 0 on another scale: per-frame normalisation
        }
        BarScale mixed = BarScale.of(new AttentionMaps(8, 14, 14, v, r), BarUnits.RAW);
        assertThat(mixed.hi()).isEqualTo(1.0);
        assertThat(mixed.title()).contains("per frame");
    }

    private static boolean close(int a, int b, int tol) {
        return Math.abs(red(a) - red(b)) <= tol && Math.abs((a >> 8 & 0xFF) - (b >> 8 & 0xFF)) <= tol
                && Math.abs(blue(a) - blue(b)) <= tol;
    }

    private static int red(int p) {
        return p >> 16 & 0xFF;
    }

    private static int blue(int p) {
        return p & 0xFF;
    }
}
