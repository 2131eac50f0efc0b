package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code export} on VideoMAE and ViViT checkpoints against an independent NumPy implementation of
 * the Hugging Face forward passes (modeling_videomae.py, modeling_vivit.py) and of the joint rollout
 * of ROLLOUT.md (src/test/python/reference_joint.py, dense float64), on random checkpoints written by
 * NumPy (make_tiny_joint.py, exact HF key names). Skipped where python3 with NumPy is not installed.
 *
 * <p>The clip's frame count always equals the config's {@code num_frames}: neither HF model can take
 * another one (VideoMAE's sinusoid table and ViViT's position embeddings have a fixed length).
 */
class JointModelsNumpyCrossCheckTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void needsNumpy() throws Exception {
        PythonScripts.assumeNumpy();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "videomae, mean pooling, tubelet 2               | 21 | 4 | --model-type videomae --frames 4 --size 32",
        "videomae, tubelet 1, bfloat16, 3 layers         | 22 | 3 | --model-type videomae --frames 3 --size 16 --tubelet 1 --dtype BF16 --layers 3",
        "videomae, image 16x24 (grid 2x3), float16       | 23 | 6 | --model-type videomae --frames 6 --height 16 --width 24 --dtype F16",
        "videomae, fc_norm eps 1e-5, layer_norm_eps 1e-2 | 24 | 4 | --model-type videomae --eps 0.01",
        "videomae, layernorm + token 0, no qkv bias      | 25 | 4 | --model-type videomae --no-mean-pooling --no-qkv-bias --eps 1e-6",
        "videomae, 5 frames (last one in no tubelet)     | 26 | 5 | --model-type videomae --frames 5 --size 16",
        "vivit, tubelet 2x8x8                            | 31 | 4 | --model-type vivit --frames 4 --size 32",
        "vivit, tubelet 1x8x8, bfloat16, 3 layers        | 32 | 3 | --model-type vivit --frames 3 --size 16 --tubelet 1 --dtype BF16 --layers 3",
        "vivit, tubelet 2x8x4 (grid 2x4), float16        | 33 | 4 | --model-type vivit --size 16 --patch-h 8 --patch-w 4 --dtype F16",
        "vivit, hidden_act gelu, no qkv bias             | 34 | 4 | --model-type vivit --hidden-act gelu --no-qkv-bias",
        "vivit, 5 frames (last one in no tubelet)        | 35 | 5 | --model-type vivit --frames 5 --size 16",
    })
    void exportMatchesTheNumpyReference(String name, int seed, int frames, String options) throws Exception {
        Path model = dir.resolve("model");
        PythonScripts.ok("make_tiny_joint.py", List.of(model.toString(), Integer.toString(seed)), options);
        Path clip = model.resolve("clip.npy");

        Path out = dir.resolve("out");
        int code = Main.commandLine().execute("export", "--model", model.toString(), "--clip", clip.toString(),
                "--out", out.toString(), "--device", "cpu");
        assertThat(code).as("export exit code").isZero();

        Path reference = dir.resolve("reference.npz");
        PythonScripts.ok("reference_joint.py", List.of(model.toString(), clip.toString(), reference.toString()), "");

        // The bar is 1e-3 for logits and 1e-4 for attention and rollout; hold ten times tighter.
        PythonScripts.ok("compare_npz.py", List.of(out.resolve("maps.npz").toString(), reference.toString(),
                "logits=1e-4", "attention=1e-5", "rollout=1e-5", "rollout_raw=1e-5", "--frames", Integer.toString(frames)), "");
    }

    /**
     * The references' own consistency (sinusoid table against the HF function, Conv3d tokens against a
     * naive loop, finite-difference gradients against complex-step derivatives, protocol endpoints...).
     */
    @Test
    void referencesAreSelfConsistent() throws Exception {
        PythonScripts.ok("selfcheck_references.py", List.of(dir.toString()), "");
    }
}
