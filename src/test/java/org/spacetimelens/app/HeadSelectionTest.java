package org.spacetimelens.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The head-selection rules, on a plain set and on a bare view-state (no FX toolkit). */
class HeadSelectionTest {
    @Test
    void toggleNeverLeavesTheSelectionEmpty() {
        Set<Integer> heads = new TreeSet<>(List.of(2));
        HeadSelection.toggle(heads, 2);
        assertThat(heads).containsExactly(2);
        HeadSelection.toggle(heads, 0);
        assertThat(heads).containsExactly(0, 2);
        HeadSelection.toggle(heads, 2);
        assertThat(heads).containsExactly(0);
    }

    @Test
    void soloTwiceGoesBackToAll() {
        Set<Integer> heads = new TreeSet<>(List.of(0, 1, 2));
        HeadSelection.solo(heads, 1, 3);
        assertThat(heads).containsExactly(1);
        HeadSelection.solo(heads, 1, 3);
        assertThat(heads).containsExactly(0, 1, 2);
    }

    @Test
    void nextCyclesSoloHeadsThenAll() {
        Set<Integer> heads = new TreeSet<>(List.of(0, 1, 2));
        HeadSelection.next(heads, 3);
        assertThat(heads).containsExactly(0);
        HeadSelection.next(heads, 3);
        assertThat(heads).containsExactly(1);
        HeadSelection.next(heads, 3);
        assertThat(heads).containsExactly(2);
        HeadSelection.next(heads, 3);
        assertThat(heads).containsExactly(0, 1, 2);
        heads.remove(1);
        HeadSelection.next(heads, 3);
        assertThat(heads).as("two of three: solo the first").containsExactly(0);
        HeadSelection.next(heads, 0);
        assertThat(heads).containsExactly(0);
    }

    @Test
    void allHeadsOnTheStateSelectsEveryHeadOfTheModelAndMeansAllToTheCore() {
        ViewState s = new ViewState();
        s.selectAllHeads();
        assertThat(s.heads()).as("no model: nothing").isEmpty();
        ModelSummary card = new ModelSummary("m", Path.of("m"), "divided_space_time", 8, 224, 16, 12, 4, 768, 1,
                List.of("a"), "cpu", 0);
        s.modelProperty().set(card);
        s.resetForModel(card);
        s.soloHead(3, 4);
        assertThat(s.rolloutParams().get().heads()).containsExactly(3);
        s.selectAllHeads();
        assertThat(s.heads()).containsExactly(0, 1, 2, 3);
        assertThat(s.rolloutParams().get().heads()).as("all heads: the core's empty list").isEmpty();
    }
}
