package org.spacetimelens.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.spacetimelens.rollout.AttentionMaps;

class MapDifferenceTest {

    /** Two frames of a 2×2 grid, from the raw values given (values = raw). */
    private static AttentionMaps maps(float... raw) {
        return new AttentionMaps(raw.length / 4, 2, 2, raw.clone(), raw.clone());
    }

    @Test
    void identicalMapsUpToScaleDoNotDiffer() {
        MapDifference d = new MapDifference();
        d.add(maps(1, 2, 3, 4, 0, 1, 0, 5), maps(2, 4, 6, 8, 0, 3, 0, 15));
        assertThat(d.frames()).isEqualTo(2);
        assertThat(d.meanTotalVariation()).isCloseTo(0, within(1e-9));
        assertThat(d.meanCorrelation()).isCloseTo(1, within(1e-9));
        assertThat(d.argmaxAgreement()).isEqualTo(1.0);
    }

    @Test
    void disjointMapsDifferCompletely() {
        MapDifference d = new MapDifference();
        d.add(maps(1, 0, 0, 0), maps(0, 0, 0, 1));
        assertThat(d.meanTotalVariation()).isCloseTo(1, within(1e-9));
        assertThat(d.meanCorrelation()).isCloseTo(-1.0 / 3, within(1e-9));
        assertThat(d.argmaxAgreement()).isZero();
        assertThat(d.meanWindowVariation()).isCloseTo(1, within(1e-9));
    }

    @Test
    void halfTheMassMovedIsATotalVariationOfOneHalf() {
        MapDifference d = new MapDifference();
        d.add(maps(1, 1, 0, 0), maps(1, 0, 1, 0));
        assertThat(d.meanTotalVariation()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void theWindowMeasureSeesMassMovedBetweenFramesThePerFrameOneDoesNot() {
        MapDifference d = new MapDifference();
        // the same picture in both frames, but the second map puts 9× the mass in frame 1
        d.add(maps(1, 2, 3, 4, 1, 2, 3, 4), maps(1, 2, 3, 4, 9, 18, 27, 36));
        assertThat(d.meanTotalVariation()).isCloseTo(0, within(1e-9));
        // window distributions: frame shares 1/2 and 1/2 against 1/10 and 9/10 → TV = 0.4
        assertThat(d.meanWindowVariation()).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void emptyFramesAreCountedApart() {
        MapDifference d = new MapDifference();
        d.add(maps(0, 0, 0, 0, 1, 0, 0, 0), maps(1, 0, 0, 0, 1, 0, 0, 0));
        assertThat(d.emptyFrames()).isEqualTo(1);
        assertThat(d.frames()).isEqualTo(1);
        assertThat(d.meanTotalVariation()).isCloseTo(0, within(1e-9));
    }
}
