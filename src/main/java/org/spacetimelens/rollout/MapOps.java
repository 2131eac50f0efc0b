package org.spacetimelens.rollout;

/**
 * In-place operations on one square attention map of side n stored row-major at an offset:
 * the discard ratio and the residual-then-row-normalisation of src/docs/ROLLOUT.md.
 */
final class MapOps {

    private MapOps() {
    }

    /**
     * Zeroes the {@code floor(ratio·n²)} lowest entries of the map (ties broken by index, lowest
     * first), except diagonal entries, which are counted among the lowest but kept: a token's path to
     * itself is never cut. {@code scratch} must hold n² values.
     */
    static void discard(float[] map, int off, int n, double ratio, float[] scratch) {
        int size = n * n;
        int count = (int) Math.floor(ratio * size);
        if (count <= 0) {
            return;
        }
        System.arraycopy(map, off, scratch, 0, size);
        float threshold = select(scratch, size, count - 1);
        int below = 0;
        for (int i = 0; i < size; i++) {
            if (map[off + i] < threshold) {
                below++;
            }
        }
        int equalToDrop = count - below;
        for (int i = 0; i < size; i++) {
            float v = map[off + i];
            boolean drop = v < threshold;
            if (!drop && v == threshold && equalToDrop > 0) {
                equalToDrop--;
                drop = true;
            }
            if (drop && i / n != i % n) {
                map[off + i] = 0f;
            }
        }
    }

    /**
     * Every row r becomes {@code (α·a[r,·] + (1−α)·e_r) / sum}: the residual path, then the rows
     * renormalised to sum to 1 (each row by its own sum — not the column sums). A row whose sum is
     * zero (α = 1 and nothing left) stays zero.
     */
    static void residualRowNormalise(float[] map, int off, int n, double alpha) {
        double identity = 1.0 - alpha;
        for (int r = 0; r < n; r++) {
            int row = off + r * n;
            // four independent partial sums: shorter dependency chains than one running sum
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int k = 0;
            for (; k + 3 < n; k += 4) {
                s0 += map[row + k];
                s1 += map[row + k + 1];
                s2 += map[row + k + 2];
                s3 += map[row + k + 3];
            }
            for (; k < n; k++) {
                s0 += map[row + k];
            }
            double sum = alpha * ((s0 + s1) + (s2 + s3)) + identity;
            if (sum <= 0) {
                continue;
            }
            double diagonal = (alpha * map[row + r] + identity) / sum;
            float scale = (float) (alpha / sum);
            for (k = 0; k < n; k++) {
                map[row + k] *= scale;
            }
            map[row + r] = (float) diagonal;
        }
    }

    /** Sets the map to the identity. */
    static void identity(float[] map, int off, int n) {
        java.util.Arrays.fill(map, off, off + n * n, 0f);
        for (int r = 0; r < n; r++) {
            map[off + r * n + r] = 1f;
        }
    }

    /**
     * The k-th smallest (0-based) of {@code a[0, size)}, which it reorders. A radix select on the
     * floats' order-preserving integer keys: one counting pass over all values on the top 11 bits,
     * then the few values in the chosen bucket are narrowed on the next 11 and last 10 bits. Why
     * not quickselect (used before): it touches every value two to three times with data-dependent
     * swaps; this streams them once, which halves the discard ratio's share of a head change at base
     * size (profiled on the viewer's option changes).
     */
    static float select(float[] a, int size, int k) {
        if (k < 0 || k >= size) {
            throw new IllegalArgumentException("k = " + k + " outside [0, " + size + ")");
        }
        int[] hist = HISTOGRAM.get();
        int n = size;
        int prefix = 0;
        int prefixMask = 0;
        for (int pass = 0; pass < 3; pass++) {
            int shift = pass == 0 ? 21 : pass == 1 ? 10 : 0;
            int bins = pass == 2 ? 1 << 10 : 1 << 11;
            java.util.Arrays.fill(hist, 0, bins, 0);
            for (int i = 0; i < n; i++) {
                hist[(key(a[i]) >>> shift) & (bins - 1)]++;
            }
            int bin = 0;
            while (k >= hist[bin]) {
                k -= hist[bin];
                bin++;
            }
            prefix |= bin << shift;
            prefixMask |= (bins - 1) << shift;
            int m = 0;
            for (int i = 0; i < n; i++) {
                if ((key(a[i]) & prefixMask) == prefix) {
                    a[m++] = a[i];
                }
            }
            n = m;
        }
        return a[k]; // every value left has the same key, i.e. the same float
    }

    private static final ThreadLocal<int[]> HISTOGRAM = ThreadLocal.withInitial(() -> new int[1 << 11]);

    /** An int whose unsigned order is the float order (negative floats reversed, then the sign flipped). */
    private static int key(float f) {
        int b = Float.floatToRawIntBits(f);
        return b >= 0 ? b ^ 0x80000000 : ~b;
    }
}
