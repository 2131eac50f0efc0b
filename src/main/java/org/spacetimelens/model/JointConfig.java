package org.spacetimelens.model;

import java.util.List;

/**
 * Architecture of a VideoMAE or ViViT classifier, with the Hugging Face {@code config.json} field names.
 * ViViT's {@code tubelet_size: [t, p, p]} becomes {@code tubeletSize = t}, {@code patchSize = p}.
 */
public record JointConfig(
        ModelFamily family,
        int imageSize,          // image_size
        int patchSize,          // patch_size (VideoMAE) / tubelet_size[1] (ViViT)
        int tubeletSize,        // tubelet_size (VideoMAE) / tubelet_size[0] (ViViT)
        int numChannels,        // num_channels
        int numFrames,          // num_frames
        int hiddenSize,         // hidden_size
        int numLayers,          // num_hidden_layers
        int numHeads,           // num_attention_heads
        int intermediateSize,   // intermediate_size
        String hiddenAct,       // hidden_act: one of ACTIVATIONS
        double layerNormEps,    // layer_norm_eps (VideoMAE 1e-12, ViViT 1e-6 by default)
        boolean qkvBias,        // qkv_bias (VideoMAE: q and v biases, zero k bias)
        boolean useMeanPooling, // use_mean_pooling (VideoMAE only; ViViT reads its CLS)
        int numLabels,
        List<String> labels) {

    /** Activations the forward pass implements, as {@code transformers.activations.ACT2FN} names them. */
    public static final List<String> ACTIVATIONS = List.of("gelu", "gelu_python", "gelu_fast", "gelu_new",
            "gelu_pytorch_tanh", "quick_gelu", "relu", "silu", "swish");

    public int gridSize() {
        return imageSize / patchSize;
    }

    /** Temporal token slots: num_frames // tubelet_size. */
    public int slots() {
        return numFrames / tubeletSize;
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }

    public boolean hasCls() {
        return family == ModelFamily.VIVIT;
    }

    /** Tokens per clip: (1 +) slots · grid². */
    public int tokens() {
        return layout().tokens(gridSize() * gridSize(), slots());
    }

    public TokenLayout layout() {
        return family == ModelFamily.VIVIT ? TokenLayout.vivit(tubeletSize)
                : TokenLayout.videoMae(tubeletSize, useMeanPooling);
    }

    /** The state-dict prefix of the base model: "videomae." or "vivit.". */
    public String prefix() {
        return family.modelType() + ".";
    }

    public ModelGeometry geometry() {
        return new ModelGeometry(family, AttentionType.JOINT_SPACE_TIME, layout(), numFrames, tubeletSize, imageSize,
                patchSize, numChannels, numLayers, numHeads, hiddenSize, false);
    }
}
