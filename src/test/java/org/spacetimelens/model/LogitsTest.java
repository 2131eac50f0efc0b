package org.spacetimelens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogitsTest {

    @Test
    void argmaxIsTheLargestAndTheFirstOnTies() {
        assertThat(Logits.argmax(new float[] {0.5f, -1f, 3f, 2f})).isEqualTo(2);
        assertThat(Logits.argmax(new float[] {-4f, -2f, -2f, -3f})).isEqualTo(1);
        assertThat(Logits.argmax(new float[] {7f})).isZero();
    }

    @Test
    void emptyLogitsAreAnError() {
        assertThatThrownBy(() -> Logits.argmax(new float[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no logits");
    }
}
