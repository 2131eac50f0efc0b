package org.spacetimelens.rollout;

import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;

/**
 * The maps gradient-weighted rollout multiplies at one layer (ROLLOUT.md, "Gradient-weighted rollout"):
 * per head the relevance {@code max(0, ∇A ⊙ A)} (negative contributions clipped before fusion), heads fused
 * (mean by default), then {@code I +} that, with the CLS's temporal map the identity, and no row
 * normalisation. Same layouts as {@link FusedLayer}, so {@link Propagator} composes them unchanged.
 */
final class GradRelevance {

    private GradRelevance() {
    }

    static FusedLayer prepare(AttentionRecord record, AttentionGradients grads, int layer, int[] heads,
            HeadFusion fusion) {
        int frames = record.frames();
        int positions = record.tokensPerFrame();
        if (record.type() == AttentionType.JOINT_SPACE_TIME) {
            int n = record.jointTokens(); // the record's token order (TimeSformer: 1 + G·T)
            float[] joint = new float[n * n];
            fuse(record, grads.spatial(layer), layer, false, 1, n * n, heads, fusion, joint, 0, n * n);
            plusIdentity(joint, 0, n);
            return new FusedLayer(joint, null);
        }
        int spatialMap = positions * positions;
        float[] spatial = new float[frames * spatialMap];
        fuse(record, grads.spatial(layer), layer, false, frames, spatialMap, heads, fusion, spatial, 0, spatialMap);
        for (int t = 0; t < frames; t++) {
            plusIdentity(spatial, t * spatialMap, positions);
        }
        if (record.type() != AttentionType.DIVIDED_SPACE_TIME) {
            return new FusedLayer(spatial, null);
        }
        int temporalMap = frames * frames;
        float[] temporal = new float[positions * temporalMap];
        MapOps.identity(temporal, 0, frames); // T'[cls] = I_T
        fuse(record, grads.temporal(layer), layer, true, record.patches(), temporalMap, heads, fusion, temporal,
                temporalMap, temporalMap);
        for (int k = 1; k < positions; k++) {
            plusIdentity(temporal, k * temporalMap, frames);
        }
        return new FusedLayer(spatial, temporal);
    }

    /**
     * Writes {@code blocks} fused relevance maps of {@code mapSize} values, block b at {@code outOff + b·outStride};
     * the record's and the gradients' layouts are both {@code (blocks, heads, mapSize)}.
     */
    private static void fuse(AttentionRecord record, float[] grad, int layer, boolean temporal, int blocks,
            int mapSize, int[] heads, HeadFusion fusion, float[] out, int outOff, int outStride) {
        int numHeads = record.heads();
        for (int b = 0; b < blocks; b++) {
            int dst = outOff + b * outStride;
            for (int i = 0; i < heads.length; i++) {
                int src = (b * numHeads + heads[i]) * mapSize;
                for (int j = 0; j < mapSize; j++) {
                    float a = temporal ? record.temporalAt(layer, src + j) : record.spatialAt(layer, src + j);
                    float r = Math.max(0f, grad[src + j] * a);
                    if (i == 0) {
                        out[dst + j] = r;
                    } else {
                        out[dst + j] = switch (fusion) {
                            case MEAN -> out[dst + j] + r;
                            case MAX -> Math.max(out[dst + j], r);
                            case MIN -> Math.min(out[dst + j], r);
                        };
                    }
                }
            }
            if (fusion == HeadFusion.MEAN && heads.length > 1) {
                float scale = 1.0f / heads.length;
                for (int j = 0; j < mapSize; j++) {
                    out[dst + j] *= scale;
                }
            }
        }
    }

    private static void plusIdentity(float[] maps, int off, int n) {
        for (int i = 0; i < n; i++) {
            maps[off + i * n + i] += 1f;
        }
    }
}
