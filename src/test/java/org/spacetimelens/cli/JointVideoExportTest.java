package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.JointConfig;
import org.spacetimelens.model.TensorDType;
import org.spacetimelens.model.testing.JointCheckpoints;
import org.spacetimelens.video.ClipSampler;
import org.spacetimelens.video.VideoSource;
import org.spacetimelens.video.testing.TestVideos;

/** VideoMAE and ViViT exports from a video: every sampled frame listed, tubelet maps drawn on each frame. */
class JointVideoExportTest {

    @TempDir
    Path dir;

    @Test
    void videoMaeFromAVideo() throws Exception {
        JointConfig c = JointCheckpoints.videoMae();
        Path model = JointCheckpoints.writeHfFolder(dir.resolve("m"), c, JointCheckpoints.weights(c, 81), true,
                TensorDType.F32, "{\"image_processor_type\": \"VideoMAEImageProcessor\", \"size\": {\"shortest_edge\": 16},"
                        + " \"crop_size\": {\"height\": 16, \"width\": 16}}");
        Path video = TestVideos.write(dir.resolve("clip.mp4"), 40, 64, 48);
        Path out = dir.resolve("out");
        CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", model.toString(), "--clip", video.toString(),
                "--out", out.toString(), "--format", "npz,png,sheet,mp4");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, long[]> shapes = new HashMap<>();
        Map<String, float[]> npz = TinyModels.readNpz(out.resolve("maps.npz"), shapes);
        int[] expected = ClipSampler.uniform(40, 4); // num_frames = 4
        assertThat(VideoExportTest.ints(npz.get("frame_indices"))).containsExactly(expected);
        assertThat(shapes.get("timestamps")).containsExactly(4);
        assertThat(shapes.get("rollout")).containsExactly(2, 2, 2); // t' = 4 / 2
        assertThat(shapes.get("attention")).containsExactly(2, 2, 8, 8);
        try (var pngs = java.nio.file.Files.list(out.resolve("overlays"))) {
            assertThat(pngs.count()).isEqualTo(4);
        }
        try (VideoSource v = VideoSource.open(out.resolve("overlay.mp4"))) {
            assertThat(v.info().frameCount()).isEqualTo(40);
        }
    }

    @Test
    void vivitProcessorDefaultsThatDoNotFitTheModelFailClearly() throws Exception {
        JointConfig c = JointCheckpoints.vivit(); // 16 px model, no preprocessor_config.json: crop 224
        Path model = JointCheckpoints.writeHfFolder(dir.resolve("v"), c, JointCheckpoints.weights(c, 82), true,
                TensorDType.F32, null);
        Path video = TestVideos.write(dir.resolve("clip.mp4"), 20, 64, 48);
        CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", model.toString(), "--clip", video.toString(),
                "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("ViViT takes 6 frames of 16x16").contains("224x224");
    }

    @Test
    void aFrameInNoTubeletIsListedButNotDrawn() throws Exception {
        JointConfig c = JointCheckpoints.reshaped(JointCheckpoints.videoMae(), 5, 16, 16, 8, 8); // 2 tubelets + 1
        Path model = JointCheckpoints.writeHfFolder(dir.resolve("m5"), c, JointCheckpoints.weights(c, 83), true,
                TensorDType.F32, "{\"size\": {\"shortest_edge\": 16}, \"crop_size\": {\"height\": 16, \"width\": 16}}");
        Path video = TestVideos.write(dir.resolve("clip5.mp4"), 40, 64, 48);
        Path out = dir.resolve("out5");
        CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", model.toString(), "--clip", video.toString(),
                "--out", out.toString(), "--format", "npz,png,sheet,mp4", "--video-span", "clip");
        assertThat(r.code()).as(r.err()).isZero();
        int[] sampled = ClipSampler.uniform(40, 5);
        assertThat(r.err()).contains("clip frame 4 (source frame " + sampled[4] + ") fills no tubelet of 2 frames");
        Map<String, long[]> shapes = new HashMap<>();
        Map<String, float[]> npz = TinyModels.readNpz(out.resolve("maps.npz"), shapes);
        assertThat(VideoExportTest.ints(npz.get("frame_indices"))).containsExactly(sampled);
        assertThat(shapes.get("timestamps")).containsExactly(5);
        assertThat(shapes.get("rollout")).containsExactly(2, 2, 2);
        try (var pngs = java.nio.file.Files.list(out.resolve("overlays"))) {
            assertThat(pngs.count()).as("no overlay for the uncovered frame").isEqualTo(4);
        }
        try (VideoSource v = VideoSource.open(out.resolve("overlay.mp4"))) {
            // the clip's span ends at the last frame a tubelet covers
            assertThat(v.info().frameCount()).isEqualTo(sampled[3] - sampled[0] + 1);
        }
        String params = java.nio.file.Files.readString(out.resolve("params.json"));
        assertThat(params).contains("fills no tubelet");
    }
}
