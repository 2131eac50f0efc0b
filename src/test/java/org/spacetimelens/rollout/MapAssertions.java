package org.spacetimelens.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Element-wise comparison of computed maps with oracle maps. */
final class MapAssertions {

    private MapAssertions() {
    }

    /** |actual − expected| ≤ tol·max|expected| everywhere (tol if all zero); names the first bad index. */
    static void assertClose(float[] actual, double[] expected, double tol, String what) {
        assertThat(actual).as(what + " length").hasSize(expected.length);
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double bound = tol * (scale == 0 ? 1 : scale);
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= bound)) {
                fail(what + ": index " + i + " is " + actual[i] + ", expected " + expected[i] + " (±" + bound + ")");
            }
        }
    }

    /** The oracle's map must have structure, or agreeing with it would prove little. */
    static void assertNotFlat(double[] expected, String what) {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double e : expected) {
            max = Math.max(max, e);
            min = Math.min(min, e);
        }
        assertThat(max - min).as(what + ": oracle map range").isGreaterThan(0.05 * Math.abs(max));
    }
}
