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
    TEMPORAL
}
