package org.spacetimelens.evaluate;

import java.util.List;

/**
 * A way to order a clip's patches for the perturbation curves. A map method gives one ranking (its map,
 * {@link PerturbationProtocol#rank ranked}); {@code random} gives several, whose curves are averaged.
 */
public interface RankingMethod {

    /** The name in the outputs ({@code rollout}, {@code random}, ...). */
    String name();

    /**
     * One or more rankings: each a permutation of {@code 0 .. grid.size()-1}, most important patch first.
     *
     * @throws IllegalArgumentException when the method does not apply to this clip or model (say why)
     */
    List<int[]> rankings(ClipContext clip);
}
