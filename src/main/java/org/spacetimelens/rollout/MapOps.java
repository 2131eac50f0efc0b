package org.spacetimelens.rollout;

/**
 * In-place operations on one square attention map of side n stored row-major at an offset:
 * the discard ratio and the residual-then-row-normalisation of ROLLOUT.md.
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
     * The k-th smallest (0-based) of {@code a[0..size)}, reordering {@code a} (Hoare quickselect,
     * median-of-three pivot): O(n) on average where a sort would be O(n log n) per map.
     */
    static float select(float[] a, int size, int k) {
        int lo = 0;
        int hi = size - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < a[lo]) {
                swap(a, lo, mid);
            }
            if (a[hi] < a[lo]) {
                swap(a, lo, hi);
            }
            if (a[hi] < a[mid]) {
                swap(a, mid, hi);
            }
            float pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void swap(float[] a, int i, int j) {
        float t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
