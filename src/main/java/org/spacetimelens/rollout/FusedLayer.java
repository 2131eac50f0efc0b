package org.spacetimelens.rollout;

import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;

/**
 * One layer's attention after head fusion and, for rollout, discard + residual + row normalisation.
 *
 * @param spatial  divided and space-only: {@code (T, 1+G, 1+G)}, one map per frame;
 *                 joint: {@code (N, N)} over the model's token order
 * @param temporal divided only (else null): {@code (1+G, T, T)}, position 0 being the CLS's identity,
 *                 position 1+g the patch position g = y·gw + x
 */
record FusedLayer(float[] spatial, float[] temporal) {

    long bytes() {
        return 4L * (spatial.length + (temporal == null ? 0 : temporal.length)) + 64;
    }

    /**
     * Fuses the heads of one layer; with {@code residual}, also applies the discard ratio and
     * {@code rownorm(α·A + (1−α)·I)} to every map (the maps a rollout multiplies); without, the maps
     * are the fused attention probabilities (single-layer views).
     */
    static FusedLayer prepare(AttentionRecord record, int layer, int[] heads, HeadFusion fusion,
            double discardRatio, double alpha, boolean residual) {
        int frames = record.frames();
        int positions = record.tokensPerFrame();
        if (record.type() == AttentionType.JOINT_SPACE_TIME) {
            int n = record.jointTokens();
            float[] joint = new float[n * n];
            HeadFuser.fuse(record, layer, false, 1, n * n, heads, fusion, joint, 0, n * n);
            if (residual) {
                finishMaps(joint, 0, 1, n, discardRatio, alpha);
            }
            return new FusedLayer(joint, null);
        }
        int spatialMap = positions * positions;
        float[] spatial = new float[frames * spatialMap];
        HeadFuser.fuse(record, layer, false, frames, spatialMap, heads, fusion, spatial, 0, spatialMap);
        if (residual) {
            finishMaps(spatial, 0, frames, positions, discardRatio, alpha);
        }
        if (record.type() != AttentionType.DIVIDED_SPACE_TIME) {
            return new FusedLayer(spatial, null);
        }
        int temporalMap = frames * frames;
        float[] temporal = new float[positions * temporalMap];
        // The CLS takes no part in temporal attention: it "attends to itself" (identity), which the
        // residual, discard (never the diagonal) and row normalisation all leave unchanged.
        MapOps.identity(temporal, 0, frames);
        HeadFuser.fuse(record, layer, true, record.patches(), temporalMap, heads, fusion, temporal, temporalMap,
                temporalMap);
        if (residual) {
            finishMaps(temporal, 1, positions, frames, discardRatio, alpha);
        }
        return new FusedLayer(spatial, temporal);
    }

    /** Discard + residual + row normalisation of maps {@code from..to-1}, each n×n. */
    private static void finishMaps(float[] maps, int from, int to, int n, double discardRatio, double alpha) {
        float[] scratch = discardRatio > 0 ? new float[n * n] : null;
        for (int m = from; m < to; m++) {
            int off = m * n * n;
            if (scratch != null) {
                MapOps.discard(maps, off, n, discardRatio, scratch);
            }
            MapOps.residualRowNormalise(maps, off, n, alpha);
        }
    }
}
