package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** demo-eval's class-evidence options: misuse is one line and exit 1 (the measurement: ShippedClassEvidenceTest). */
class DemoEvalCommandTest {
    @TempDir
    Path dir;

    @Test
    void cardOptionsNeedClassEvidence() {
        CliErrorsTest.Result r = CliErrorsTest.run("demo-eval", "--write-card");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--class-evidence").hasLineCount(1);
    }

    @Test
    void aFolderWithoutTheDemoVideoIsNamed() {
        CliErrorsTest.Result r = CliErrorsTest.run("demo-eval", "--class-evidence", "--assets", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(dir.toString()).contains("demo.mp4").hasLineCount(1);
    }
}
