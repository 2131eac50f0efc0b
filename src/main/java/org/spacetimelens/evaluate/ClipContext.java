package org.spacetimelens.evaluate;

import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.video.ClipTensor;

/**
 * What a {@link RankingMethod} may use to rank one clip's patches.
 *
 * @param model       the loaded model (a method may run its own passes, e.g. with gradients)
 * @param clip        the preprocessed, unperturbed clip
 * @param grid        its patches
 * @param clean       the unperturbed forward pass, float32 attention captured
 * @param targetClass the class whose probability the curves record
 */
public record ClipContext(VideoModel model, ClipTensor clip, PatchGrid grid, ForwardResult clean, int targetClass) {
}
