package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.AttentionStorage;
import org.spacetimelens.model.JointConfig;
import org.spacetimelens.model.RawTensor;
import org.spacetimelens.model.TensorDType;
import org.spacetimelens.model.testing.JointCheckpoints;

/**
 * {@code export} with the attention record in a mapped file ({@code -Dspacetimelens.attentionStore=mapped}) writes
 * the same {@code maps.npz}, attention included, as with the record on the heap, float32 and float16, and leaves no
 * file in the attention folder; a folder that cannot be written is one line and exit 1.
 */
class MappedExportTest {
    @TempDir
    Path dir;

    @Test
    void mappedAndHeapExportsAreIdentical() throws Exception {
        JointConfig c = JointCheckpoints.reshaped(JointCheckpoints.vivit(), 6, 32, 32, 8, 8); // N = 1 + 3·4·4
        Map<String, RawTensor> w = JointCheckpoints.weights(c, 5);
        Path model = JointCheckpoints.writeHfFolder(dir.resolve("model"), c, w, true, TensorDType.F32, null);
        Path clip = TinyModels.clip(dir.resolve("clip.npy"), JointCheckpoints.clip(c, 6), c.numFrames(),
                c.imageSize(), c.imageWidth());
        Path attention = dir.resolve("attention");
        for (String fp16 : new String[] {"", "--fp16"}) {
            @SuppressWarnings("unchecked")
            Map<String, float[]>[] npz = new Map[2];
            String[] placements = {"heap", "mapped"};
            for (int i = 0; i < 2; i++) {
                Path out = dir.resolve("out-" + placements[i] + fp16);
                java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("export", "--model",
                        model.toString(), "--clip", clip.toString(), "--out", out.toString(), "--format", "npz"));
                if (!fp16.isEmpty()) {
                    args.add(fp16);
                }
                CliErrorsTest.Result r = withStore(placements[i], attention,
                        () -> CliErrorsTest.run(args.toArray(String[]::new)));
                assertThat(r.code()).as(r.err()).isZero();
                npz[i] = TinyModels.readNpz(out.resolve("maps.npz"), new java.util.HashMap<>());
            }
            // the arrays, bit for bit (the zip entries' times may differ by a second)
            assertThat(npz[1].keySet()).isEqualTo(npz[0].keySet()).contains("attention", "rollout");
            for (String k : npz[0].keySet()) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(npz[0].get(k), npz[1].get(k), k + " " + fp16);
            }
        }
        try (var files = Files.list(attention)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void anUnwritableFolderIsOneLine() throws Exception {
        JointConfig c = JointCheckpoints.videoMae();
        Path model = JointCheckpoints.writeHfFolder(dir.resolve("model"), c, JointCheckpoints.weights(c, 5), true,
                TensorDType.F32, null);
        Path clip = TinyModels.clip(dir.resolve("clip.npy"), JointCheckpoints.clip(c, 6), c.numFrames(),
                c.imageSize(), c.imageWidth());
        Path notADir = Files.writeString(dir.resolve("file"), "x").resolve("attention");
        CliErrorsTest.Result r = withStore("mapped", notADir, () -> CliErrorsTest.run("export", "--model",
                model.toString(), "--clip", clip.toString(), "--out", dir.resolve("out").toString()));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains(notADir.toString()).contains("-D" + AttentionStorage.DIR_PROPERTY)
                .doesNotContain("internal error");
    }

    private static CliErrorsTest.Result withStore(String placement, Path folder,
            java.util.concurrent.Callable<CliErrorsTest.Result> run) throws Exception {
        System.setProperty(AttentionStorage.PLACEMENT_PROPERTY, placement);
        System.setProperty(AttentionStorage.DIR_PROPERTY, folder.toString());
        try {
            return run.call();
        } finally {
            System.clearProperty(AttentionStorage.PLACEMENT_PROPERTY);
            System.clearProperty(AttentionStorage.DIR_PROPERTY);
        }
    }
}
