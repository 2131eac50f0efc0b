package org.spacetimelens.rollout;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.TokenLayout;

/**
 * Joint space-time rollout in VideoMAE's and ViViT's token orders against a dense oracle written from
 * ROLLOUT.md ("Models with joint space-time attention"): per layer {@code rownorm(fused + I)} (with every
 * option), the dense product, the query row (CLS row; for a model without CLS that mean-pools, the mean of
 * all rows), the patch columns shaped {@code (t', gh, gw)}.
 */
public class JointRolloutTest {

    static final List<TokenLayout> LAYOUTS = List.of(TokenLayout.videoMae(2, true), TokenLayout.vivit(2),
            TokenLayout.videoMae(2, false), new TokenLayout(true, true, 1, false));

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        long seed = 500;
        for (TokenLayout layout : LAYOUTS) {
            for (int[] s : new int[][] {{3, 3, 2, 3, 3}, {2, 2, 1, 3, 2}}) {
                AttentionRecord rec = record(layout, s[0], s[1], s[2], s[3], s[4], 2.0, seed++);
                for (RolloutParams p : RolloutOracleTest.options(s[0], s[1], s[2], s[3], s[4])) {
                    out.add(Arguments.of(layout.describe() + " " + RolloutOracleTest.shapeName(s), p, rec));
                }
            }
        }
        return out.stream();
    }

    /** A random row-stochastic joint record in {@code layout}'s order. */
    static AttentionRecord record(TokenLayout layout, int layers, int slots, int gh, int gw, int heads,
            double sharpness, long seed) {
        Random rnd = new Random(seed);
        int n = layout.tokens(gh * gw, slots);
        float[][] a = new float[layers][];
        for (int l = 0; l < layers; l++) {
            a[l] = RandomAttention.stochastic(heads, n, sharpness, rnd);
        }
        return AttentionRecord.ofJoint(layout, slots, gh, gw, heads, a);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void propagationMatchesDenseOracle(String shape, RolloutParams params, AttentionRecord record) {
        DenseOracle.Maps expected = oracle(record, params);
        AttentionMaps actual = Rollout.compute(record, params);
        if (params.residualWeight() > 0) {
            assertNotFlat(expected.raw(), shape);
        }
        assertThat(actual.frames()).isEqualTo(record.frames());
        assertClose(actual.raw(), expected.raw(), RolloutOracleTest.TOL, shape + " " + params + " raw");
        assertClose(actual.values(), expected.values(), RolloutOracleTest.TOL, shape + " " + params + " values");
        // float16 storage: maps within float16 rounding
        AttentionMaps half = Rollout.compute(record.toHalf(), params);
        assertClose(half.values(), expected.values(), 5e-3, shape + " float16");
    }

    /** The single-layer view: the query's row at layer ℓ (fused heads, no residual) over the patch tokens. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void singleLayerViewIsTheQueryRow(TokenLayout layout) {
        AttentionRecord rec = record(layout, 3, 3, 2, 2, 2, 2.0, 77);
        for (QueryToken q : List.of(QueryToken.CLS, QueryToken.patch(1, 0, 2))) {
            RolloutParams p = RolloutParams.defaults().withMethod(RolloutMethod.SPATIAL).withUpToLayer(1).withQuery(q)
                    .withNormalization(MapNormalization.NONE);
            int n = rec.jointTokens();
            double[] row = new double[n];
            double[] start = start(rec, q);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double fused = 0;
                    for (int h = 0; h < 2; h++) {
                        fused += rec.spatialAt(1, (h * n + i) * n + j) / 2;
                    }
                    row[j] += start[i] * fused;
                }
            }
            double[] expected = patchColumns(rec, row);
            assertClose(Rollout.compute(rec, p).raw(), expected, 1e-6, layout.describe() + " " + q);
        }
    }

    static Stream<TokenLayout> layouts() {
        return LAYOUTS.stream();
    }

    /** Every token attends almost only to patch (y0, x0) of slot t0: the map peaks there in every layout. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void mapPeaksAtTheAttendedToken(TokenLayout layout) {
        int slots = 3;
        int gh = 2;
        int gw = 3;
        int y0 = 1;
        int x0 = 2;
        int t0 = 1;
        int n = layout.tokens(gh * gw, slots);
        int target = layout.index(y0 * gw + x0, t0, gh * gw, slots);
        float[][] a = new float[2][n * n];
        for (float[] m : a) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    m[i * n + j] = j == target ? 0.9f : 0.1f / (n - 1);
                }
            }
        }
        AttentionMaps maps = Rollout.compute(AttentionRecord.ofJoint(layout, slots, gh, gw, 1, a),
                RolloutParams.defaults());
        assertThat(maps.at(t0, y0, x0)).isEqualTo(1f);
        assertThat(RolloutOtherTypesTest.argmax(maps.values())).isEqualTo((t0 * gh + y0) * gw + x0);
        AttentionMaps frames = maps.perFrame(layout.tubelet());
        assertThat(frames.frames()).isEqualTo(slots * layout.tubelet());
        for (int t = 0; t < frames.frames(); t++) {
            assertThat(frames.frame(t)).containsExactly(maps.frame(t / layout.tubelet()));
        }
    }

    @Test
    void videoMaeBaseSizedRecordPropagatesRowVectors() {
        // 8 × 14 × 14 = 1568 tokens, 2 layers, 1 head: the dense product would be 1568³ per layer
        AttentionRecord rec = record(TokenLayout.videoMae(2, true), 2, 8, 14, 14, 1, 1.0, 5);
        AttentionMaps maps = Rollout.compute(rec, RolloutParams.defaults());
        assertThat(maps.values()).hasSize(1568);
        double mass = 0;
        for (float v : maps.raw()) {
            mass += v;
        }
        assertThat(mass).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5)); // no CLS: all mass on patches
    }

    // ------------------------------------------------------------------ the oracle

    public static DenseOracle.Maps oracle(AttentionRecord rec, RolloutParams p) {
        int n = rec.jointTokens();
        double[][] r = DenseOracle.identity(n);
        for (int layer = p.startLayer(); layer <= p.lastLayer(rec.layers()); layer++) {
            double[][][] perHead = new double[rec.heads()][n][n];
            for (int h = 0; h < rec.heads(); h++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        perHead[h][i][j] = rec.spatialAt(layer, (h * n + i) * n + j);
                    }
                }
            }
            r = DenseOracle.multiply(DenseOracle.finish(DenseOracle.fuse(perHead, DenseOracle.heads(rec, layer, p),
                    p.fusion()), p), r);
        }
        double[] start = start(rec, p.query());
        double[] row = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                row[j] += start[i] * r[i][j];
            }
        }
        double[] raw = patchColumns(rec, row);
        return new DenseOracle.Maps(raw, DenseOracle.normalise(raw, rec.frames(), p.normalization()));
    }

    /** Weights of R's rows: the query token's row, the CLS row, or without a CLS the mean of all rows (ROLLOUT.md). */
    static double[] start(AttentionRecord rec, QueryToken q) {
        int n = rec.jointTokens();
        double[] s = new double[n];
        TokenLayout layout = rec.layout();
        if (!q.cls()) {
            s[layout.index(q.y() * rec.gridW() + q.x(), q.t(), rec.patches(), rec.frames())] = 1;
        } else if (!layout.cls()) {
            java.util.Arrays.fill(s, 1.0 / n);
        } else {
            s[0] = 1; // the CLS
        }
        return s;
    }

    static double[] patchColumns(AttentionRecord rec, double[] row) {
        int g = rec.patches();
        double[] raw = new double[rec.frames() * g];
        for (int t = 0; t < rec.frames(); t++) {
            for (int k = 0; k < g; k++) {
                raw[t * g + k] = row[rec.layout().index(k, t, g, rec.frames())];
            }
        }
        return raw;
    }
}
