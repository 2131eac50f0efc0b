package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up checks and how dropped or command-line paths are classified. */
class LauncherTest {
    @Test
    void missingInputsAreNamedBeforeAnyWindowOpens(@TempDir Path dir) {
        assertThat(ViewerLauncher.checkStart(dir.resolve("nope.mp4"), null))
                .isEqualTo("video not found: " + dir.resolve("nope.mp4").toAbsolutePath());
        assertThat(ViewerLauncher.checkStart(null, dir.resolve("ckpt")))
                .startsWith("model not found: ");
    }

    @Test
    void theViewCommandRefusesAMissingVideoWithExitCode1(@TempDir Path dir) {
        java.io.StringWriter err = new java.io.StringWriter();
        var cli = org.spacetimelens.cli.Main.commandLine();
        cli.setErr(new java.io.PrintWriter(err));
        var parsed = cli.parseArgs("view", "clip.mp4", "--model", "ckpt");
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("view");
        int code = org.spacetimelens.cli.Main.commandLine().execute("view", dir.resolve("missing.mp4").toString());
        assertThat(code).isEqualTo(1);
    }

    @Test
    void checkpointsAreToldFromVideos(@TempDir Path dir) throws Exception {
        Path hf = Files.createDirectories(dir.resolve("hf"));
        Files.writeString(hf.resolve("config.json"), "{}");
        Path frames = Files.createDirectories(dir.resolve("frames"));
        assertThat(FileKinds.isCheckpoint(hf)).isTrue();
        assertThat(FileKinds.isCheckpoint(frames)).isFalse();
        assertThat(FileKinds.isCheckpoint(dir.resolve("model.safetensors"))).isTrue();
        assertThat(FileKinds.isCheckpoint(dir.resolve("k400.pyth"))).isTrue();
        assertThat(FileKinds.isCheckpoint(dir.resolve("clip.MP4"))).isFalse();
        assertThat(FileKinds.sidecarOf(dir.resolve("figure.png"))).isEqualTo(dir.resolve("figure.params.json"));
    }

    @Test
    void checkpointNamesAreReadable(@TempDir Path dir) throws Exception {
        Path model = Files.createDirectories(dir.resolve("demo").resolve("model"));
        Files.writeString(model.resolve("config.json"), "{}");
        assertThat(CoreBackend.nameOf(model)).isEqualTo("demo/model");
        assertThat(CoreBackend.nameOf(model.resolve("model.safetensors"))).isEqualTo("demo/model");
        assertThat(CoreBackend.nameOf(dir.resolve("TimeSformer_divST_8x32_224_K400.pyth")))
                .isEqualTo("TimeSformer_divST_8x32_224_K400");
    }
}
