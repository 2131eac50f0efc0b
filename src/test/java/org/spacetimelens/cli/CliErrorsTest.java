package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input gives a non-zero exit and one line naming the problem; --verbose adds the stack trace. */
class CliErrorsTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    Path model() throws IOException {
        return Files.createDirectories(dir.resolve("model"));
    }

    Path clip() throws IOException {
        return NpyTestFiles.float32(dir.resolve("clip.npy"), new long[] {2, 3, 4, 4}, NpyTestFiles.ramp(96));
    }

    @Test
    void missingRequiredOptionIsOneLine() {
        Result r = run("predict", "--clip", "x.npy");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--model");
        r = run("export", "--model", "m", "--clip", "x.npy");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--out");
    }

    /** export without --model takes the demo model; when there is none, one line says where it looked. */
    @Test
    void exportWithoutModelUsesTheDemoOrSaysWhereItLooked() {
        Result r = run("export", "--clip", dir.resolve("x.npy").toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(1);
        if (org.spacetimelens.demo.DemoAssets.find().isEmpty()) {
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("no --model given, and demo assets not found").contains("--model");
        } else {
            assertThat(r.err()).contains("using the demo model").contains("--clip: no such file or folder");
        }
    }

    @Test
    void missingModelIsNamed() throws IOException {
        Result r = run("export", "--model", dir.resolve("nope").toString(), "--clip", clip().toString(), "--out",
                dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("export: error: --model: no such file or folder: " + dir.resolve("nope"));
    }

    @Test
    void missingClipIsNamed() throws IOException {
        Result r = run("predict", "--model", model().toString(), "--clip", dir.resolve("c.npy").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--clip: no such file").contains("c.npy");
    }

    @Test
    void wrongClipDtypeAndShapeAreNamed() throws IOException {
        Path f8 = NpyTestFiles.raw(dir.resolve("f8.npy"),
                "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 3, 2, 2), }", 96);
        Result r = run("export", "--model", model().toString(), "--clip", f8.toString(), "--out",
                dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("f8.npy").contains("dtype is '<f8'").contains("float32");

        Path threeD = NpyTestFiles.float32(dir.resolve("3d.npy"), new long[] {3, 4, 4}, new float[48]);
        r = run("predict", "--model", model().toString(), "--clip", threeD.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("shape [3, 4, 4] is not (T, 3, H, W)");

        Path fourChannels = NpyTestFiles.float32(dir.resolve("4c.npy"), new long[] {1, 4, 2, 2}, new float[16]);
        r = run("predict", "--model", model().toString(), "--clip", fourChannels.toString());
        assertThat(r.err()).contains("shape [1, 4, 2, 2] is not (T, 3, H, W)");
    }

    @Test
    void badRolloutOptionsAreNamed() throws IOException {
        Result r = run("export", "--model", model().toString(), "--clip", clip().toString(), "--out",
                dir.resolve("o").toString(), "--discard-ratio", "1.5");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("discardRatio must be in [0, 1), got 1.5");
        r = run("export", "--model", model().toString(), "--clip", clip().toString(), "--out",
                dir.resolve("o").toString(), "--query", "1,2");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("'1,2' is not cls or Y,X,T");
        r = run("export", "--model", model().toString(), "--clip", clip().toString(), "--out",
                dir.resolve("o").toString(), "--normalization", "sometimes");
        assertThat(r.err()).contains("'sometimes' is not global, per-frame or none");
        r = run("predict", "--model", model().toString(), "--clip", clip().toString(), "--device", "tpu");
        assertThat(r.err()).contains("'tpu' is not auto, cpu or gpu");
    }

    @Test
    void outputThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Result r = run("export", "--model", model().toString(), "--clip", clip().toString(), "--out", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("exists and is not a folder");
    }

    @Test
    void verbosePrintsTheStackTrace() throws IOException {
        Result quiet = run("predict", "--model", model().toString(), "--clip", dir.resolve("c.npy").toString());
        assertThat(quiet.err()).doesNotContain("\tat ");
        Result verbose = run("predict", "--verbose", "--model", model().toString(), "--clip",
                dir.resolve("c.npy").toString());
        assertThat(verbose.err()).contains("--clip: no such file").contains("\tat org.spacetimelens.cli.");
    }

    @Test
    void rolloutOptionsBecomeParams() {
        ExportCommand export = new ExportCommand();
        new CommandLine(export).parseArgs("--model", "m", "--clip", "c", "--out", "o", "--method", "spatial",
                "--start-layer", "1", "--up-to-layer", "3", "--fusion", "max", "--select-heads", "2,0",
                "--select-heads-layer", "2", "--discard-ratio", "0.25", "--residual-weight", "0.75",
                "--query", "1,2,3", "--normalization", "per-frame");
        org.spacetimelens.rollout.RolloutParams p = export.rollout.toParams();
        assertThat(p).isEqualTo(org.spacetimelens.rollout.RolloutParams.builder()
                .method(org.spacetimelens.rollout.RolloutMethod.SPATIAL).startLayer(1).upToLayer(3)
                .fusion(org.spacetimelens.rollout.HeadFusion.MAX).heads(0, 2).headLayer(2).discardRatio(0.25)
                .residualWeight(0.75).query(org.spacetimelens.rollout.QueryToken.patch(1, 2, 3))
                .normalization(org.spacetimelens.rollout.MapNormalization.PER_FRAME).build());
    }

    /** README: exit 1 for bad input, one line naming it; a missing path given to view is bad input. */
    @Test
    void viewOnAMissingPathExitsOneNamingIt() throws IOException {
        Path missing = dir.resolve("nope.mp4");
        Result r = run("view", missing.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("view: error: no such video file or folder: " + missing.toAbsolutePath());
        r = run("view", clip().toString(), "--model", dir.resolve("no-model").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--model: no such file or folder: " + dir.resolve("no-model").toAbsolutePath());
    }

    /** Usage errors (unknown options, bad values) are bad input too: exit 1, not picocli's default 2. */
    @Test
    void usageErrorsExitOne() {
        for (String[] args : List.of(new String[] {"view", "--no-such-option"}, new String[] {"export", "--bogus"},
                new String[] {"predict", "--top", "many"}, new String[] {"view", "a.mp4", "b.mp4"})) {
            Result r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err().strip().lines()).as(String.join(" ", args)).hasSize(1);
        }
    }
}
