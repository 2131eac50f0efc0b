package org.spacetimelens.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state-dict names and shapes of {@code VideoMAEForVideoClassification} and
 * {@code VivitForVideoClassification} (as {@code save_pretrained} writes them). VideoMAE's sinusoid
 * position table is computed, not stored; its key projection has no bias (a zero bias in HF).
 */
public final class JointWeights {

    private JointWeights() {
    }

    /** {@code <prefix>encoder.layer.<i>.} */
    public static String layer(JointConfig c, int i) {
        return c.prefix() + "encoder.layer." + i + ".";
    }

    public static String patchProjection(JointConfig c) {
        return c.prefix() + "embeddings.patch_embeddings.projection.";
    }

    /** The final norm before the classifier: {@code fc_norm.} (mean pooling) or {@code <prefix>layernorm.}. */
    public static String finalNorm(JointConfig c) {
        return c.family() == ModelFamily.VIDEOMAE && c.useMeanPooling() ? "fc_norm." : c.prefix() + "layernorm.";
    }

    /** Every tensor of the classifier, in state-dict order. */
    public static Map<String, long[]> expectedShapes(JointConfig c) {
        long d = c.hiddenSize();
        Map<String, long[]> m = new LinkedHashMap<>();
        String pre = c.prefix();
        boolean vivit = c.family() == ModelFamily.VIVIT;
        if (vivit) {
            m.put(pre + "embeddings.cls_token", new long[] {1, 1, d});
            m.put(pre + "embeddings.position_embeddings", new long[] {1, c.tokens(), d});
        }
        m.put(patchProjection(c) + "weight", new long[] {d, c.numChannels(), c.tubeletSize(), c.patchSize(),
                c.patchWidth()});
        m.put(patchProjection(c) + "bias", new long[] {d});
        for (int i = 0; i < c.numLayers(); i++) {
            String l = layer(c, i);
            String a = l + "attention.attention.";
            for (String proj : new String[] {"query", "key", "value"}) {
                m.put(a + proj + ".weight", new long[] {d, d});
                if (vivit && c.qkvBias()) {
                    m.put(a + proj + ".bias", new long[] {d});
                }
            }
            if (!vivit && c.qkvBias()) {
                m.put(a + "q_bias", new long[] {d});
                m.put(a + "v_bias", new long[] {d});
            }
            m.put(l + "attention.output.dense.weight", new long[] {d, d});
            m.put(l + "attention.output.dense.bias", new long[] {d});
            m.put(l + "intermediate.dense.weight", new long[] {c.intermediateSize(), d});
            m.put(l + "intermediate.dense.bias", new long[] {c.intermediateSize()});
            m.put(l + "output.dense.weight", new long[] {d, c.intermediateSize()});
            m.put(l + "output.dense.bias", new long[] {d});
            m.put(l + "layernorm_before.weight", new long[] {d});
            m.put(l + "layernorm_before.bias", new long[] {d});
            m.put(l + "layernorm_after.weight", new long[] {d});
            m.put(l + "layernorm_after.bias", new long[] {d});
        }
        m.put(finalNorm(c) + "weight", new long[] {d});
        m.put(finalNorm(c) + "bias", new long[] {d});
        m.put("classifier.weight", new long[] {c.numLabels(), d});
        m.put("classifier.bias", new long[] {c.numLabels()});
        return m;
    }

    /**
     * VideoMAE's fixed position table {@code (N, D)} as {@code get_sinusoid_encoding_table} computes it (in
     * double, then float32): angle {@code pos / 10000^(2·(j//2)/D)}, sine on even j, cosine on odd j.
     */
    public static float[] sinusoidTable(int positions, int dim) {
        float[] out = new float[positions * dim];
        for (int pos = 0; pos < positions; pos++) {
            for (int j = 0; j < dim; j++) {
                double angle = pos / Math.pow(10000, 2.0 * (j / 2) / dim);
                out[pos * dim + j] = (float) (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return out;
    }
}
