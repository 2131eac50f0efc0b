package org.spacetimelens.model;

/** Small helpers over a model's logits, shared by the gradient pass, the evaluators and the demo. */
public final class Logits {
    private Logits() {
    }

    /**
     * Index of the largest value, the first one on ties (the top class of a logit vector).
     *
     * @throws IllegalArgumentException for an empty array
     */
    public static int argmax(float[] v) {
        if (v.length == 0) {
            throw new IllegalArgumentException("argmax of an empty array: the model returned no logits");
        }
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
