package org.spacetimelens.rollout;

/** How {@link AttentionMaps#values()} is derived from the raw map. */
public enum MapNormalization {
    /** Divide by the maximum over all frames (the default recipe). */
    GLOBAL_MAX,
    /** Divide each frame by its own maximum. */
    PER_FRAME,
    /** Keep the raw rollout mass (comparable across clips). */
    NONE
}
