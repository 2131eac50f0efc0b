package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spacetimelens.rollout.RolloutMethod;

/** The layer-range rules on a bare view-state: no FX toolkit, no window. */
class LayerRangeTest {
    private static ModelSummary card(int layers, int heads) {
        return new ModelSummary("m", Path.of("m"), "divided_space_time", 8, 224, 16, layers, heads, 768, 1, List.of("a"),
                "cpu", 0);
    }

    @Test
    void theStartNeverPassesTheLayer() {
        ViewState s = new ViewState();
        s.resetForModel(card(12, 12));
        s.startLayerProperty().set(5);
        s.layerProperty().set(8);
        assertThat(s.startLayerProperty().get()).isEqualTo(5);
        s.layerProperty().set(3);
        assertThat(s.startLayerProperty().get()).isEqualTo(3);
        assertThat(s.rolloutParams().get().startLayer()).isEqualTo(3);
        assertThat(s.rolloutParams().get().upToLayer()).isEqualTo(3);
    }

    @Test
    void onlyLayerMakesTheStartFollowTheLayer() {
        ViewState s = new ViewState();
        s.resetForModel(card(12, 12));
        assertThat(s.startLayerProperty().get()).isZero();
        s.singleLayerProperty().set(true);
        assertThat(s.startLayerProperty().get()).isEqualTo(11);
        s.layerProperty().set(4);
        assertThat(s.startLayerProperty().get()).isEqualTo(4);
        s.singleLayerProperty().set(false);
        s.layerProperty().set(9);
        assertThat(s.startLayerProperty().get()).as("up to ℓ again: the start stays").isEqualTo(4);
    }

    @Test
    void steppingStaysWithinTheModel() {
        ViewState s = new ViewState();
        s.stepLayer(1);
        assertThat(s.layerProperty().get()).as("no model: nothing changes").isZero();
        ModelSummary small = card(2, 3);
        s.modelProperty().set(small);
        s.resetForModel(small);
        assertThat(s.layerProperty().get()).isEqualTo(1);
        s.stepLayer(1);
        assertThat(s.layerProperty().get()).isEqualTo(1);
        s.stepLayer(-1);
        s.stepLayer(-1);
        assertThat(s.layerProperty().get()).isZero();
        assertThat(LayerRange.step(5, 3, 12)).isEqualTo(8);
        assertThat(LayerRange.step(5, -9, 12)).isZero();
    }

    @Test
    void oneLayerForSingleLayerMethodsOrOnlyMode() {
        assertThat(LayerRange.oneLayer(RolloutMethod.ROLLOUT, false)).isFalse();
        assertThat(LayerRange.oneLayer(RolloutMethod.ROLLOUT, true)).isTrue();
        assertThat(LayerRange.oneLayer(RolloutMethod.SPATIAL, false)).isTrue();
        assertThat(LayerRange.oneLayer(RolloutMethod.TEMPORAL, false)).isTrue();
        ViewState s = new ViewState();
        s.methodProperty().set(RolloutMethod.SPATIAL);
        assertThat(s.oneLayer()).isTrue();
    }

    @Test
    void theReadOutIsOneBased() {
        assertThat(LayerRange.describe(true, 0, 2)).isEqualTo("layer 2");
        assertThat(LayerRange.describe(false, 2, 2)).isEqualTo("layer 2 only");
        assertThat(LayerRange.describe(false, 0, 11)).isEqualTo("layers 0–11"); // 0-based, issue 15 item 3
    }

    @Test
    void singleLayerViewsShareOneCacheKeyWhateverTheStart() {
        ViewState s = new ViewState();
        s.resetForModel(card(12, 12));
        s.methodProperty().set(RolloutMethod.SPATIAL);
        s.startLayerProperty().set(2);
        var a = s.rolloutParams().get();
        s.startLayerProperty().set(7);
        assertThat(s.rolloutParams().get()).isEqualTo(a);
        assertThat(a.startLayer()).isEqualTo(11);
    }
}
