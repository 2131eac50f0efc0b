package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code evaluate --methods rollout} against an independent NumPy implementation of the protocol of
 * ROLLOUT.md ("Faithfulness: the perturbation protocol"; src/test/python/reference_faithfulness.py):
 * ranking with ties to the lower flat index, k = round(s·N/S) half up, zeroed patches of the
 * preprocessed clip (whole tubelets for VideoMAE / ViViT), the clean top class's softmax probability,
 * S+1 points per curve, trapezoid AUC. The reference ranks the map of {@code export}'s maps.npz after
 * checking it against its own dense rollout (1e-4). Skipped where python3 with NumPy is not installed.
 */
class FaithfulnessNumpyCrossCheckTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void needsNumpy() throws Exception {
        PythonScripts.assumeNumpy();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "timesformer divided, 8 steps, N = 8          | 51 | make_tiny_checkpoint.py | --frames 2 --size 16 --layers 2                           | 8  | ",
        "timesformer divided, 20 steps, N = 64        | 52 | make_tiny_checkpoint.py | --frames 4 --size 32 --layers 3                           | 20 | ",
        "timesformer, clip 3x16x24 resized, N = 18    | 53 | make_tiny_checkpoint.py | --frames 2 --size 16 --clip-frames 3 --clip-width 24      | 8  | ",
        "timesformer bf16, target class 2, 20 steps   | 54 | make_tiny_checkpoint.py | --frames 3 --size 16 --dtype BF16                         | 20 | --target-class 2",
        "timesformer space only, 8 steps              | 58 | make_tiny_checkpoint.py | --frames 3 --size 16 --attention space_only               | 8  | ",
        "videomae 16x24 tubelet 2, N = 12 (halves up) | 55 | make_tiny_joint.py      | --model-type videomae --frames 4 --height 16 --width 24   | 8  | ",
        "videomae tubelet 1, 20 steps                 | 56 | make_tiny_joint.py      | --model-type videomae --frames 3 --size 16 --tubelet 1    | 20 | ",
        "vivit tubelet 2x8x4, 8 steps                 | 57 | make_tiny_joint.py      | --model-type vivit --frames 4 --size 16 --patch-h 8 --patch-w 4 | 8 | ",
    })
    void evaluateMatchesTheNumpyProtocol(String name, int seed, String maker, String modelOptions, int steps,
            String classOptions) throws Exception {
        Path model = dir.resolve("model");
        PythonScripts.ok(maker, List.of(model.toString(), Integer.toString(seed)), modelOptions);
        Path clip = model.resolve("clip.npy");

        // The map that evaluate ranks is the default rollout; export writes the same one to maps.npz.
        Path maps = dir.resolve("export");
        assertThat(Main.commandLine().execute("export", "--model", model.toString(), "--clip", clip.toString(),
                "--out", maps.toString(), "--device", "cpu")).as("export exit code").isZero();

        Path out = dir.resolve("eval");
        List<String> evaluate = new ArrayList<>(List.of("evaluate", "--model", model.toString(), "--clip",
                clip.toString(), "--methods", "rollout", "--steps", Integer.toString(steps), "--out", out.toString(),
                "--device", "cpu"));
        evaluate.addAll(PythonScripts.split(classOptions));
        assertThat(Main.commandLine().execute(evaluate.toArray(String[]::new))).as("evaluate exit code").isZero();

        Path reference = dir.resolve("reference.json");
        PythonScripts.ok("reference_faithfulness.py", List.of(model.toString(), clip.toString(), reference.toString(),
                "--steps", Integer.toString(steps), "--map-npz", maps.resolve("maps.npz").toString()), classOptions);

        // The bar: every point within 1e-4.
        PythonScripts.ok("compare_faithfulness.py", List.of(out.resolve("faithfulness.json").toString(),
                reference.toString(), "1e-4"), "");
    }
}
