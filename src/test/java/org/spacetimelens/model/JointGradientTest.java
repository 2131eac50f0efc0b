package org.spacetimelens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.spacetimelens.model.testing.JointCheckpoints;
import org.spacetimelens.model.testing.ReferenceJoint;

/**
 * VideoMAE and ViViT attention gradients (DJL autograd, {@link JointModel#forwardWithGradients}) against
 * central finite differences of the scalar double-precision reference ({@link ReferenceJoint}) with one
 * probability perturbed at a time: every probability of every layer of tiny random checkpoints.
 */
class JointGradientTest {

    private static final double EPS = 1e-5;

    private static void check(JointConfig c, long seed, int target, int contrast) {
        Map<String, RawTensor> w = JointCheckpoints.weights(c, seed);
        float[] clip = JointCheckpoints.clip(c, seed + 1);
        int t = c.numFrames();
        int s = c.imageSize();
        int sw = c.imageWidth();
        ReferenceJoint ref = new ReferenceJoint(c, w);
        ReferenceJoint.Result clean = ref.forward(clip, t, s, sw);
        try (JointModel m = JointModel.of(c, w, null, null)) {
            ForwardResult r = m.forwardWithGradients(clip, t, s, sw, false, target, contrast, Long.MAX_VALUE);
            // the layer-by-layer pass (graph limit 0: always), checked against the same finite differences
            ForwardResult lw = m.forwardWithGradients(clip, t, s, sw, false, target, contrast, 0);
            assertThat(lw.logits()).containsExactly(r.logits());
            assertThat(lw.gradients().targetClass()).isEqualTo(r.gradients().targetClass());
            ForwardResult only = m.gradientsOnly(clip, t, s, sw, target, contrast, Long.MAX_VALUE);
            assertThat(only.attention()).isNull();
            for (int l = 0; l < c.numLayers(); l++) {
                assertThat(only.gradients().spatial(l)).containsExactly(r.gradients().spatial(l));
            }
            int expectedTarget = target >= 0 ? target : argmax(clean.logits());
            AttentionGradients g = r.gradients();
            assertThat(g.targetClass()).isEqualTo(expectedTarget);
            assertThat(g.contrastClass()).isEqualTo(contrast);
            assertThat(g.layout()).isEqualTo(c.layout());
            assertThat(g.fits(r.attention())).isTrue();
            assertThat(g.frames()).isEqualTo(c.slots());
            // the same pass as a plain forward: logits and the captured attention
            for (int k = 0; k < c.numLabels(); k++) {
                assertThat((double) r.logits()[k]).isCloseTo(clean.logits()[k],
                        org.assertj.core.api.Assertions.within(1e-4));
            }
            double largest = 0;
            for (int l = 0; l < c.numLayers(); l++) {
                float[] grad = g.spatial(l);
                float[] lgrad = lw.gradients().spatial(l);
                assertThat(grad).hasSize(r.attention().spatialSize());
                assertThat(lgrad).hasSize(r.attention().spatialSize());
                for (int i = 0; i < grad.length; i++) {
                    assertThat((double) r.attention().spatialAt(l, i)).isCloseTo(clean.attention()[l][i],
                            org.assertj.core.api.Assertions.within(1e-5));
                    double fd = (score(ref.forward(clip, t, s, sw, l, i, EPS), expectedTarget, contrast)
                            - score(ref.forward(clip, t, s, sw, l, i, -EPS), expectedTarget, contrast)) / (2 * EPS);
                    assertThat((double) grad[i]).as("layer %d, probability %d", l, i)
                            .isCloseTo(fd, org.assertj.core.api.Assertions.within(1e-4 + 1e-4 * Math.abs(fd)));
                    assertThat((double) lgrad[i]).as("layer by layer: layer %d, probability %d", l, i)
                            .isCloseTo(fd, org.assertj.core.api.Assertions.within(1e-4 + 1e-4 * Math.abs(fd)));
                    assertThat((double) r.attention().spatialAt(l, i)).isEqualTo(lw.attention().spatialAt(l, i));
                    largest = Math.max(largest, Math.abs(fd));
                }
            }
            // gradients of real size, so the comparison means something
            assertThat(largest).isGreaterThan(1e-2);
        }
    }

    private static double score(ReferenceJoint.Result r, int target, int contrast) {
        return r.logits()[target] - (contrast >= 0 ? r.logits()[contrast] : 0);
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

    @Test
    void videoMaeTopClassMatchesFiniteDifferences() {
        check(JointCheckpoints.videoMae(), 21, -1, AttentionGradients.NO_CONTRAST);
    }

    @Test
    void videoMaeWithoutMeanPoolingGeluNewContrast() {
        check(JointCheckpoints.with(JointCheckpoints.videoMae(), false, false, "gelu_new"), 22, 2, 4);
    }

    @Test
    void vivitGeluFastContrastMatchesFiniteDifferences() {
        check(JointCheckpoints.vivit(), 23, 1, 3);
    }

    @Test
    void vivitQuickGeluNonSquareTopClass() {
        check(JointCheckpoints.with(JointCheckpoints.reshaped(JointCheckpoints.vivit(), 5, 16, 24, 8, 8), true, false,
                "quick_gelu"), 24, -1, AttentionGradients.NO_CONTRAST);
    }

    @Test
    void rejectsBadClasses() {
        JointConfig c = JointCheckpoints.vivit();
        Map<String, RawTensor> w = JointCheckpoints.weights(c, 25);
        float[] clip = JointCheckpoints.clip(c, 26);
        try (JointModel m = JointModel.of(c, w, null, null)) {
            assertThatThrownBy(() -> m.forwardWithGradients(clip, c.numFrames(), 16, 16, false, 5, -1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target class 5");
            assertThatThrownBy(() -> m.forwardWithGradients(clip, c.numFrames(), 16, 16, false, 2, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contrast class 2");
        }
    }
}
