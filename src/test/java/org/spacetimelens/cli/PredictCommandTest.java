package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.RawTensor;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.testing.CheckpointWriters;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.ReferenceTimeSformer;
import org.spacetimelens.model.testing.TinyConfigs;

/** {@code predict}: top-K labels and probabilities against the reference forward pass. */
class PredictCommandTest {

    @TempDir
    Path dir;

    final TimeSformerConfig config = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
    final Map<String, RawTensor> weights = RandomWeights.generate(config, 61);
    final float[] clip = RandomWeights.clip(62, 4, 3, 16, 16);

    @Test
    void hfFolderPrintsTopKLabelsWithReferenceProbabilities() throws Exception {
        Path model = TinyModels.hfFolder(dir.resolve("m"), config, weights);
        Path clipFile = TinyModels.clip(dir.resolve("c.npy"), clip, 4, 16, 16);
        CliErrorsTest.Result r = CliErrorsTest.run("predict", "--model", model.toString(), "--clip",
                clipFile.toString(), "--top", "3");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().strip().lines().toList();
        assertThat(lines).hasSize(3);
        double[] p = softmax(new ReferenceTimeSformer(config, weights).forward(clip, 4, 16, 16).logits());
        double previous = 1;
        for (int rank = 0; rank < 3; rank++) {
            String[] parts = lines.get(rank).trim().split("\\s+");
            assertThat(parts[0]).isEqualTo(String.valueOf(rank + 1));
            int cls = Integer.parseInt(parts[2].substring("class_".length()));
            double prob = Double.parseDouble(parts[1]);
            assertThat(prob).isCloseTo(p[cls], within(1e-4)).isLessThanOrEqualTo(previous);
            previous = prob;
            int better = 0;
            for (double q : p) {
                better += q > p[cls] ? 1 : 0;
            }
            assertThat(better).as("rank of " + parts[2]).isEqualTo(rank);
        }
    }

    @Test
    void facebookCheckpointNeedsHeadsAndUsesThem() throws Exception {
        Path pyth = dir.resolve("TimeSformer_tiny.pyth");
        CheckpointWriters.writeTorchZip(pyth, CheckpointWriters.toFacebookNames(weights),
                CheckpointWriters.TorchOptions.facebook());
        Path clipFile = TinyModels.clip(dir.resolve("c.npy"), clip, 4, 16, 16);
        CliErrorsTest.Result noHeads = CliErrorsTest.run("predict", "--model", pyth.toString(), "--clip",
                clipFile.toString());
        assertThat(noHeads.code()).isEqualTo(1);
        assertThat(noHeads.err().strip().lines()).hasSize(1);
        assertThat(noHeads.err()).contains("TimeSformer_tiny.pyth").contains("--heads");
        CliErrorsTest.Result r = CliErrorsTest.run("predict", "--model", pyth.toString(), "--clip",
                clipFile.toString(), "--heads", "3", "--top", "10");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().strip().lines().toList();
        assertThat(lines).hasSize(5); // only 5 labels exist
        assertThat(lines.get(0)).contains("LABEL_");
        double[] p = softmax(new ReferenceTimeSformer(config, weights).forward(clip, 4, 16, 16).logits());
        double max = 0;
        for (double q : p) {
            max = Math.max(max, q);
        }
        assertThat(Double.parseDouble(lines.get(0).trim().split("\\s+")[1])).isCloseTo(max, within(1e-4));
    }

    @Test
    void clipWithTheWrongSizeIsNamed() throws Exception {
        Path model = TinyModels.hfFolder(dir.resolve("m"), config, weights);
        Path clipFile = TinyModels.clip(dir.resolve("c.npy"), new float[2 * 3 * 4 * 4], 2, 4, 4);
        CliErrorsTest.Result r = CliErrorsTest.run("predict", "--model", model.toString(), "--clip",
                clipFile.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("patch");
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
