package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.pipeline.ClassTarget;

/** The prediction panel's class picking rules, without the toolkit. */
class ClassChoiceTest {
    private static final int NONE = AttentionGradients.NO_CONTRAST;
    private static final int TOP = 2; // the clip's top class

    @Test
    void aClickExplainsAClassAndASecondClickReturnsToTheTopClass() {
        ClassChoice c = ClassChoice.TOP.click(4, TOP, false);
        assertThat(c).isEqualTo(new ClassChoice(4, NONE));
        assertThat(c.click(4, TOP, false)).isEqualTo(ClassChoice.TOP);
        // the top class is chosen as "top" (it follows the clip), and clicking it again is the default
        assertThat(c.click(TOP, TOP, false)).isEqualTo(ClassChoice.TOP);
        assertThat(ClassChoice.TOP.click(TOP, TOP, false)).isEqualTo(ClassChoice.TOP);
    }

    @Test
    void aShiftClickContrastsNeverWithTheExplainedClassAndASecondOneUndoes() {
        ClassChoice c = ClassChoice.TOP.click(1, TOP, true);
        assertThat(c).isEqualTo(new ClassChoice(ClassChoice.TOP_CLASS, 1));
        assertThat(c.click(TOP, TOP, true)).as("the explained class itself").isEqualTo(c);
        assertThat(c.click(1, TOP, true)).isEqualTo(ClassChoice.TOP);
        assertThat(c.click(3, TOP, true)).isEqualTo(new ClassChoice(ClassChoice.TOP_CLASS, 3));
        // explaining the contrast class drops the contrast
        assertThat(c.click(1, TOP, false)).isEqualTo(new ClassChoice(1, NONE));
        assertThat(new ClassChoice(4, 1).click(3, TOP, false)).isEqualTo(new ClassChoice(3, 1));
        assertThatThrownBy(() -> new ClassChoice(3, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itResolvesPerClipAndSpellsItAsTheCli() {
        ClassChoice top = new ClassChoice(ClassChoice.TOP_CLASS, 1);
        ClassChoice.Resolved r = new ClassChoice.Resolved(TOP, 1, false);
        assertThat(top.classTarget(r)).isEqualTo(new ClassTarget("top", "1"));
        assertThat(new ClassChoice(4, NONE).classTarget(new ClassChoice.Resolved(4, NONE, false)))
                .isEqualTo(new ClassTarget("4", null));
        assertThat(r.describe(java.util.List.of("a", "b", "c"))).isEqualTo("'c' vs 'b'");
        assertThat(ClassChoice.topClass(new float[] {0.1f, 3f, -1f, 3f})).isEqualTo(1);
    }
}
