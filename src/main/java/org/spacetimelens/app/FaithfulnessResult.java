package org.spacetimelens.app;

import org.spacetimelens.evaluate.ClipFaithfulness;

/**
 * The curves of one {@link FaithfulnessRequest}, as the core's evaluator computed them.
 *
 * @param batchSize   perturbed clips per forward pass (recorded in the sidecar, so a replay batches alike)
 * @param tensorShape the preprocessed clip's shape (T, 3, H, W)
 */
record FaithfulnessResult(FaithfulnessRequest request, ClipFaithfulness curves, int batchSize, int[] tensorShape) {
}
