package org.spacetimelens.rollout;

import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.Half;

/**
 * Fuses the selected heads of one layer's attention into one map per block (frame, patch position or
 * the single joint block). The record's layouts are {@code (blocks, heads, n·n)} row-major, so each
 * block's heads are contiguous maps that are combined element-wise in tight, vectorisable loops.
 */
final class HeadFuser {

    private HeadFuser() {
    }

    /**
     * Writes {@code blocks} fused maps of {@code mapSize} values each into {@code out}, block b at
     * {@code outOff + b·outStride}.
     *
     * @param temporal read the temporal block of the layer instead of the spatial one
     */
    static void fuse(AttentionRecord record, int layer, boolean temporal, int blocks, int mapSize,
            int[] heads, HeadFusion fusion, float[] out, int outOff, int outStride) {
        int numHeads = record.heads();
        if (record.isMapped()) {
            fuseStrips(record, layer, temporal, blocks, mapSize, heads, fusion, out, outOff, outStride);
            return;
        }
        if (record.isHalf()) {
            short[] src = temporal ? record.temporalHalf(layer) : record.spatialHalf(layer);
            for (int b = 0; b < blocks; b++) {
                int dst = outOff + b * outStride;
                int i = 0;
                if (fusion == HeadFusion.MEAN) {
                    // as for float32: four heads per pass, a quarter of the output traffic
                    for (; i + 3 < heads.length; i += 4) {
                        sum4Half(src, (b * numHeads + heads[i]) * mapSize, (b * numHeads + heads[i + 1]) * mapSize,
                                (b * numHeads + heads[i + 2]) * mapSize, (b * numHeads + heads[i + 3]) * mapSize,
                                out, dst, mapSize, i == 0);
                    }
                }
                for (; i < heads.length; i++) {
                    combineHalf(src, (b * numHeads + heads[i]) * mapSize, out, dst, mapSize, i == 0, fusion);
                }
                finish(out, dst, mapSize, heads.length, fusion);
            }
        } else {
            float[] src = temporal ? record.temporalFloat(layer) : record.spatialFloat(layer);
            for (int b = 0; b < blocks; b++) {
                int dst = outOff + b * outStride;
                int i = 0;
                if (fusion == HeadFusion.MEAN) {
                    // four heads per pass over the output block: a quarter of the output traffic
                    for (; i + 3 < heads.length; i += 4) {
                        sum4(src, (b * numHeads + heads[i]) * mapSize, (b * numHeads + heads[i + 1]) * mapSize,
                                (b * numHeads + heads[i + 2]) * mapSize, (b * numHeads + heads[i + 3]) * mapSize,
                                out, dst, mapSize, i == 0);
                    }
                }
                for (; i < heads.length; i++) {
                    combine(src, (b * numHeads + heads[i]) * mapSize, out, dst, mapSize, i == 0, fusion);
                }
                finish(out, dst, mapSize, heads.length, fusion);
            }
        }
    }

    /** Values per strip of a head map read from a mapped record: 4 heads × 64 K float32 is 1 MB of scratch. */
    static final int STRIP = 1 << 16;

    /**
     * {@link #fuse} for a mapped record: each head map is read in strips of {@link #STRIP} values into a small
     * scratch buffer and combined by the same loops, so a layer is never materialised (a ViViT-B layer is 236 MB
     * in float16) and several layers can be fused in parallel. Every output value sees the same operations in
     * the same order as on the heap (the strips only split the element loop), so maps are bit-identical.
     */
    private static void fuseStrips(AttentionRecord record, int layer, boolean temporal, int blocks, int mapSize,
            int[] heads, HeadFusion fusion, float[] out, int outOff, int outStride) {
        int numHeads = record.heads();
        int strip = Math.min(STRIP, mapSize);
        boolean half = record.isHalf();
        short[] h = half ? new short[4 * strip] : null;
        float[] f = half ? null : new float[4 * strip];
        for (int b = 0; b < blocks; b++) {
            int dst = outOff + b * outStride;
            for (int j0 = 0; j0 < mapSize; j0 += strip) {
                int n = Math.min(strip, mapSize - j0);
                int i = 0;
                if (fusion == HeadFusion.MEAN) {
                    for (; i + 3 < heads.length; i += 4) {
                        for (int k = 0; k < 4; k++) {
                            int src = (b * numHeads + heads[i + k]) * mapSize + j0;
                            if (half) {
                                record.readHalf(temporal, layer, src, h, k * strip, n);
                            } else {
                                record.readFloat(temporal, layer, src, f, k * strip, n);
                            }
                        }
                        if (half) {
                            sum4Half(h, 0, strip, 2 * strip, 3 * strip, out, dst + j0, n, i == 0);
                        } else {
                            sum4(f, 0, strip, 2 * strip, 3 * strip, out, dst + j0, n, i == 0);
                        }
                    }
                }
                for (; i < heads.length; i++) {
                    int src = (b * numHeads + heads[i]) * mapSize + j0;
                    if (half) {
                        record.readHalf(temporal, layer, src, h, 0, n);
                        combineHalf(h, 0, out, dst + j0, n, i == 0, fusion);
                    } else {
                        record.readFloat(temporal, layer, src, f, 0, n);
                        combine(f, 0, out, dst + j0, n, i == 0, fusion);
                    }
                }
            }
            finish(out, dst, mapSize, heads.length, fusion);
        }
    }

    private static void sum4(float[] src, int s0, int s1, int s2, int s3, float[] out, int d, int n, boolean first) {
        if (first) {
            for (int j = 0; j < n; j++) {
                out[d + j] = (src[s0 + j] + src[s1 + j]) + (src[s2 + j] + src[s3 + j]);
            }
        } else {
            for (int j = 0; j < n; j++) {
                out[d + j] += (src[s0 + j] + src[s1 + j]) + (src[s2 + j] + src[s3 + j]);
            }
        }
    }

    private static void sum4Half(short[] src, int s0, int s1, int s2, int s3, float[] out, int d, int n,
            boolean first) {
        if (first) {
            for (int j = 0; j < n; j++) {
                out[d + j] = (Half.toFloat(src[s0 + j]) + Half.toFloat(src[s1 + j]))
                        + (Half.toFloat(src[s2 + j]) + Half.toFloat(src[s3 + j]));
            }
        } else {
            for (int j = 0; j < n; j++) {
                out[d + j] += (Half.toFloat(src[s0 + j]) + Half.toFloat(src[s1 + j]))
                        + (Half.toFloat(src[s2 + j]) + Half.toFloat(src[s3 + j]));
            }
        }
    }

    private static void combine(float[] src, int s, float[] out, int d, int n, boolean first, HeadFusion fusion) {
        if (first) {
            System.arraycopy(src, s, out, d, n);
            return;
        }
        switch (fusion) {
            case MEAN -> {
                for (int j = 0; j < n; j++) {
                    out[d + j] += src[s + j];
                }
            }
            case MAX -> {
                for (int j = 0; j < n; j++) {
                    out[d + j] = Math.max(out[d + j], src[s + j]);
                }
            }
            case MIN -> {
                for (int j = 0; j < n; j++) {
                    out[d + j] = Math.min(out[d + j], src[s + j]);
                }
            }
            default -> throw new AssertionError(fusion);
        }
    }

    private static void combineHalf(short[] src, int s, float[] out, int d, int n, boolean first, HeadFusion fusion) {
        if (first) {
            for (int j = 0; j < n; j++) {
                out[d + j] = Half.toFloat(src[s + j]);
            }
            return;
        }
        switch (fusion) {
            case MEAN -> {
                for (int j = 0; j < n; j++) {
                    out[d + j] += Half.toFloat(src[s + j]);
                }
            }
            case MAX -> {
                for (int j = 0; j < n; j++) {
                    out[d + j] = Math.max(out[d + j], Half.toFloat(src[s + j]));
                }
            }
            case MIN -> {
                for (int j = 0; j < n; j++) {
                    out[d + j] = Math.min(out[d + j], Half.toFloat(src[s + j]));
                }
            }
            default -> throw new AssertionError(fusion);
        }
    }

    private static void finish(float[] out, int d, int n, int count, HeadFusion fusion) {
        if (fusion == HeadFusion.MEAN && count > 1) {
            float scale = 1.0f / count;
            for (int j = 0; j < n; j++) {
                out[d + j] *= scale;
            }
        }
    }
}
