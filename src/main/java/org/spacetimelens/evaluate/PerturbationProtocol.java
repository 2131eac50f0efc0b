package org.spacetimelens.evaluate;

import java.util.Arrays;
import java.util.Random;

/**
 * The arithmetic of ROLLOUT.md's perturbation protocol, in one place: the ranking of map entries,
 * {@code k} per step, the perturbed clips, the target probability and the trapezoid AUC.
 */
public final class PerturbationProtocol {

    private PerturbationProtocol() {
    }

    /** Deletion zeroes the first k ranked patches; insertion puts them back into an all-zero clip. */
    public enum Kind {
        DELETION, INSERTION
    }

    /**
     * Entry indices by value, descending; equal values keep the lower flat index first (a stable sort).
     * Compares with {@code <}/{@code >}, so 0.0 and -0.0 tie as numbers do.
     *
     * @throws IllegalArgumentException when the map holds NaN (no order is defined)
     */
    public static int[] rank(float[] map) {
        Integer[] order = new Integer[map.length];
        for (int i = 0; i < map.length; i++) {
            if (Float.isNaN(map[i])) {
                throw new IllegalArgumentException("map entry " + i + " is NaN; a map with NaN cannot be ranked");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> map[a] > map[b] ? -1 : map[a] < map[b] ? 1 : Integer.compare(a, b));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /** {@code k = round(s·N/S)}, half up, in exact integer arithmetic: {@code (2·s·N + S) / (2·S)}. */
    public static int k(int s, int n, int steps) {
        if (steps < 1 || s < 0 || s > steps || n < 0) {
            throw new IllegalArgumentException("step " + s + " of " + steps + " over " + n + " patches");
        }
        return (int) ((2L * s * n + steps) / (2L * steps));
    }

    /**
     * Writes the perturbed clip into {@code dst} at {@code offset}: {@code clean} with the first {@code k}
     * ranked patches zeroed (deletion), or zeros with them copied back (insertion).
     */
    public static void perturb(Kind kind, float[] clean, PatchGrid grid, int[] ranking, int k, float[] dst,
            int offset) {
        int len = grid.clipLength();
        if (kind == Kind.DELETION) {
            System.arraycopy(clean, 0, dst, offset, len);
        } else {
            Arrays.fill(dst, offset, offset + len, 0f);
        }
        for (int i = 0; i < k; i++) {
            grid.fill(kind == Kind.DELETION ? null : clean, dst, offset, ranking[i]);
        }
    }

    /** {@code softmax(logits)[c]} in double (max subtracted first). */
    public static double probability(float[] logits, int c) {
        return org.spacetimelens.pipeline.Predictions.softmax(logits)[c];
    }

    /** Trapezoid rule over {@code s/S ∈ [0, 1]} of a curve of {@code S+1} values. */
    public static double auc(double[] curve) {
        if (curve.length < 2) {
            throw new IllegalArgumentException("a curve needs at least 2 points, got " + curve.length);
        }
        int steps = curve.length - 1;
        double sum = 0;
        for (int s = 0; s < steps; s++) {
            sum += (curve[s] + curve[s + 1]) / 2;
        }
        return sum / steps;
    }

    /** {@code count} random orders of {@code n} patches, Fisher–Yates shuffles drawn in turn from one seeded generator. */
    public static int[][] randomRankings(int n, int count, long seed) {
        Random rnd = new Random(seed);
        int[][] out = new int[count][];
        for (int r = 0; r < count; r++) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int tmp = p[i];
                p[i] = p[j];
                p[j] = tmp;
            }
            out[r] = p;
        }
        return out;
    }
}
