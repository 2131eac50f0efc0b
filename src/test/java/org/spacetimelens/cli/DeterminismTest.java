package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.TinyConfigs;
import org.spacetimelens.video.testing.TestVideos;

/**
 * Two exports of the same inputs give bit-identical arrays in {@code maps.npz} (every array's .npy
 * bytes, so NaN timestamps of a tensor input compare equal bit for bit), for every attention type,
 * from a video and from a preprocessed tensor. {@link QuietOutputTest} repeats this across two fresh
 * processes.
 */
class DeterminismTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(AttentionType.class)
    void twoExportsAreBitIdentical(AttentionType type) throws Exception {
        TimeSformerConfig c = TinyConfigs.tiny(type);
        Path model = TinyModels.hfFolder(dir.resolve("model"), c, RandomWeights.generate(c, 11));
        Path video = TestVideos.write(dir.resolve("clip.mp4"), 24, 48, 32);
        Path tensor = TinyModels.clip(dir.resolve("clip.npy"), RandomWeights.clip(12, 4, 3, 16, 16), 4, 16, 16);
        for (Path clip : new Path[] {video, tensor}) {
            Map<String, byte[]> first = export(model, clip, dir.resolve("a-" + clip.getFileName()));
            Map<String, byte[]> second = export(model, clip, dir.resolve("b-" + clip.getFileName()));
            assertThat(first.keySet()).contains("rollout.npy", "rollout_raw.npy", "logits.npy", "timestamps.npy",
                    "spatial_attention.npy");
            assertThat(second.keySet()).containsExactlyElementsOf(first.keySet());
            for (String name : first.keySet()) {
                assertThat(second.get(name)).as(type + " " + clip.getFileName() + " " + name).isEqualTo(first.get(name));
            }
        }
    }

    private static Map<String, byte[]> export(Path model, Path clip, Path out) throws IOException {
        CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", model.toString(), "--clip", clip.toString(),
                "--out", out.toString(), "--format", "npz");
        assertThat(r.code()).as(r.err()).isZero();
        return npzEntries(out.resolve("maps.npz"));
    }

    /** Each .npy of an .npz as its raw bytes (header + data), in file order. */
    static Map<String, byte[]> npzEntries(Path npz) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                out.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }
}
