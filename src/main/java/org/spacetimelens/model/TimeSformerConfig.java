package org.spacetimelens.model;

import java.util.List;

/**
 * Architecture of a TimeSformer, with the Hugging Face {@code config.json} field names noted.
 * {@code labels} is {@code id2label} as a list (index = class id); never null, may be generic
 * ("LABEL_0"...).
 */
public record TimeSformerConfig(
        int imageSize,          // image_size
        int patchSize,          // patch_size
        int numChannels,        // num_channels
        int numFrames,          // num_frames
        int hiddenSize,         // hidden_size
        int numLayers,          // num_hidden_layers
        int numHeads,           // num_attention_heads
        int intermediateSize,   // intermediate_size
        String hiddenAct,       // hidden_act (only "gelu" = exact erf GELU is supported)
        double layerNormEps,    // layer_norm_eps
        boolean qkvBias,        // qkv_bias
        AttentionType attentionType, // attention_type
        int numLabels,          // len(id2label)
        List<String> labels) {

    /** Patches per side at the config's image size. */
    public int gridSize() {
        return imageSize / patchSize;
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }
}
