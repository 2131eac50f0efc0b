package org.spacetimelens.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.TimeSformerNet;
import org.spacetimelens.video.CropGeometry;
import org.spacetimelens.video.Preprocessor;

class ClassEvidenceTest {
    @TempDir
    Path dir;

    @Test
    void theStrongestWrongClassIsTheBestLogitOtherThanTheTruth() {
        assertThat(ClassEvidence.strongestWrong(new float[] {5f, 1f, 3f, 2f}, 0)).isEqualTo(2);
        assertThat(ClassEvidence.strongestWrong(new float[] {5f, 1f, 3f, 2f}, 2)).isZero();
        assertThat(ClassEvidence.strongestWrong(new float[] {-1f, -1f}, 0)).isEqualTo(1);
    }

    @Test
    void sidecarBoxesAreMappedIntoTheModelsCrop() {
        // a 640×480 video, shortest edge to 64 (→ 85×64), centre crop 64: x offset 10 scaled px
        CropGeometry crop = new Preprocessor(PreprocessConfig.defaults(64)).geometry(640, 480);
        DemoSidecar.FrameTruth f = new DemoSidecar.FrameTruth(0, 0, "moves left",
                new double[] {160, 120, 320, 240}, true, 0.9, false, false);
        TargetBox b = ClassEvidence.box(f, crop);
        double s = 64.0 / 480;
        assertThat(b.x0()).isCloseTo((160 * s - crop.cropX()) / 64, within(1e-9));
        assertThat(b.y0()).isCloseTo(120 * s / 64, within(1e-9));
        assertThat(b.x1()).isCloseTo((320 * s - crop.cropX()) / 64, within(1e-9));
        assertThat(b.y1()).isCloseTo(0.5, within(1e-9));
        assertThat(b.visible()).isTrue();

        // wholly left of the crop: no box, not visible; the sidecar's flag decides over its rounded share
        DemoSidecar.FrameTruth outside = new DemoSidecar.FrameTruth(0, 0, "moves left", new double[] {0, 0, 40, 40},
                true, 1.0, false, false);
        assertThat(ClassEvidence.box(outside, crop).visible()).isFalse();
        DemoSidecar.FrameTruth hidden = new DemoSidecar.FrameTruth(0, 0, "moves left",
                new double[] {160, 120, 320, 240}, false, 0.5, false, true);
        assertThat(ClassEvidence.box(hidden, crop).visible()).isFalse();
    }

    /** The measure can fail: an untrained network of the demo's architecture does not reach the bar. */
    @Test
    void anUntrainedModelDoesNotMeetTheBar() throws Exception {
        Engines.ensureOffline();
        TimeSformerConfig cfg = DemoModels.demo();
        Path model = dir.resolve("untrained");
        try (TimeSformerNet net = TimeSformerNet.random(cfg, NDManager.newBaseManager(), 3)) {
            net.save(model, DemoModels.preprocess(cfg));
        }
        DemoAssets assets = DemoAssets.locate();
        try (TimeSformer m = TimeSformer.load(model, new TimeSformer.LoadOptions("cpu", 0))) {
            ClassEvidence.Report r = ClassEvidence.measure(m, DemoVideoCheck.decode(assets.video()),
                    DemoSidecar.read(assets.sidecar()), null);
            assertThat(r.trueClass().hitRate()).isLessThan(ClassEvidence.POINTING_BAR);
            assertThat(r.met()).isFalse();
        }
    }
}
