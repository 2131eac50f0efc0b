package org.spacetimelens.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.spacetimelens.rollout.MapAssertions.assertClose;
import static org.spacetimelens.rollout.MapAssertions.assertNotFlat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.TokenLayout;

/**
 * Gradient-weighted rollout in VideoMAE's and ViViT's token orders (tubelets, with and without CLS) against a
 * dense oracle written from ROLLOUT.md: per layer {@code I + fuse_h max(0, ∇A ⊙ A)} without renormalisation, the
 * dense product, the query row (CLS row; without CLS the mean of all rows), the patch columns in the layout's
 * order shaped {@code (t', gh, gw)}.
 */
class JointGradRolloutOracleTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        long seed = 900;
        for (TokenLayout layout : JointRolloutTest.LAYOUTS) {
            for (int[] s : new int[][] {{3, 3, 2, 3, 3}, {2, 2, 1, 3, 2}}) {
                AttentionRecord rec = JointRolloutTest.record(layout, s[0], s[1], s[2], s[3], s[4], 2.0, seed++);
                AttentionGradients g = gradients(rec, seed++);
                for (RolloutParams p : GradRolloutOracleTest.options(s[0], s[1], s[2], s[3], s[4])) {
                    out.add(Arguments.of(layout.describe() + " " + RolloutOracleTest.shapeName(s), p, rec, g));
                }
            }
        }
        return out.stream();
    }

    /** Random gradients of both signs in the record's layout. */
    static AttentionGradients gradients(AttentionRecord rec, long seed) {
        Random rnd = new Random(seed);
        float[][] a = new float[rec.layers()][rec.spatialSize()];
        for (float[] layer : a) {
            for (int i = 0; i < layer.length; i++) {
                layer[i] = (float) (rnd.nextGaussian() * 3);
            }
        }
        return AttentionGradients.ofJoint(rec.layout(), rec.frames(), rec.gridH(), rec.gridW(), rec.heads(), a, 1,
                AttentionGradients.NO_CONTRAST);
    }

    static DenseOracle.Maps oracle(AttentionRecord rec, AttentionGradients g, RolloutParams p) {
        int frames = rec.frames();
        int patches = rec.patches();
        TokenLayout layout = rec.layout();
        int n = layout.tokens(patches, frames);
        double[][] r = DenseOracle.identity(n);
        for (int layer = p.startLayer(); layer <= p.lastLayer(rec.layers()); layer++) {
            r = DenseOracle.multiply(GradDenseOracle.relevance(rec, g, layer, false, 0, n, p), r);
        }
        double[] row = new double[n];
        if (!p.query().cls()) {
            row = r[layout.index(p.query().y() * rec.gridW() + p.query().x(), p.query().t(), patches, frames)];
        } else if (layout.cls()) {
            row = r[0];
        } else {
            for (double[] ri : r) {
                for (int j = 0; j < n; j++) {
                    row[j] += ri[j] / n;
                }
            }
        }
        double[] raw = new double[frames * patches];
        for (int t = 0; t < frames; t++) {
            for (int gg = 0; gg < patches; gg++) {
                raw[t * patches + gg] = row[layout.index(gg, t, patches, frames)];
            }
        }
        return new DenseOracle.Maps(raw, DenseOracle.normalise(raw, frames, p.normalization()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void propagationMatchesDenseOracle(String shape, RolloutParams params, AttentionRecord record,
            AttentionGradients grads) {
        DenseOracle.Maps expected = oracle(record, grads, params);
        AttentionMaps actual = Rollout.compute(record, grads, params);
        if (params.fusion() != HeadFusion.MIN) {
            assertNotFlat(expected.raw(), shape + " raw");
        }
        assertThat(actual.frames()).isEqualTo(record.frames());
        assertClose(actual.raw(), expected.raw(), GradRolloutOracleTest.TOL, shape + " " + params + " raw");
        assertClose(actual.values(), expected.values(), GradRolloutOracleTest.TOL, shape + " " + params + " values");
    }

    @Test
    void gradientsOfAnotherLayoutDoNotFit() {
        AttentionRecord vivit = JointRolloutTest.record(TokenLayout.vivit(2), 2, 2, 2, 2, 2, 2.0, 1);
        AttentionRecord mae = JointRolloutTest.record(TokenLayout.videoMae(2, true), 2, 2, 2, 2, 2, 2.0, 2);
        AttentionGradients g = gradients(vivit, 3);
        assertThat(g.fits(vivit)).isTrue();
        assertThat(g.fits(mae)).isFalse();
        assertThatThrownBy(() -> Rollout.compute(mae, g, RolloutParams.defaults().withMethod(RolloutMethod.GRAD_ROLLOUT)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape of the attention record");
        // a block of the wrong size for the layout is refused when the gradients are made
        assertThatThrownBy(() -> AttentionGradients.ofJoint(TokenLayout.videoMae(2, true), 2, 2, 2, 2,
                new float[][] {new float[vivit.spatialSize()]}, 0, AttentionGradients.NO_CONTRAST))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
