package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the independent NumPy scripts of src/test/python (make_tiny_*, reference_*, compare_*) for the
 * cross-check tests. Nothing there shares code with the Java implementation.
 */
final class PythonScripts {

    static final Path DIR = Path.of("src/test/python");

    private PythonScripts() {
    }

    record Result(int exitCode, String output) {
    }

    /** Skips the calling test class where python3 with NumPy and SciPy is not installed. */
    static void assumeNumpy() throws InterruptedException {
        boolean ok;
        try {
            ok = run(List.of("python3", "-c", "import numpy, scipy.special")).exitCode == 0;
        } catch (IOException e) {
            ok = false;
        }
        assumeTrue(ok, "python3 with numpy and scipy is not available; skipping the NumPy cross-check");
    }

    /** Runs {@code python3 src/test/python/SCRIPT args...}, the options string split on blanks. */
    static Result script(String script, List<String> args, String options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", DIR.resolve(script).toString()));
        cmd.addAll(args);
        if (options != null && !options.isBlank()) {
            cmd.addAll(List.of(options.trim().split("\\s+")));
        }
        return run(cmd);
    }

    /** Like {@link #script} but asserts exit status 0, showing the script's output otherwise. */
    static Result ok(String script, List<String> args, String options) throws IOException, InterruptedException {
        Result r = script(script, args, options);
        assertThat(r.exitCode).as(script + " " + args + " " + options + ":\n" + r.output).isZero();
        return r;
    }

    static List<String> split(String options) {
        return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
