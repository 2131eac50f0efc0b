package org.spacetimelens.model;

/**
 * Logits (num_labels), when captured every layer's attention, and when asked for the gradients of a class
 * score with respect to that attention (else null).
 */
public record ForwardResult(float[] logits, AttentionRecord attention, AttentionGradients gradients) {

    /** A result without gradients. */
    public ForwardResult(float[] logits, AttentionRecord attention) {
        this(logits, attention, null);
    }
}
