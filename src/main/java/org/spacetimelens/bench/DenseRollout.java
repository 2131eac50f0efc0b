package org.spacetimelens.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;

/**
 * The published dense rollout (the seed notebook's {@code combine_divided_attention} + matrix
 * product), the baseline the structured propagation is compared with, in PyTorch float32 through DJL
 * as the notebook runs it. Per layer: heads averaged, identity added, rows renormalised (the CLS given
 * an identity temporal map), the combined matrix {@code W[(p,t),(k,q)] = S'[t][p,k]·T'[k][t,q]} over
 * all {@code (1+G)·T} positions built by broadcasting, the CLS rows replaced by their mean over frames,
 * then {@code result = W @ result} from the first layer to the last, starting from the identity. The
 * map is the mean of the rows {@code (cls, t)}, patch columns, over the global maximum.
 *
 * <p>Two entry points: {@link #fromRaw} runs the whole recipe on the per-head attention (what the
 * notebook does for every map), {@link #fromFused} starts from the fused maps the propagation caches
 * ({@link Rollout#fusedSpatial}, {@link Rollout#fusedTemporal}), so that it times the same work as the
 * cached propagation. Index of {@code (p, t)}: {@code p·T + t}, p = 0 the CLS.
 *
 * <p>The inputs are copied into PyTorch once, in the constructor (the notebook's attention is already
 * in torch tensors); the timed calls do only the recipe's arithmetic.
 */
final class DenseRollout implements AutoCloseable {

    private final NDManager manager;
    private final int layers;
    private final int frames;
    private final int positions;
    private final int heads;
    private final NDArray[] rawSpatial;
    private final NDArray[] rawTemporal;
    private final NDArray[] fusedSpatial;
    private final NDArray[] fusedTemporal;

    /** @param parent the device's manager; this baseline's arrays live in a sub-manager closed with it */
    DenseRollout(AttentionRecord record, Rollout rollout, RolloutParams params, NDManager parent) {
        this.manager = parent.newSubManager();
        this.layers = record.layers();
        this.frames = record.frames();
        this.positions = record.tokensPerFrame();
        this.heads = record.heads();
        int p = positions;
        int t = frames;
        rawSpatial = new NDArray[layers];
        rawTemporal = new NDArray[layers];
        fusedSpatial = new NDArray[layers];
        fusedTemporal = new NDArray[layers];
        for (int l = 0; l < layers; l++) {
            rawSpatial[l] = manager.create(record.spatialFloat(l), new Shape(t, heads, p, p));
            rawTemporal[l] = manager.create(record.temporalFloat(l), new Shape(p - 1, heads, t, t));
            fusedSpatial[l] = manager.create(rollout.fusedSpatial(l, params), new Shape(t, p, p));
            fusedTemporal[l] = manager.create(rollout.fusedTemporal(l, params), new Shape(p, t, t));
        }
    }

    /** Side of W: {@code (1+G)·T}. */
    int size() {
        return positions * frames;
    }

    /** Bytes of one dense W at {@code bytesPerValue} (8 for float64). */
    static long matrixBytes(int positions, int frames, int bytesPerValue) {
        long n = (long) positions * frames;
        return n * n * bytesPerValue;
    }

    /** The whole published recipe from per-head attention: the normalised map {@code (T, G)}. */
    float[] fromRaw() {
        return run(true);
    }

    /** W and the products from the fused maps (what the cached propagation starts from). */
    float[] fromFused() {
        return run(false);
    }

    private float[] run(boolean raw) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray result = sub.eye(size());
            for (int l = 0; l < layers; l++) {
                // Each layer's temporaries live in their own manager (the inputs are attached to it for
                // the step, so every op's output lands there too); only the product survives the step.
                try (NDManager step = sub.newSubManager()) {
                    NDArray s;
                    NDArray t;
                    if (raw) {
                        rawSpatial[l].tempAttach(step);
                        rawTemporal[l].tempAttach(step);
                        s = residualRowNorm(rawSpatial[l].mean(new int[] {1}), step);
                        NDArray cls = step.eye(frames).expandDims(0);
                        t = residualRowNorm(NDArrays.concat(new NDList(cls, rawTemporal[l].mean(new int[] {1})), 0),
                                step);
                    } else {
                        fusedSpatial[l].tempAttach(step);
                        fusedTemporal[l].tempAttach(step);
                        s = fusedSpatial[l];
                        t = fusedTemporal[l];
                    }
                    NDArray next = combined(s, t).matMul(result);
                    next.attach(sub);
                    result.close();
                    result = next;
                }
            }
            return map(result);
        }
    }

    /** {@code rownorm(A + I)} over the last two axes. */
    private static NDArray residualRowNorm(NDArray a, NDManager step) {
        NDArray r = a.add(step.eye((int) a.getShape().get(2)));
        return r.div(r.sum(new int[] {2}, true));
    }

    /** W as (P·T)² from S' (T, P, P) and T' (P, T, T), CLS rows averaged over frames. */
    private NDArray combined(NDArray s, NDArray t) {
        // W4[p, t, k, q] = S'[t, p, k] · T'[k, t, q]
        NDArray w4 = s.transpose(1, 0, 2).expandDims(3).mul(t.transpose(1, 0, 2).expandDims(0));
        NDArray cls = w4.get("0").mean(new int[] {0}, true).repeat(0, frames).expandDims(0);
        w4 = NDArrays.concat(new NDList(cls, w4.get("1:")), 0);
        return w4.reshape(size(), size());
    }

    /** Mean over t of the rows (cls, t), patch columns (1+g, q) → [q][g], over the global maximum. */
    private float[] map(NDArray result) {
        int n = size();
        float[] clsRows = result.get("0:" + frames).toFloatArray();
        int patches = positions - 1;
        double[] raw = new double[frames * patches];
        double max = 0;
        for (int q = 0; q < frames; q++) {
            for (int g = 0; g < patches; g++) {
                double v = 0;
                for (int t = 0; t < frames; t++) {
                    v += clsRows[t * n + (1 + g) * frames + q];
                }
                v /= frames;
                raw[q * patches + g] = v;
                max = Math.max(max, v);
            }
        }
        float[] out = new float[raw.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (max > 0 ? raw[i] / max : 0);
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
