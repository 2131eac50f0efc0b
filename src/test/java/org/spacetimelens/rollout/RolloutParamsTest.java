package org.spacetimelens.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;

/** Ranges, messages, defaults and JSON of the options. */
class RolloutParamsTest {

    @Test
    void defaultsAreThePublishedRecipe() {
        RolloutParams d = RolloutParams.defaults();
        assertThat(d.method()).isEqualTo(RolloutMethod.ROLLOUT);
        assertThat(d.startLayer()).isZero();
        assertThat(d.upToLayer()).isEqualTo(RolloutParams.ALL_LAYERS);
        assertThat(d.fusion()).isEqualTo(HeadFusion.MEAN);
        assertThat(d.allHeads()).isTrue();
        assertThat(d.discardRatio()).isZero();
        assertThat(d.residualWeight()).isEqualTo(0.5);
        assertThat(d.query()).isEqualTo(QueryToken.CLS);
        assertThat(d.normalization()).isEqualTo(MapNormalization.GLOBAL_MAX);
        assertThat(d.lastLayer(12)).isEqualTo(11);
    }

    @Test
    void headsAreSortedAndDistinct() {
        assertThat(RolloutParams.defaults().withHeads(3, 1, 3).heads()).containsExactly(1, 3);
        assertThat(RolloutParams.defaults().withHeads().allHeads()).isTrue();
    }

    @Test
    void rangesAreCheckedWithClearMessages() {
        RolloutParams d = RolloutParams.defaults();
        assertThatThrownBy(() -> d.withDiscardRatio(1.0)).hasMessageContaining("discardRatio must be in [0, 1)");
        assertThatThrownBy(() -> d.withDiscardRatio(Double.NaN)).hasMessageContaining("discardRatio");
        assertThatThrownBy(() -> d.withResidualWeight(1.5)).hasMessageContaining("residualWeight must be in [0, 1]");
        assertThatThrownBy(() -> d.withStartLayer(-1)).hasMessageContaining("startLayer must be >= 0");
        assertThatThrownBy(() -> d.withUpToLayer(-2)).hasMessageContaining("upToLayer");
        assertThatThrownBy(() -> d.withUpToLayer(2).withStartLayer(3)).hasMessageContaining("above upToLayer");
        assertThatThrownBy(() -> d.withHeads(-1)).hasMessageContaining("head indices must be >= 0");
        assertThatThrownBy(() -> QueryToken.patch(0, -1, 0)).hasMessageContaining(">= 0");
    }

    @Test
    void optionsThatDoNotFitTheRecordAreRefused() {
        AttentionRecord rec = RandomAttention.record(AttentionType.DIVIDED_SPACE_TIME, 2, 3, 2, 4, 2, 1, 5);
        RolloutParams d = RolloutParams.defaults();
        assertThatThrownBy(() -> Rollout.compute(rec, d.withUpToLayer(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("upToLayer 2 is out of range")
                .hasMessageContaining("2 layers");
        assertThatThrownBy(() -> Rollout.compute(rec, d.withStartLayer(5))).hasMessageContaining("startLayer 5");
        assertThatThrownBy(() -> Rollout.compute(rec, d.withHeads(2))).hasMessageContaining("head 2 is out of range");
        assertThatThrownBy(() -> Rollout.compute(rec, d.withHeadLayer(3))).hasMessageContaining("headLayer 3");
        assertThatThrownBy(() -> Rollout.compute(rec, d.withQuery(QueryToken.patch(0, 4, 0))))
                .hasMessageContaining("outside the clip's token grid");
        assertThatThrownBy(() -> Rollout.compute(rec, d.withQuery(QueryToken.patch(0, 0, 3))))
                .hasMessageContaining("t < 3");
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        RolloutParams p = RolloutParams.builder().method(RolloutMethod.SPATIAL).startLayer(1).upToLayer(3)
                .fusion(HeadFusion.MAX).heads(List.of(2, 0)).headLayer(2).discardRatio(0.25).residualWeight(0.6)
                .query(QueryToken.patch(1, 2, 3)).normalization(MapNormalization.PER_FRAME).build();
        String text = json.writeValueAsString(p);
        assertThat(text).contains("\"fusion\":\"MAX\"").contains("\"heads\":[0,2]");
        assertThat(json.readValue(text, RolloutParams.class)).isEqualTo(p);
        assertThat(json.readValue(json.writeValueAsString(RolloutParams.defaults()), RolloutParams.class))
                .isEqualTo(RolloutParams.defaults());
    }

    @Test
    void toStringNamesEveryOption() {
        assertThat(RolloutParams.defaults().withHeads(1).withHeadLayer(4).toString())
                .contains("layers=0..last", "heads=[1] at layer 4", "residualWeight=0.5", "query=cls");
    }
}
