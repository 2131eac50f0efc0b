package org.spacetimelens.app;

import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.RolloutParams;

/**
 * Everything an export needs: what was analysed and how it is shown right now.
 *
 * @param fullFrame draw on whole source frames (as the grid's "full frames") instead of the model's crop
 */
public record ExportJob(VideoHandle video, ModelHandle model, ClipAnalysis analysis, SamplingSettings sampling,
        RolloutParams rolloutParams, RenderOptions renderOptions, boolean fullFrame) {
}
