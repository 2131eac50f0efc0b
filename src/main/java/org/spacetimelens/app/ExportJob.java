package org.spacetimelens.app;

import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.pipeline.ClassTarget;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.RolloutParams;

/**
 * Everything an export needs: what was analysed and how it is shown right now.
 *
 * @param fullFrame   draw on whole source frames (as the grid's "full frames") instead of the model's crop
 * @param classTarget the class a class-evidence map explains (and its contrast), as the CLI spells it
 * @param gradients   the view's attention gradients of that class when it has them, else null (an export then
 *                    computes them)
 */
public record ExportJob(VideoHandle video, ModelHandle model, ClipAnalysis analysis, SamplingSettings sampling,
        RolloutParams rolloutParams, RenderOptions renderOptions, boolean fullFrame, ClassTarget classTarget,
        AttentionGradients gradients) {

    public ExportJob {
        classTarget = classTarget == null ? ClassTarget.TOP : classTarget;
    }

    /** A job of a map that is not class evidence. */
    public ExportJob(VideoHandle video, ModelHandle model, ClipAnalysis analysis, SamplingSettings sampling,
            RolloutParams rolloutParams, RenderOptions renderOptions, boolean fullFrame) {
        this(video, model, analysis, sampling, rolloutParams, renderOptions, fullFrame, ClassTarget.TOP, null);
    }
}
