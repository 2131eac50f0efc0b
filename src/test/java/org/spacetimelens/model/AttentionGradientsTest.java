package org.spacetimelens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.ReferenceTimeSformer;
import org.spacetimelens.model.testing.TinyConfigs;

/**
 * The attention gradients from DJL autograd against central finite differences of the target
 * ({@code y_c} or {@code y_c − y_k}) computed with the double-precision reference forward pass, one
 * probability perturbed at a time (the rest of the pass re-run), for every probability of every layer and
 * both attention kinds, on tiny random checkpoints.
 */
class AttentionGradientsTest {
    private static final double TOL = 1e-4;
    private static final double H = 1e-4;
    private static NDManager root;

    @BeforeAll
    static void start() {
        Engines.ensureOffline();
        root = NDManager.newBaseManager(ai.djl.Device.cpu());
    }

    @AfterAll
    static void stop() {
        root.close();
    }

    @ParameterizedTest(name = "{0} seed {1} T={2} {3}x{4} target {5} contrast {6}")
    @CsvSource({
        "DIVIDED_SPACE_TIME, 1, 4, 16, 16, -1, -1",
        "DIVIDED_SPACE_TIME, 2, 3, 16, 24, 2, 0",
        "DIVIDED_SPACE_TIME, 3, 4, 16, 16, 4, -1",
        "SPACE_ONLY, 4, 3, 16, 16, -1, 1",
        "JOINT_SPACE_TIME, 5, 2, 16, 16, 3, -1"})
    void gradientsMatchFiniteDifferences(AttentionType type, long seed, int frames, int height, int width, int target,
            int contrast) {
        TimeSformerConfig c = TinyConfigs.tiny(type);
        Map<String, RawTensor> w = RandomWeights.generate(c, seed);
        float[] clip = RandomWeights.clip(seed + 100, frames, c.numChannels(), height, width);
        ForwardResult djl;
        ForwardResult layerwise;
        try (TimeSformer m = TimeSformer.of(TimeSformerNet.fromTensors(c, root.newSubManager(), w),
                PreprocessConfig.defaults(c.imageSize()), Path.of("memory"))) {
            djl = m.forwardWithGradients(clip, frames, height, width, false, target, contrast, Long.MAX_VALUE);
            // the layer-by-layer pass (graph limit 0: always), checked against the same finite differences
            layerwise = m.forwardWithGradients(clip, frames, height, width, false, target, contrast, 0);
            // the same pass without gradients gives the same logits and attention
            ForwardResult plain = m.forward(clip, frames, height, width, true, false);
            for (ForwardResult r : new ForwardResult[] {djl, layerwise}) {
                assertThat(r.logits()).containsExactly(plain.logits());
                for (int l = 0; l < c.numLayers(); l++) {
                    assertThat(r.attention().spatialFloat(l)).containsExactly(plain.attention().spatialFloat(l));
                    if (type == AttentionType.DIVIDED_SPACE_TIME) {
                        assertThat(r.attention().temporalFloat(l)).containsExactly(plain.attention().temporalFloat(l));
                    }
                }
            }
            assertThat(layerwise.gradients().targetClass()).isEqualTo(djl.gradients().targetClass());
            // the viewer's pass (gradients only, no second copy of the attention) gives the same gradients
            for (long limit : new long[] {Long.MAX_VALUE, 0}) {
                ForwardResult only = m.gradientsOnly(clip, frames, height, width, target, contrast, limit);
                ForwardResult same = limit == 0 ? layerwise : djl;
                assertThat(only.attention()).isNull();
                assertThat(only.logits()).containsExactly(same.logits());
                for (int l = 0; l < c.numLayers(); l++) {
                    assertThat(only.gradients().spatial(l)).containsExactly(same.gradients().spatial(l));
                    if (type == AttentionType.DIVIDED_SPACE_TIME) {
                        assertThat(only.gradients().temporal(l)).containsExactly(same.gradients().temporal(l));
                    }
                }
            }
            assertThat(layerwise.gradients().fits(layerwise.attention())).isTrue();
        }
        ReferenceTimeSformer ref = new ReferenceTimeSformer(c, w);
        double[] logits = ref.forward(clip, frames, height, width).logits();
        int expectedTarget = target >= 0 ? target : argmax(logits);
        AttentionGradients g = djl.gradients();
        assertThat(g.targetClass()).isEqualTo(expectedTarget);
        assertThat(g.contrastClass()).isEqualTo(contrast);
        assertThat(g.fits(djl.attention())).isTrue();

        double largest = 0;
        AttentionGradients gl = layerwise.gradients();
        for (int l = 0; l < c.numLayers(); l++) {
            largest = Math.max(largest, check(ref, clip, frames, height, width, expectedTarget, contrast, l, false,
                    g.spatial(l), gl.spatial(l)));
            if (type == AttentionType.DIVIDED_SPACE_TIME) {
                largest = Math.max(largest, check(ref, clip, frames, height, width, expectedTarget, contrast, l, true,
                        g.temporal(l), gl.temporal(l)));
            }
        }
        assertThat(largest).as("the gradients must be far from zero for the comparison to mean anything")
                .isGreaterThan(0.05);
    }

    /** Compares every entry of one block; returns the largest |finite difference|. */
    private static double check(ReferenceTimeSformer ref, float[] clip, int frames, int height, int width, int target,
            int contrast, int layer, boolean temporal, float[] grad, float[] layerwise) {
        double largest = 0;
        assertThat(layerwise).hasSameSizeAs(grad);
        for (int i = 0; i < grad.length; i++) {
            double up = score(ref.forward(clip, frames, height, width,
                    new ReferenceTimeSformer.Perturbation(layer, temporal, i, H)).logits(), target, contrast);
            double down = score(ref.forward(clip, frames, height, width,
                    new ReferenceTimeSformer.Perturbation(layer, temporal, i, -H)).logits(), target, contrast);
            double fd = (up - down) / (2 * H);
            largest = Math.max(largest, Math.abs(fd));
            assertThat(Math.abs(grad[i] - fd)).as("layer %d %s index %d: autograd %s, finite difference %s", layer,
                    temporal ? "temporal" : "spatial", i, grad[i], fd).isLessThanOrEqualTo(TOL);
            assertThat(Math.abs(layerwise[i] - fd)).as("layer by layer: layer %d %s index %d: autograd %s, finite "
                    + "difference %s", layer, temporal ? "temporal" : "spatial", i, layerwise[i], fd)
                    .isLessThanOrEqualTo(TOL);
        }
        return largest;
    }

    private static double score(double[] logits, int target, int contrast) {
        return logits[target] - (contrast >= 0 ? logits[contrast] : 0);
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @org.junit.jupiter.api.Test
    void rejectsBadClasses() {
        TimeSformerConfig c = TinyConfigs.tiny(AttentionType.DIVIDED_SPACE_TIME);
        Map<String, RawTensor> w = RandomWeights.generate(c, 9);
        float[] clip = RandomWeights.clip(10, 4, 3, 16, 16);
        try (TimeSformer m = TimeSformer.of(TimeSformerNet.fromTensors(c, root.newSubManager(), w),
                PreprocessConfig.defaults(c.imageSize()), Path.of("memory"))) {
            assertThatThrownBy(() -> m.forwardWithGradients(clip, 4, 16, 16, false, 5, -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
            assertThatThrownBy(() -> m.forwardWithGradients(clip, 4, 16, 16, false, 2, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contrast");
            // the collector was released: a valid pass still works afterwards
            assertThat(m.forwardWithGradients(clip, 4, 16, 16, true, 1, 3).gradients().targetClass()).isEqualTo(1);
        }
    }
}
