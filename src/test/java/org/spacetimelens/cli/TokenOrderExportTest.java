package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.RawTensor;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.WeightLayout;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.TinyConfigs;

/**
 * The token-order test of issue 2, through the whole pipeline (checkpoint → forward → record → rollout →
 * maps.npz): a checkpoint whose every attention query scores one token, patch (y0, x0) of frame t0,
 * far above the rest. Only that token carries a "marker" feature (its position embedding plus its
 * frame's time embedding); every query's constant q (the qkv bias) meets the key's marker, so within
 * each frame the patch at (y0, x0) wins the spatial attention and at each position frame t0 wins the
 * temporal attention. Output projections and the MLP's last layer are zero, so every layer sees the
 * same embeddings. The rollout map must peak at (t0, y0, x0); mixing up (y, x, t) in the token order
 * anywhere puts the peak elsewhere. A 3×3 grid with 3 frames and two different targets.
 */
class TokenOrderExportTest {

    static final int FRAMES = 3;
    static final int GRID = 3;
    static final int HIDDEN = 24;
    static final int HEADS = 3;
    static final int MARKER = 5; // the feature dimension that marks the target token

    @TempDir
    Path dir;

    @ParameterizedTest(name = "target y={0} x={1} t={2}")
    @CsvSource({"2, 0, 1", "0, 1, 2"})
    void rolloutPeaksAtTheAttendedToken(int y0, int x0, int t0) throws Exception {
        TimeSformerConfig c = TinyConfigs.of(AttentionType.DIVIDED_SPACE_TIME, 2, HIDDEN, HEADS, FRAMES,
                GRID * 8, 8, 5);
        Path model = TinyModels.hfFolder(dir.resolve("m"), c, markerWeights(c, y0 * GRID + x0, t0));
        Path clip = TinyModels.clip(dir.resolve("c.npy"), RandomWeights.clip(3, FRAMES, 3, 24, 24), FRAMES, 24, 24);
        Path out = dir.resolve("out");
        CliErrorsTest.Result r = CliErrorsTest.run("export", "--model", model.toString(), "--clip", clip.toString(),
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, float[]> npz = TinyModels.readNpz(out.resolve("maps.npz"), new HashMap<>());

        // the premise: the CLS of frame t0 attends to patch (y0, x0) in every head of layer 0
        int positions = 1 + GRID * GRID;
        float[] spatial = npz.get("spatial_attention");
        for (int h = 0; h < HEADS; h++) {
            int row = ((t0 * HEADS + h) * positions) * positions;
            assertThat(spatial[row + 1 + y0 * GRID + x0]).as("head " + h).isGreaterThan(0.9f);
        }
        float[] rollout = npz.get("rollout");
        int target = (t0 * GRID + y0) * GRID + x0;
        int argmax = 0;
        for (int i = 1; i < rollout.length; i++) {
            if (rollout[i] > rollout[argmax]) {
                argmax = i;
            }
        }
        assertThat(argmax).as("peak (t, y, x) = (%d, %d, %d)", argmax / (GRID * GRID), argmax / GRID % GRID,
                argmax % GRID).isEqualTo(target);
        assertThat(rollout[target]).isEqualTo(1f);
        float second = 0;
        for (int i = 0; i < rollout.length; i++) {
            if (i != target) {
                second = Math.max(second, rollout[i]);
            }
        }
        assertThat(second).as("runner-up").isLessThan(0.5f);
    }

    static Map<String, RawTensor> markerWeights(TimeSformerConfig c, int g0, int t0) {
        Map<String, RawTensor> w = new LinkedHashMap<>(RandomWeights.generate(c, 5));
        int d = HIDDEN;
        int headDim = d / HEADS;
        float[] background = new float[d]; // ±1 everywhere but the marker: layer norm keeps the marker's size
        for (int i = 0, sign = 1; i < d; i++) {
            if (i != MARKER) {
                background[i] = sign;
                sign = -sign;
            }
        }
        put(w, WeightLayout.CLS_TOKEN, background);
        put(w, WeightLayout.PATCH_BIAS, background);
        put(w, WeightLayout.PATCH_WEIGHT, new float[d * 3 * 8 * 8]); // pixels do not matter
        float[] position = new float[(1 + GRID * GRID) * d];
        position[(1 + g0) * d + MARKER] = 1;
        put(w, WeightLayout.POSITION, position);
        float[] time = new float[FRAMES * d];
        time[t0 * d + MARKER] = 1;
        put(w, WeightLayout.TIME, time);
        float[] qkvWeight = new float[3 * d * d];
        float[] qkvBias = new float[3 * d];
        for (int h = 0; h < HEADS; h++) {
            qkvBias[h * headDim] = 150;                     // q: a constant, the same for every query
            qkvWeight[(d + h * headDim) * d + MARKER] = 1;  // k: the key's (normalised) marker
        }
        float[] ones = new float[d];
        java.util.Arrays.fill(ones, 1f);
        for (int l = 0; l < c.numLayers(); l++) {
            String p = WeightLayout.layer(l);
            for (String attention : new String[] {"temporal_attention.", "attention."}) {
                put(w, p + attention + "attention.qkv.weight", qkvWeight);
                put(w, p + attention + "attention.qkv.bias", qkvBias);
                put(w, p + attention + "output.dense.weight", new float[d * d]);
                put(w, p + attention + "output.dense.bias", new float[d]);
            }
            for (String norm : new String[] {"temporal_layernorm.", "layernorm_before."}) {
                put(w, p + norm + "weight", ones);
                put(w, p + norm + "bias", new float[d]);
            }
            put(w, p + "temporal_dense.weight", new float[d * d]);
            put(w, p + "temporal_dense.bias", new float[d]);
            put(w, p + "output.dense.weight", new float[d * c.intermediateSize()]);
            put(w, p + "output.dense.bias", new float[d]);
        }
        return w;
    }

    private static void put(Map<String, RawTensor> w, String name, float[] values) {
        RawTensor old = w.get(name);
        assertThat(old).as(name).isNotNull();
        w.put(name, RawTensor.ofFloats(name, old.shape(), values));
    }
}
