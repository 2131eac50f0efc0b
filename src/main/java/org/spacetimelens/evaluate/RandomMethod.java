package org.spacetimelens.evaluate;

import java.util.Arrays;
import java.util.List;

/** The baseline: {@code count} seeded random rankings, their curves averaged. */
public record RandomMethod(long seed, int count) implements RankingMethod {

    /** Rankings the protocol's baseline averages. */
    public static final int DEFAULT_COUNT = 5;

    public RandomMethod {
        if (count < 1) {
            throw new IllegalArgumentException("random needs at least one ranking, got " + count);
        }
    }

    @Override
    public String name() {
        return RankingMethods.RANDOM;
    }

    @Override
    public List<int[]> rankings(ClipContext clip) {
        return Arrays.asList(PerturbationProtocol.randomRankings(clip.grid().size(), count, seed));
    }
}
