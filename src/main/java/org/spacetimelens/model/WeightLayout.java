package org.spacetimelens.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights a {@link TimeSformerConfig} needs, by their Hugging Face state-dict names (the
 * internal names of this package), with their shapes. facebookresearch names are mapped onto these
 * by {@link FacebookCheckpoints}.
 */
public final class WeightLayout {
    public static final String EMB = "timesformer.embeddings.";
    public static final String CLS_TOKEN = EMB + "cls_token";
    public static final String POSITION = EMB + "position_embeddings";
    public static final String TIME = EMB + "time_embeddings";
    public static final String PATCH_WEIGHT = EMB + "patch_embeddings.projection.weight";
    public static final String PATCH_BIAS = EMB + "patch_embeddings.projection.bias";
    public static final String FINAL_NORM = "timesformer.layernorm.";
    public static final String CLASSIFIER = "classifier.";

    private WeightLayout() {
    }

    /** Prefix of layer {@code i}'s weights, e.g. {@code timesformer.encoder.layer.3.}. */
    public static String layer(int i) {
        return "timesformer.encoder.layer." + i + ".";
    }

    /** Every weight of the model with its shape, in HF state-dict order. */
    public static Map<String, long[]> expectedShapes(TimeSformerConfig c) {
        long d = c.hiddenSize();
        long g = (long) c.gridSize() * c.gridSize();
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put(CLS_TOKEN, new long[] {1, 1, d});
        m.put(POSITION, new long[] {1, g + 1, d});
        if (c.attentionType() != AttentionType.SPACE_ONLY) {
            m.put(TIME, new long[] {1, c.numFrames(), d});
        }
        m.put(PATCH_WEIGHT, new long[] {d, c.numChannels(), c.patchSize(), c.patchSize()});
        m.put(PATCH_BIAS, new long[] {d});
        for (int i = 0; i < c.numLayers(); i++) {
            String p = layer(i);
            if (c.attentionType() == AttentionType.DIVIDED_SPACE_TIME) {
                norm(m, p + "temporal_layernorm.", d);
                attention(m, p + "temporal_attention.", d, c.qkvBias());
                linear(m, p + "temporal_dense.", d, d);
            }
            norm(m, p + "layernorm_before.", d);
            attention(m, p + "attention.", d, c.qkvBias());
            norm(m, p + "layernorm_after.", d);
            linear(m, p + "intermediate.dense.", c.intermediateSize(), d);
            linear(m, p + "output.dense.", d, c.intermediateSize());
        }
        norm(m, FINAL_NORM, d);
        linear(m, CLASSIFIER, c.numLabels(), d);
        return m;
    }

    private static void norm(Map<String, long[]> m, String p, long d) {
        m.put(p + "weight", new long[] {d});
        m.put(p + "bias", new long[] {d});
    }

    private static void attention(Map<String, long[]> m, String p, long d, boolean qkvBias) {
        m.put(p + "attention.qkv.weight", new long[] {3 * d, d});
        if (qkvBias) {
            m.put(p + "attention.qkv.bias", new long[] {3 * d});
        }
        linear(m, p + "output.dense.", d, d);
    }

    private static void linear(Map<String, long[]> m, String p, long out, long in) {
        m.put(p + "weight", new long[] {out, in});
        m.put(p + "bias", new long[] {out});
    }
}
