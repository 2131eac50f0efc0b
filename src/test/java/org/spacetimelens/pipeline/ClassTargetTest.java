package org.spacetimelens.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.render.FigureCaption;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;

/** Class choices of grad-rollout: resolution against a model's labels, and the figure title naming the class. */
class ClassTargetTest {
    private static final List<String> LABELS = List.of("walking", "Running", "42", "jumping");

    @Test
    void resolvesTopIndicesAndLabels() {
        assertThat(ClassTarget.TOP.resolve(LABELS, 4)).containsExactly(-1, AttentionGradients.NO_CONTRAST);
        assertThat(new ClassTarget(null, null).isTop()).isTrue();
        assertThat(new ClassTarget("3", "walking").resolve(LABELS, 4)).containsExactly(3, 0);
        assertThat(new ClassTarget("running", "0").resolve(LABELS, 4))
                .containsExactly(1, 0);
        assertThat(new ClassTarget("top", "jumping").resolve(LABELS, 4)).containsExactly(-1, 3);
        assertThatThrownBy(() -> new ClassTarget("4", null).resolve(LABELS, 4))
                .hasMessageContaining("out of range").hasMessageContaining("0..3");
        assertThatThrownBy(() -> new ClassTarget("swimming", null).resolve(LABELS, 4))
                .hasMessageContaining("'swimming'");
        assertThatThrownBy(() -> new ClassTarget("1", "running").resolve(LABELS, 4))
                .hasMessageContaining("target class itself");
        assertThatThrownBy(() -> new ClassTarget("1", "top")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void titleNamesTheClassExplainedAndTheContrast() {
        float[][] s = {new float[2 * 3 * 5 * 5]};
        float[][] t = {new float[4 * 3 * 2 * 2]};
        AttentionGradients g = new AttentionGradients(AttentionType.DIVIDED_SPACE_TIME, 2, 2, 2, 3, s, t, 3, 0);
        RolloutParams p = RolloutParams.defaults().withMethod(RolloutMethod.GRAD_ROLLOUT);
        float[] logits = {5f, 1f, 0f, 2f}; // top class is "walking", the explained one "jumping"
        FigureCaption c = Captions.classCaption("m", p, 12, logits, LABELS, g);
        assertThat(c.line()).contains("gradient-weighted rollout for jumping rather than walking")
                .contains("layers 0–11").contains("class: jumping (p = ");
        assertThat(c.probability()).isCloseTo(Predictions.softmax(logits)[3], org.assertj.core.api.Assertions.within(1e-12));
    }
}
