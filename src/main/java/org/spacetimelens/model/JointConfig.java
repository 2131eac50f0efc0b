package org.spacetimelens.model;

import java.util.List;

/**
 * Architecture of a VideoMAE or ViViT classifier, with the Hugging Face {@code config.json} field names.
 * ViViT's {@code tubelet_size: [t, ph, pw]} becomes {@code tubeletSize = t}, {@code patchSize = ph},
 * {@code patchWidth = pw}. Frames and patches need not be square: VideoMAE's {@code image_size} and
 * {@code patch_size} may be {@code [h, w]} pairs ({@code VideoMAEPatchEmbeddings}), ViViT's patch is
 * {@code tubelet_size[1] × tubelet_size[2]} ({@code VivitTubeletEmbeddings}); {@code imageSize} and
 * {@code patchSize} are then the heights.
 */
public record JointConfig(
        ModelFamily family,
        int imageSize,          // image_size (its height when a pair)
        int patchSize,          // patch_size (VideoMAE; its height when a pair) / tubelet_size[1] (ViViT)
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
        List<String> labels,
        int imageWidth,         // image_size[1] (= imageSize when one int)
        int patchWidth) {       // patch_size[1] (VideoMAE) / tubelet_size[2] (ViViT)

    /** Activations the forward pass implements, as {@code transformers.activations.ACT2FN} names them. */
    public static final List<String> ACTIVATIONS = List.of("gelu", "gelu_python", "gelu_fast", "gelu_new",
            "gelu_pytorch_tanh", "quick_gelu", "relu", "silu", "swish");

    /** Square frames and patches (a single {@code image_size} and {@code patch_size}). */
    public JointConfig(ModelFamily family, int imageSize, int patchSize, int tubeletSize, int numChannels,
            int numFrames, int hiddenSize, int numLayers, int numHeads, int intermediateSize, String hiddenAct,
            double layerNormEps, boolean qkvBias, boolean useMeanPooling, int numLabels, List<String> labels) {
        this(family, imageSize, patchSize, tubeletSize, numChannels, numFrames, hiddenSize, numLayers, numHeads,
                intermediateSize, hiddenAct, layerNormEps, qkvBias, useMeanPooling, numLabels, labels, imageSize,
                patchSize);
    }

    /** Patch rows: image height // patch height (HF's Conv3d drops rows that do not fill a patch). */
    public int gridH() {
        return imageSize / patchSize;
    }

    /** Patch columns: image width // patch width. */
    public int gridW() {
        return imageWidth / patchWidth;
    }

    /** Temporal token slots: num_frames // tubelet_size (the Conv3d drops frames that do not fill a tubelet). */
    public int slots() {
        return numFrames / tubeletSize;
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }

    public boolean hasCls() {
        return family == ModelFamily.VIVIT;
    }

    /** Tokens per clip: (1 +) slots · gh · gw. */
    public int tokens() {
        return layout().tokens(gridH() * gridW(), slots());
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
                patchSize, numChannels, numLayers, numHeads, hiddenSize, false, imageWidth, patchWidth);
    }
}
