package org.spacetimelens.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.spacetimelens.pipeline.Sidecar;
import org.spacetimelens.model.testing.FuzzFiles;
import picocli.CommandLine;

/**
 * Fuzzes {@code export --replay params.json} through the command line (a stable entry point while the
 * sidecar code moves): whatever the file holds, the command ends with exit 0, 1 or 2 — never an
 * internal error (70) or an escaping exception.
 *
 * <p>Inputs whose replay list lacks a {@code --model} or a {@code --clip} argument are skipped: their
 * replay would fall back to the demo assets (found from the working directory) and run a whole, valid
 * export per input. (A test of the text was too loose: {@code "--out=e--model24--cliput"} passed it, ran
 * the demo export and was reported as a slow input.)
 *
 * <p>Speed: building {@link Main#commandLine()} (picocli reflecting over every subcommand, option and
 * description) took ~10 ms, 90% of an input, so the fuzzer managed ~60 inputs/s. The command line is
 * built once and reused, which tests the same parse and {@code call()}: picocli resets every option to
 * its initial value before each parse, and the commands keep no other state between runs. (The replay
 * itself still builds a fresh one for the recorded arguments, as the app does.)
 */
@org.junit.jupiter.api.Tag("fuzz")
class ReplayFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void replay(byte[] data) throws Exception {
        Path sidecar = FuzzFiles.write("params.json", data);
        if (usesDemoAssets(sidecar)) {
            return;
        }
        Path out = FuzzFiles.emptyDir("replay-out");
        FuzzFiles.run(() -> {
            OUT.getBuffer().setLength(0);
            ERR.getBuffer().setLength(0);
            int code = CMD.execute("export", "--replay", sidecar.toString(), "--out", out.toString());
            if (code != 0 && code != 1 && code != 2) {
                throw new AssertionError("exit " + code + ": " + ERR);
            }
        });
    }

    /** True when the recorded replay parses and leaves out --model or --clip (so the demo would be used). */
    private static boolean usesDemoAssets(Path sidecar) {
        List<String> args;
        try {
            args = Sidecar.readReplay(sidecar).args();
        } catch (IOException | RuntimeException e) {
            return false; // the command refuses it itself: fuzz that path
        }
        return !names(args, "--model") || !names(args, "--clip");
    }

    private static boolean names(List<String> args, String option) {
        return args.stream().anyMatch(a -> a.equals(option) || a.startsWith(option + "="));
    }

    private static final StringWriter OUT = new StringWriter();
    private static final StringWriter ERR = new StringWriter();
    private static final CommandLine CMD = Main.commandLine()
            .setOut(new PrintWriter(OUT, true)).setErr(new PrintWriter(ERR, true));
}
