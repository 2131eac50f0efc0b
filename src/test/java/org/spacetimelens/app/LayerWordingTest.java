package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.spacetimelens.pipeline.Captions;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;

/** The viewer's status line names layers as the sheet title and the sidecar do: 0-based. */
class LayerWordingTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage(); // Describe names the method through SidePanel, a JavaFX class
    }

    @Test
    void theViewerSaysTheSameLayersAsTheFigureTitle() {
        RolloutParams range = RolloutParams.builder().startLayer(0).upToLayer(3).build();
        assertThat(Describe.params(range, 12)).contains(" · layers 0–3 · ").contains(Captions.layers(range, 12));
        RolloutParams top = RolloutParams.defaults();
        assertThat(Describe.params(top, 4)).contains(Captions.layers(top, 4)).contains("layers 0–3");
        RolloutParams single = RolloutParams.builder().method(RolloutMethod.SPATIAL).upToLayer(2).build();
        assertThat(Describe.params(single, 4)).contains(" · layer 2 · ").contains(Captions.layers(single, 4));
    }
}
