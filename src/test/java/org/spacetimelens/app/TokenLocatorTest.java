package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.spacetimelens.video.CropGeometry;

class TokenLocatorTest {

    @Test
    void aCentreCropMapsPatchesInsideTheSquare() {
        // 640x360 frame, shortest edge 224: scale 0.6222, resized 398x224, crop 224 at x = 87
        CropGeometry crop = new CropGeometry(640, 360, 224.0 / 360, 87, 0, 224);
        TokenLocator loc = new TokenLocator(crop, 14, 14);
        assertThat(loc.patchAt(10, 10)).isNull(); // left of the crop
        double[] r = loc.patchRect(0, 0);
        assertThat(r[2]).isEqualTo(r[3]);
        assertThat(loc.patchAt(r[0] + 1, r[1] + 1)).containsExactly(0, 0);
    }

    @Test
    void aFrameSqueezedToTheModelSizeIsCoveredWholeWithNonSquarePatches() {
        // HF size {height: 224, width: 224}: a 640x360 frame is resized to 224x224, no crop left over
        CropGeometry crop = new CropGeometry(640, 360, 224.0 / 640, 0, 0, 224, 224.0 / 360);
        TokenLocator loc = new TokenLocator(crop, 14, 14);
        assertThat(loc.patchAt(0, 0)).containsExactly(0, 0);
        assertThat(loc.patchAt(639.9, 359.9)).containsExactly(13, 13);
        assertThat(loc.patchAt(320, 10)).containsExactly(0, 7);
        double[] r = loc.patchRect(13, 13);
        assertThat(r[2]).isEqualTo(640.0 / 14, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r[3]).isEqualTo(360.0 / 14, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r[0] + r[2]).isEqualTo(640.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
