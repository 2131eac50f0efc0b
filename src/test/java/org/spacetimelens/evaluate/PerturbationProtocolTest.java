package org.spacetimelens.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.spacetimelens.evaluate.PerturbationProtocol.Kind;

/** The protocol's arithmetic: ranking and ties, k per step, patch zeroing, the trapezoid AUC. */
class PerturbationProtocolTest {

    @Test
    void rankIsDescendingWithTiesToTheLowerIndex() {
        float[] map = {0.5f, 1f, 0.5f, 0f, 1f, -0f, 0.25f};
        assertThat(PerturbationProtocol.rank(map)).containsExactly(1, 4, 0, 2, 6, 3, 5);
    }

    @Test
    void rankRefusesNaN() {
        assertThatThrownBy(() -> PerturbationProtocol.rank(new float[] {1f, Float.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry 1 is NaN");
    }

    @Test
    void kRoundsHalfUpExactly() {
        // N = 5, S = 2: s = 1 gives 2.5 -> 3 (half up), not banker's 2
        assertThat(PerturbationProtocol.k(1, 5, 2)).isEqualTo(3);
        // N = 196·8, S = 20: every k equals floor(s·N/S + 1/2) computed in exact rationals
        int n = 1568;
        for (int steps : new int[] {1, 3, 7, 8, 20, 33, 5000}) {
            for (int s = 0; s <= steps; s++) {
                java.math.BigInteger num = java.math.BigInteger.valueOf(2L * s * n + steps);
                int expected = num.divide(java.math.BigInteger.valueOf(2L * steps)).intValueExact();
                assertThat(PerturbationProtocol.k(s, n, steps)).isEqualTo(expected);
            }
            assertThat(PerturbationProtocol.k(0, n, steps)).isZero();
            assertThat(PerturbationProtocol.k(steps, n, steps)).isEqualTo(n);
        }
        // 0.5 exactly representable cases where float rounding of s·N/S could drift: N = 3, S = 6 -> 0.5, 1, 1.5 ...
        assertThat(Arrays.stream(new int[] {0, 1, 2, 3, 4, 5, 6}).map(s -> PerturbationProtocol.k(s, 3, 6)).toArray())
                .containsExactly(0, 1, 1, 2, 2, 3, 3);
    }

    @Test
    void aucIsTheTrapezoidOverTheUnitInterval() {
        assertThat(PerturbationProtocol.auc(new double[] {1, 0})).isEqualTo(0.5);
        assertThat(PerturbationProtocol.auc(new double[] {0, 1, 1, 1})).isCloseTo(5.0 / 6, within(1e-15));
        assertThat(PerturbationProtocol.auc(new double[] {0.2, 0.2, 0.2})).isCloseTo(0.2, within(1e-15));
    }

    @Test
    void deletionZeroesEveryChannelPixelAndTubeletFrameOfTheRankedPatches() {
        // T = 4, tubelets of 2 frames, 2 channels, 6x4 pixels, patches 2x2 -> grid (2, 3, 2) = 12 patches
        PatchGrid grid = new PatchGrid(4, 2, 6, 4, 2, 2);
        assertThat(grid.size()).isEqualTo(12);
        float[] clean = new float[grid.clipLength()];
        for (int i = 0; i < clean.length; i++) {
            clean[i] = i + 1;
        }
        int[] ranking = {7, 0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11};
        float[] del = new float[clean.length + 5];
        PerturbationProtocol.perturb(Kind.DELETION, clean, grid, ranking, 1, del, 5);
        float[] ins = new float[clean.length];
        Arrays.fill(ins, 42f);
        PerturbationProtocol.perturb(Kind.INSERTION, clean, grid, ranking, 1, ins, 0);
        // patch 7 = 1·(3·2) + 0·2 + 1: tubelet 1 (frames 2, 3), row 0 (pixels 0..1), column 1 (pixels 2..3)
        for (int t = 0; t < 4; t++) {
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 6; y++) {
                    for (int x = 0; x < 4; x++) {
                        int i = ((t * 2 + c) * 6 + y) * 4 + x;
                        boolean in = t >= 2 && y / 2 == 0 && x / 2 == 1;
                        assertThat(del[5 + i]).isEqualTo(in ? 0f : clean[i]);
                        assertThat(ins[i]).isEqualTo(in ? clean[i] : 0f);
                    }
                }
            }
        }
        PerturbationProtocol.perturb(Kind.DELETION, clean, grid, ranking, 12, del, 5);
        for (int i = 0; i < clean.length; i++) {
            assertThat(del[5 + i]).isZero();
        }
        PerturbationProtocol.perturb(Kind.INSERTION, clean, grid, ranking, 12, ins, 0);
        assertThat(ins).containsExactly(clean);
    }

    @Test
    void randomRankingsArePermutationsAndDependOnlyOnTheSeed() {
        int[][] a = PerturbationProtocol.randomRankings(50, 5, 7);
        int[][] b = PerturbationProtocol.randomRankings(50, 5, 7);
        int[][] c = PerturbationProtocol.randomRankings(50, 5, 8);
        assertThat(a).isDeepEqualTo(b);
        assertThat(a[0]).isNotEqualTo(c[0]);
        assertThat(a[0]).isNotEqualTo(a[1]);
        for (int[] r : a) {
            assertThat(Arrays.stream(r).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, 50).toArray());
        }
    }
}
