package org.spacetimelens.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.TimeSformer;

/**
 * The demo bar of issue 12, recomputed on the shipped assets (model, decoded demo video, sidecar): the true
 * class's evidence points at the target in ≥ 80% of the visible frames, and the strongest wrong class's map
 * differs (mean per-frame total variation ≥ 0.25); the card reports what the code measures.
 */
class ShippedClassEvidenceTest {

    private static ClassEvidence.Report report;
    private static DemoAssets assets;
    private static DemoSidecar sidecar;

    @BeforeAll
    static void measure() throws Exception {
        Engines.ensureOffline();
        assets = DemoAssets.locate();
        sidecar = DemoSidecar.read(assets.sidecar());
        List<BufferedImage> frames = DemoVideoCheck.decode(assets.video());
        try (TimeSformer m = TimeSformer.load(assets.modelDir(), new TimeSformer.LoadOptions("cpu", 0))) {
            report = ClassEvidence.measure(m, frames, sidecar, null);
        }
    }

    @Test
    void everyFrameOfTheVideoIsScoredOnce() {
        Set<Integer> seen = new HashSet<>();
        for (ClassEvidence.Window w : report.windows()) {
            for (int f : w.frames()) {
                assertThat(seen.add(f)).as("frame %d in two windows", f).isTrue();
            }
            assertThat(w.wrongClass()).isNotEqualTo(w.truth());
        }
        assertThat(seen).hasSize(sidecar.frameCount());
        long visible = sidecar.frames().stream().filter(DemoSidecar.FrameTruth::visible).count();
        assertThat(report.trueClass().frames()).isEqualTo((int) visible);
    }

    @Test
    void theTrueClassPointsAtTheTargetAndAWrongClassLooksDifferent() {
        assertThat(report.trueClass().hitRate()).as("true class: arg-max on the target")
                .isGreaterThanOrEqualTo(ClassEvidence.POINTING_BAR);
        assertThat(report.trueVsWrong().meanTotalVariation()).as("true vs strongest wrong class")
                .isGreaterThanOrEqualTo(ClassEvidence.DIFFERENCE_BAR);
        assertThat(report.met()).isTrue();
        // the measure is not trivially satisfied: a wrong class's map is not the true class's map
        assertThat(report.trueVsWrong().argmaxAgreement()).isLessThan(1.0);
        assertThat(report.trueVsWrong().meanCorrelation()).isLessThan(0.95);
    }

    @Test
    void theCardReportsTheMeasuredFigures() throws Exception {
        String card = Files.readString(assets.modelCard());
        assertThat(card).contains(ClassEvidenceCard.BEGIN).contains(ClassEvidenceCard.END)
                .contains("](" + ClassEvidenceCard.FIGURE + ")");
        assertThat(assets.root().resolve(ClassEvidenceCard.FIGURE)).exists();
        assertThat(Files.size(assets.root().resolve(ClassEvidenceCard.FIGURE))).isLessThan(800L << 10);
        // The card's figures within one frame / a rounding step of a fresh measurement (CPU kernels may differ in
        // the last bits between machines, which can flip a near-tie arg-max).
        Matcher hit = Pattern.compile("\\| class evidence, \\*\\*true class\\*\\* \\| ([0-9.]+)% of (\\d+) frames")
                .matcher(card);
        assertThat(hit.find()).as("true-class row in the card").isTrue();
        assertThat(Integer.parseInt(hit.group(2))).isEqualTo(report.trueClass().frames());
        double slack = 100.0 / report.trueClass().frames() + 0.05;
        assertThat(Double.parseDouble(hit.group(1))).isCloseTo(100 * report.trueClass().hitRate(), within(slack));
        Matcher tv = Pattern.compile("\\| strongest wrong class \\| ([0-9.]+) \\|").matcher(card);
        assertThat(tv.find()).as("true vs strongest wrong row in the card").isTrue();
        assertThat(Double.parseDouble(tv.group(1))).isCloseTo(report.trueVsWrong().meanTotalVariation(),
                within(0.005));
    }
}
