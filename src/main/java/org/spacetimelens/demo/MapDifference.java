package org.spacetimelens.demo;

import org.spacetimelens.model.Logits;
import org.spacetimelens.rollout.AttentionMaps;

/**
 * How different two maps of the same clip are, frame by frame, accumulated over many frames. Each frame's
 * raw map is compared as a distribution over its patches (divided by its sum), so the measures do not depend
 * on how either map is scaled:
 * <ul>
 *   <li>total variation: half the L1 distance of the two distributions, in [0, 1] — the share of the map's
 *       mass that sits elsewhere in the other map (0: identical, 1: disjoint);</li>
 *   <li>Pearson correlation of the two frames' patch values (1: the same picture up to scale);</li>
 *   <li>arg-max agreement: whether both maps peak on the same patch.</li>
 * </ul>
 * Frames where either map is zero everywhere (nothing to compare) are counted apart, not averaged in.
 * The per-frame measures see only <em>where</em> in a frame the maps differ; the window total variation
 * compares each whole map (all frames, one distribution), so it also sees <em>when</em> they differ.
 */
public final class MapDifference {
    private int frames;
    private int empty;
    private double totalVariation;
    private double correlation;
    private int sameArgmax;
    private int windows;
    private double windowVariation;

    /** Compares every frame of {@code a} with the same frame of {@code b}. */
    public void add(AttentionMaps a, AttentionMaps b) {
        if (a.frames() != b.frames() || a.gridH() != b.gridH() || a.gridW() != b.gridW()) {
            throw new IllegalArgumentException("maps of different shapes: " + a.frames() + "×" + a.gridH() + "×"
                    + a.gridW() + " and " + b.frames() + "×" + b.gridH() + "×" + b.gridW());
        }
        for (int t = 0; t < a.frames(); t++) {
            add(a.rawFrame(t), b.rawFrame(t));
        }
        double sa = 0;
        double sb = 0;
        for (int i = 0; i < a.raw().length; i++) {
            sa += a.raw()[i];
            sb += b.raw()[i];
        }
        if (sa > 0 && sb > 0) {
            double l1 = 0;
            for (int i = 0; i < a.raw().length; i++) {
                l1 += Math.abs(a.raw()[i] / sa - b.raw()[i] / sb);
            }
            windows++;
            windowVariation += l1 / 2;
        }
    }

    /** Compares two maps of one frame (same patch order). */
    void add(float[] p, float[] q) {
        double sp = 0;
        double sq = 0;
        for (int i = 0; i < p.length; i++) {
            sp += p[i];
            sq += q[i];
        }
        if (!(sp > 0) || !(sq > 0)) {
            empty++;
            return;
        }
        double l1 = 0;
        double mp = sp / p.length;
        double mq = sq / q.length;
        double cov = 0;
        double vp = 0;
        double vq = 0;
        for (int i = 0; i < p.length; i++) {
            l1 += Math.abs(p[i] / sp - q[i] / sq);
            double dp = p[i] - mp;
            double dq = q[i] - mq;
            cov += dp * dq;
            vp += dp * dp;
            vq += dq * dq;
        }
        frames++;
        totalVariation += l1 / 2;
        // a flat frame has no direction to correlate with: count it as uncorrelated
        correlation += vp > 0 && vq > 0 ? cov / Math.sqrt(vp * vq) : 0;
        if (Logits.argmax(p) == Logits.argmax(q)) {
            sameArgmax++;
        }
    }

    /** Frames compared. */
    public int frames() {
        return frames;
    }

    /** Frames left out because one of the maps was zero everywhere. */
    public int emptyFrames() {
        return empty;
    }

    /** Mean total variation distance over the frames compared, in [0, 1]. */
    public double meanTotalVariation() {
        return frames == 0 ? 0 : totalVariation / frames;
    }

    /** Mean total variation distance of whole maps (all frames as one distribution), in [0, 1]. */
    public double meanWindowVariation() {
        return windows == 0 ? 0 : windowVariation / windows;
    }

    /** Mean Pearson correlation over the frames compared, in [−1, 1]. */
    public double meanCorrelation() {
        return frames == 0 ? 0 : correlation / frames;
    }

    /** Share of the frames compared whose two maps peak on the same patch. */
    public double argmaxAgreement() {
        return frames == 0 ? 0 : (double) sameArgmax / frames;
    }
}
