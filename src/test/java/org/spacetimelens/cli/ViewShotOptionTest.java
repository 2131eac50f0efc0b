package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.pipeline.ReplayArgs;
import picocli.CommandLine;

/**
 * {@code export --view-shot}: a sidecar without a screenshot's {@code view}, or with a malformed one, is
 * refused with one line naming the file (exit 1); the screenshot replay arguments drop {@code --format}
 * and name the sidecar. The replay itself is tested end to end by {@code app.ScreenshotReplayTest}.
 */
class ViewShotOptionTest {

    private static String run(Path sidecar, Path out, int expectedExit) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("export", "--view-shot", sidecar.toString(), "--out", out.toString()))
                .isEqualTo(expectedExit);
        return err.toString();
    }

    @Test
    void aSidecarWithoutAViewIsRefusedByName(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("sheet.params.json");
        Files.writeString(plain, "{\"schema\": 2, \"artefact\": \"sheet.png\", \"replay\": [\"export\"]}");
        assertThat(run(plain, dir.resolve("out"), 1)).contains(plain.toString()).contains("has no \"view\"");
        Path broken = dir.resolve("shot.params.json");
        Files.writeString(broken, "{\"artefact\": \"shot.png\", \"view\": {\"view\": \"sideways\", \"scale\": 1}}");
        assertThat(run(broken, dir.resolve("out"), 1)).contains(broken.toString()).contains("malformed");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void screenshotReplayArgumentsNameTheSidecarInsteadOfFormats(@TempDir Path dir) {
        List<String> args = List.of("export", "--model", "/m", "--format", "npz,sheet", "--colormap", "jet",
                "--out", "/o");
        assertThat(ReplayArgs.forScreenshot(args, dir.resolve("shot.params.json"))).containsExactly("export",
                "--model", "/m", "--colormap", "jet", "--view-shot",
                dir.resolve("shot.params.json").toAbsolutePath().normalize().toString(), "--out", "/o");
    }
}
