package org.spacetimelens.model;

/** Logits (num_labels) and, when captured, every layer's attention. */
public record ForwardResult(float[] logits, AttentionRecord attention) {
}
