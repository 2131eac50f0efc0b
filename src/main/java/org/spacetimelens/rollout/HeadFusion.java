package org.spacetimelens.rollout;

/** How the selected heads of a layer are combined into one attention map (element-wise). */
public enum HeadFusion {
    /** Mean over heads (the default recipe). */
    MEAN,
    /** Element-wise maximum over heads. */
    MAX,
    /** Element-wise minimum over heads. */
    MIN
}
