package org.spacetimelens.app;

import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.RolloutParams;

/** Everything an export needs: what was analysed and how it is shown right now. */
public record ExportJob(VideoHandle video, ModelHandle model, ClipAnalysis analysis, SamplingSettings sampling,
        RolloutParams rolloutParams, RenderOptions renderOptions) {
}
