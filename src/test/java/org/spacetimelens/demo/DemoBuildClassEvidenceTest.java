package org.spacetimelens.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.Engines;

/** train-demo's recipe (tiny model, two steps) measures class evidence on its video and writes it into the card. */
class DemoBuildClassEvidenceTest {
    @TempDir
    Path dir;

    @Test
    void theBuildWritesTheFigureAndTheCardSection() throws Exception {
        Engines.ensureOffline();
        DemoTrainer.Options opt = new DemoTrainer.Options(2, 2, 7, 1e-3f, 0.05f, 1, 0, 0);
        DemoBuild.Settings s = new DemoBuild.Settings(dir, DemoModels.tiny(), opt, DemoBuild.EVAL_SEED, 2, true,
                "train-demo --tiny");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DemoBuild.Outcome o = DemoBuild.run(s, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(o.classEvidence()).isNotNull();
        assertThat(o.classEvidence().windows()).hasSize(ClassEvidence.windowCount(o.video().sidecar()));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("class evidence, true class");
        assertThat(dir.resolve(ClassEvidenceCard.FIGURE)).exists();
        String card = Files.readString(dir.resolve("MODEL_CARD.md"));
        assertThat(card).contains(ClassEvidenceCard.BEGIN).contains("## Class evidence").contains(ClassEvidenceCard.END)
                .contains("`" + ClassEvidenceCard.FIGURE + "`"); // listed with the files, written before the card
        // the section can be rewritten in place by demo-eval --class-evidence --write-card
        String section = ClassEvidenceCard.section(o.classEvidence(), "demo.mp4");
        ClassEvidenceCard.writeInto(dir.resolve("MODEL_CARD.md"), section);
        assertThat(Files.readString(dir.resolve("MODEL_CARD.md"))).isEqualTo(card);
    }
}
