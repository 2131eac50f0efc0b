package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.spacetimelens.app.ViewerHarness.fx;
import static org.spacetimelens.app.ViewerHarness.waitUntil;

import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.rollout.RolloutMethod;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Faithfulness window follows the class the viewer explains: with a Class evidence map, the class chosen
 * in the prediction panel (so the curves rank the very map shown); a class picked in the window wins until
 * "As the view" is picked again; with a plain rollout map, the clip's top class as before.
 */
@ExtendWith(ApplicationExtension.class)
class FaithfulnessViewClassTest {
    private ViewerHarness h;
    private FaithfulnessWindow w;

    @Start
    void start(Stage stage) {
        h = ViewerHarness.start(stage);
    }

    @BeforeEach
    void open() throws Exception {
        h.openFixtures();
        w = h.window.faithfulness();
    }

    @AfterEach
    void close() throws Exception {
        fx(() -> {
            w.close();
            return null;
        });
        h.close();
    }

    private FaithfulnessResult current() throws Exception {
        waitUntil(() -> w.runner().currentProperty().get() && !w.runner().service().isRunning());
        h.settle();
        waitUntil(() -> w.runner().currentProperty().get() && !w.runner().service().isRunning());
        return fx(() -> w.runner().resultProperty().get());
    }

    @SuppressWarnings("unchecked")
    private ComboBox<Integer> combo() throws Exception {
        return fx(() -> (ComboBox<Integer>) w.pane().lookup("#faithTarget"));
    }

    private String comboText() throws Exception {
        ComboBox<Integer> c = combo();
        return fx(() -> c.getConverter().toString(c.getValue()));
    }

    @Test
    void theCurvesFollowTheClassTheViewExplainsUnlessThePaneIsToldOtherwise() throws Exception {
        int top = fx(() -> ClassChoice.topClass(h.state.analysisProperty().get().logits()));
        int c = (top + 1) % 5;
        int d = (top + 2) % 5;
        int e = (top + 3) % 5;
        // rollout: the top class, as before
        fx(() -> {
            w.show();
            return null;
        });
        FaithfulnessResult r = current();
        assertThat(r.curves().targetClass()).isEqualTo(top);
        assertThat(r.request().target()).isNull();
        assertThat(comboText()).isEqualTo("As the view: top class of the clip");

        // Class evidence of class c, chosen in the prediction panel: the curves follow c (its map is the one shown)
        fx(() -> {
            h.state.methodProperty().set(RolloutMethod.GRAD_ROLLOUT);
            h.state.classChoiceProperty().set(new ClassChoice(c, AttentionGradients.NO_CONTRAST));
            return null;
        });
        r = current();
        assertThat(r.request().target()).isEqualTo(c);
        assertThat(r.curves().targetClass()).isEqualTo(c);
        assertThat(r.request().methods().get(0)).isEqualTo("grad-rollout");
        assertThat(comboText()).startsWith("As the view: " + c + ": ");
        assertThat(fx(() -> ((javafx.scene.control.Label) w.pane().lookup("#faithBelongs")).getText()))
                .contains("class ");

        // another class in the panel (with a contrast, which the protocol does not take): followed again
        fx(() -> {
            h.state.classChoiceProperty().set(new ClassChoice(d, top));
            return null;
        });
        r = current();
        assertThat(r.curves().targetClass()).isEqualTo(d);
        assertThat(comboText()).startsWith("As the view: " + d + ": ").endsWith("(no contrast)");

        // a class picked in the window wins, whatever the panel explains meanwhile
        ComboBox<Integer> combo = combo();
        fx(() -> {
            combo.setValue(e);
            return null;
        });
        r = current();
        assertThat(r.curves().targetClass()).isEqualTo(e);
        fx(() -> {
            h.state.classChoiceProperty().set(new ClassChoice(c, AttentionGradients.NO_CONTRAST));
            return null;
        });
        r = current();
        assertThat(r.curves().targetClass()).isEqualTo(e);
        // so does "Top class of the clip", although the view explains c
        fx(() -> {
            combo.setValue(FaithfulnessRunner.TOP_CLASS);
            return null;
        });
        r = current();
        assertThat(r.request().target()).isNull();
        assertThat(r.curves().targetClass()).isEqualTo(top);
        // "As the view" again: the panel's class
        fx(() -> {
            combo.setValue(FaithfulnessPane.AS_VIEW);
            return null;
        });
        r = current();
        assertThat(r.curves().targetClass()).isEqualTo(c);
        assertThat(fx(() -> w.runner().targetProperty().get())).isNull();
    }
}
