package org.spacetimelens.evaluate;

import java.util.Map;

/**
 * The faithfulness of several methods on one clip.
 *
 * @param targetClass        the class whose probability is recorded
 * @param targetChosen       true when the caller chose it, false when it is the clean top class
 * @param steps              S
 * @param patches            N = T'·gh·gw
 * @param cleanProbability   the target's probability on the unperturbed clip (batched pass)
 * @param emptyProbability   on the all-zero clip
 * @param methods            curves by method name, in the order asked
 * @param forwardClips       perturbed clips run through the model (clean and empty counted once)
 * @param seconds            wall time of the whole evaluation
 */
public record ClipFaithfulness(int targetClass, boolean targetChosen, int steps, int patches,
        double cleanProbability, double emptyProbability, Map<String, Curves> methods, int forwardClips,
        double seconds) {

    public ClipFaithfulness {
        methods = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(methods));
    }
}
