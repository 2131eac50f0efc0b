package org.spacetimelens.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.spacetimelens.model.testing.FuzzFiles;
import picocli.CommandLine;

/**
 * Fuzzes {@code export --replay params.json} through the command line (a stable entry point while the
 * sidecar code moves): whatever the file holds, the command ends with exit 0, 1 or 2 — never an
 * internal error (70) or an escaping exception.
 *
 * <p>Inputs whose text lacks {@code --model} or {@code --clip} are skipped: their replay would fall
 * back to the demo assets (found from the working directory) and run a whole, valid export per input.
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
        String text = new String(data, StandardCharsets.UTF_8);
        if (!text.contains("--model") || !text.contains("--clip")) {
            return;
        }
        Path sidecar = FuzzFiles.write("params.json", data);
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

    private static final StringWriter OUT = new StringWriter();
    private static final StringWriter ERR = new StringWriter();
    private static final CommandLine CMD = Main.commandLine()
            .setOut(new PrintWriter(OUT, true)).setErr(new PrintWriter(ERR, true));
}
