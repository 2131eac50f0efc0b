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
 * {@code export --method grad-rollout} against an independent NumPy implementation
 * (src/test/python/reference_grad_rollout.py) that takes the gradients of the target with respect to
 * every attention probability by central finite differences in float64 (perturb one probability,
 * re-run the rest of the forward pass) and applies the rule of ROLLOUT.md ("Gradient-weighted
 * rollout") densely. Tiny random checkpoints (a few hundred probabilities each) so the differences
 * take about a second. Skipped where python3 with NumPy is not installed.
 */
class GradRolloutNumpyCrossCheckTest {

    private static final String TINY = "--layers 2 --heads 2 --hidden 16 --size 16";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsNumpy() throws Exception {
        PythonScripts.assumeNumpy();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "divided, top class                         | 41 | --frames 2                                   | ",
        "divided, class 3 rather than class 0, bf16 | 42 | --frames 3 --dtype BF16                      | --target-class 3 --contrast-class 0",
        "divided, clip 3x16x24 (resized), float16   | 43 | --frames 2 --clip-frames 3 --clip-width 24 --dtype F16 | --target-class 1",
        "divided, 3 layers 4 heads                  | 44 | --frames 2 --layers 3 --heads 4              | --target-class 2 --contrast-class 4",
        "divided, classes by label                  | 49 | --frames 2                                   | --target-class class_4 --contrast-class class_1",
        "space only, top class                      | 45 | --frames 2 --attention space_only            | ",
        "joint space-time, class 0 rather than 2    | 46 | --frames 2 --attention joint_space_time      | --target-class 0 --contrast-class 2",
    })
    void timesformerMatchesFiniteDifferences(String name, int seed, String modelOptions, String classOptions)
            throws Exception {
        check("make_tiny_checkpoint.py", seed, TINY + " " + modelOptions, classOptions,
                List.of("rollout=1e-4", "rollout_raw=1e-4", "spatial_attention_grad=1e-4"),
                !modelOptions.contains("--attention"));
    }

    /** Class evidence for the joint models (issue 14 asks for it once grad-rollout has landed). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "videomae, top class, tubelet 2             | 47 | --model-type videomae --frames 4 | ",
        "vivit, class 1 rather than class 3         | 48 | --model-type vivit --frames 2     | --target-class 1 --contrast-class 3",
    })
    void jointModelsMatchFiniteDifferences(String name, int seed, String modelOptions, String classOptions)
            throws Exception {
        check("make_tiny_joint.py", seed, "--layers 2 --heads 2 --hidden 16 --size 16 " + modelOptions, classOptions,
                List.of("rollout=1e-4", "rollout_raw=1e-4", "attention_grad=1e-4"), false);
    }

    private void check(String maker, int seed, String modelOptions, String classOptions, List<String> keys,
            boolean divided) throws Exception {
        Path model = dir.resolve("model");
        PythonScripts.ok(maker, List.of(model.toString(), Integer.toString(seed)), modelOptions);
        Path clip = model.resolve("clip.npy");

        Path out = dir.resolve("out");
        List<String> export = new ArrayList<>(List.of("export", "--model", model.toString(), "--clip", clip.toString(),
                "--out", out.toString(), "--device", "cpu", "--method", "grad-rollout"));
        export.addAll(PythonScripts.split(classOptions));
        int code = Main.commandLine().execute(export.toArray(String[]::new));
        assertThat(code).as("export exit code").isZero();

        Path reference = dir.resolve("reference.npz");
        // make_tiny_* name class i "class_i"; the reference takes indices only.
        String referenceClasses = classOptions == null ? null : classOptions.replaceAll("class_(\\d+)", "$1");
        PythonScripts.ok("reference_grad_rollout.py", List.of(model.toString(), clip.toString(), reference.toString()),
                referenceClasses);

        // The bar: map and both gradient tensors within 1e-4 of the finite differences.
        List<String> args = new ArrayList<>(List.of(out.resolve("maps.npz").toString(), reference.toString(),
                "logits=1e-4"));
        args.addAll(keys);
        if (divided) {
            args.add("temporal_attention_grad=1e-4");
        }
        PythonScripts.ok("compare_npz.py", args, "");
    }
}
