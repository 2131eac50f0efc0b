package org.spacetimelens.rollout;

/** What a {@link Rollout} computes from an attention record. */
public enum RolloutMethod {
    /** Attention rollout over layers {@code startLayer..upToLayer} (src/docs/ROLLOUT.md, default recipe). */
    ROLLOUT,
    /**
     * One layer, no rollout: the query token's spatial attention (heads fused) at layer
     * {@code upToLayer}. CLS query: the CLS row of every frame; patch query: that token's row, in its
     * own frame only.
     */
    SPATIAL,
    /**
     * One layer, no rollout: temporal attention (heads fused) at layer {@code upToLayer}. Patch query
     * (y, x, t): that token's row over frames q, drawn at (q, y, x). CLS query (the CLS has no temporal
     * attention): at every position, the attention each frame q receives, averaged over query frames.
     * Divided space-time records only.
     */
    TEMPORAL,
    /**
     * Gradient-weighted rollout for one class (ROLLOUT.md, "Gradient-weighted rollout"; Chefer et al. 2021):
     * every map is {@code I + fuse_h max(0, ∇A ⊙ A)} (no row normalisation), composed and propagated as
     * {@link #ROLLOUT}. Needs the attention gradients of a class score ({@link Rollout#Rollout(
     * org.spacetimelens.model.AttentionRecord, org.spacetimelens.model.AttentionGradients, long)}); no discard
     * ratio or residual weight.
     */
    GRAD_ROLLOUT
}
