package org.spacetimelens.bench;

import org.spacetimelens.model.TimeSformerConfig;

/**
 * Floating-point operations of one divided space-time TimeSformer forward pass on one clip, counted
 * analytically: every matrix product at 2 FLOPs per multiply-add. With T frames, G patches per frame,
 * D hidden, M intermediate, P patch, C channels, K classes and L layers:
 * <pre>
 * patch embedding        2·(G·T)·(C·P²)·D
 * per layer
 *   temporal qkv         2·(G·T)·D·3D
 *   temporal QKᵀ, A·V    2·2·G·T²·D          (all heads: H·(T²·D/H) each)
 *   temporal out dense   2·(G·T)·D²
 *   temporal_dense       2·(G·T)·D²
 *   spatial qkv          2·T·(1+G)·D·3D      (the CLS copied into every frame)
 *   spatial QKᵀ, A·V     2·2·T·(1+G)²·D
 *   spatial out dense    2·T·(1+G)·D²
 *   MLP                  2·2·(1+G·T)·D·M
 * classifier             2·D·K
 * </pre>
 * Layer norms, softmax, GELU and residual additions are left out (elementwise, under 1% of the total
 * at base size). Base (T=8, G=196, D=768, M=3072, L=12): about 392 GFLOP per clip.
 */
final class ForwardFlops {

    private ForwardFlops() {
    }

    static double perClip(TimeSformerConfig c, int frames) {
        double t = frames;
        double g = (double) c.gridSize() * c.gridSize();
        double d = c.hiddenSize();
        double m = c.intermediateSize();
        double p = c.patchSize();
        double patchTokens = g * t;
        double spatialTokens = t * (1 + g);
        double embed = 2 * patchTokens * (c.numChannels() * p * p) * d;
        double layer = 2 * patchTokens * d * 3 * d
                + 4 * g * t * t * d
                + 2 * patchTokens * d * d
                + 2 * patchTokens * d * d
                + 2 * spatialTokens * d * 3 * d
                + 4 * t * (1 + g) * (1 + g) * d
                + 2 * spatialTokens * d * d
                + 4 * (1 + patchTokens) * d * m;
        return embed + c.numLayers() * layer + 2 * d * c.numLabels();
    }
}
