package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code export} against an independent NumPy implementation of the Hugging Face forward pass and of
 * the published rollout recipe (src/test/python/reference_timesformer.py, dense float64), on random
 * checkpoints written by NumPy code as well (make_tiny_checkpoint.py) — nothing on the reference side
 * shares code with the Java implementation. Skipped where python3 with NumPy is not installed.
 */
class NumpyReferenceCrossCheckTest {

    private static final Path SCRIPTS = Path.of("src/test/python");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsNumpy() throws Exception {
        boolean ok;
        try {
            ok = run(Path.of("."), List.of("python3", "-c", "import numpy")).exitCode == 0;
        } catch (IOException e) {
            ok = false;
        }
        assumeTrue(ok, "python3 with numpy is not available; skipping the NumPy cross-check");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "divided, config shape      | 11 | --frames 4 --size 32 --layers 3 --heads 4",
        "divided, 8 frames 6 layers | 12 | --frames 8 --size 32 --layers 6 --heads 2 --hidden 16",
        "divided, resized embeddings| 13 | --frames 4 --size 32 --clip-frames 6 --clip-size 48",
        "divided, fewer frames      | 14 | --frames 8 --size 48 --clip-frames 3 --clip-size 24 --layers 2",
        "divided, bfloat16 weights  | 15 | --dtype BF16 --layers 4",
        "divided, float16 weights   | 16 | --dtype F16",
        "joint space-time           | 17 | --attention joint_space_time",
        "space only                 | 18 | --attention space_only",
    })
    void exportMatchesTheNumpyReference(String name, int seed, String options) throws Exception {
        Path model = dir.resolve("model");
        List<String> make = new ArrayList<>(List.of("python3", SCRIPTS.resolve("make_tiny_checkpoint.py").toString(),
                model.toString(), Integer.toString(seed)));
        make.addAll(List.of(options.trim().split("\\s+")));
        assertThat(run(Path.of("."), make).exitCode).as("make_tiny_checkpoint.py").isZero();

        Path out = dir.resolve("out");
        int code = Main.commandLine().execute("export", "--model", model.toString(),
                "--clip", model.resolve("clip.npy").toString(), "--out", out.toString(), "--device", "cpu");
        assertThat(code).as("export exit code").isZero();

        Path reference = dir.resolve("reference.npz");
        Result ref = run(Path.of("."), List.of("python3", SCRIPTS.resolve("reference_timesformer.py").toString(),
                model.toString(), model.resolve("clip.npy").toString(), reference.toString()));
        assertThat(ref.exitCode).as("reference_timesformer.py: " + ref.output).isZero();

        // The bar is 1e-3 for logits and 1e-4 for attention and rollout; hold ten times tighter.
        Result cmp = run(Path.of("."), List.of("python3", SCRIPTS.resolve("compare_outputs.py").toString(),
                out.resolve("maps.npz").toString(), reference.toString(), "1e-4", "1e-5", "1e-5"));
        assertThat(cmp.exitCode).as(cmp.output).isZero();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path cwd, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
