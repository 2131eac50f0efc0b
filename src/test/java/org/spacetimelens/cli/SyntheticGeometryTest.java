package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.evaluate.ClipRows;
import org.spacetimelens.model.JointConfig;
import org.spacetimelens.model.TensorDType;
import org.spacetimelens.model.testing.JointCheckpoints;

/** {@code evaluate --synthetic} renders the demo scenes at the model's own input geometry (not a square crop). */
class SyntheticGeometryTest {
    @TempDir
    Path dir;

    @Test
    void aNonSquareJointModelEvaluatesSyntheticScenes() throws Exception {
        // VideoMAE taking 4 frames of 16×24 (patches 8×8: a 2×3 grid); its preprocessor crops 16 px squares
        JointConfig c = JointCheckpoints.reshaped(JointCheckpoints.videoMae(), 4, 16, 24, 8, 8);
        Path model = JointCheckpoints.writeHfFolder(dir.resolve("videomae"), c, JointCheckpoints.weights(c, 5), true,
                TensorDType.F32, "{\"size\": {\"shortest_edge\": 16}, \"crop_size\": 16}");
        Path out = dir.resolve("out");
        CliErrorsTest.Result r = CliErrorsTest.run("evaluate", "--model", model.toString(), "--synthetic", "2",
                "--steps", "2", "--methods", "rollout,random", "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        List<ClipRows.Row> rows = ClipRows.read(out.resolve(ClipRows.FILE_NAME));
        assertThat(rows).hasSize(4).extracting(ClipRows.Row::clip)
                .containsExactly("scene_00000", "scene_00000", "scene_00001", "scene_00001");
        assertThat(r.err()).doesNotContain("failed");
    }
}
