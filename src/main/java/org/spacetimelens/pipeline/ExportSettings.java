package org.spacetimelens.pipeline;

import java.util.EnumSet;
import java.util.Set;
import org.spacetimelens.render.FigureOptions;
import org.spacetimelens.render.MapTimeline;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.RolloutParams;

/**
 * Everything about an export that does not depend on the model or the input: shared by every video of a
 * batch. Immutable; start from {@link #defaults()} and change fields through {@link #toBuilder()}.
 *
 * @param sampling     which source frames the model sees (ignored for a tensor input)
 * @param rollout      the rollout options
 * @param render       how maps are drawn
 * @param formats      artefacts to write; empty = {@link ExportFormat#defaults} for the input
 * @param fullFrame    draw maps on the whole source frame (the crop placed by its geometry) rather than on the
 *                     model's crop alone; applies to PNGs, the sheet and videos
 * @param videoSpan    frames an overlay video covers
 * @param between      maps of video frames between sampled ones: held or interpolated
 * @param figureScale  scale of the contact sheet (every length ×, see {@link FigureOptions#scale()})
 * @param fp16         keep the attention record as float16
 * @param attentions   write {@code spatial_attention} / {@code temporal_attention} to the npz
 * @param modelName    name in figure titles; {@code null} = taken from the checkpoint path
 * @param classTarget  the class a {@code GRAD_ROLLOUT} explains (and its contrast); {@code null} = the top class
 * @param overlayScale overlay PNGs and overlay videos are drawn at this many times the source size
 *                     ({@link #MIN_OVERLAY_SCALE}..{@link #MAX_OVERLAY_SCALE}; 1 = the source frame's pixels)
 */
public record ExportSettings(Sampling sampling, RolloutParams rollout, RenderOptions render, Set<ExportFormat> formats,
                             boolean fullFrame, VideoSpan videoSpan, MapTimeline.Mode between, double figureScale,
                             boolean fp16, boolean attentions, String modelName, ClassTarget classTarget,
                             double overlayScale) {

    /** Smallest and largest {@link #overlayScale}. */
    public static final double MIN_OVERLAY_SCALE = 0.25;
    public static final double MAX_OVERLAY_SCALE = 4;

    public ExportSettings {
        if (!(overlayScale >= MIN_OVERLAY_SCALE && overlayScale <= MAX_OVERLAY_SCALE)) {
            throw new IllegalArgumentException("overlay scale must be in [" + MIN_OVERLAY_SCALE + ", "
                    + MAX_OVERLAY_SCALE + "], got " + overlayScale);
        }
        if (sampling == null || rollout == null || render == null || videoSpan == null || between == null) {
            throw new IllegalArgumentException("export settings: sampling, rollout, render options, video span and "
                    + "in-between mode must all be given");
        }
        classTarget = classTarget == null ? ClassTarget.TOP : classTarget;
        formats = formats == null || formats.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(formats));
        // the same range FigureOptions accepts, checked here so a bad value fails before the forward pass
        FigureOptions.defaults().withScale(figureScale);
    }

    /** Uniform sampling, the published rollout and look, default formats, full frames, whole-video overlays. */
    public static ExportSettings defaults() {
        return new ExportSettings(Sampling.uniform(), RolloutParams.defaults(), RenderOptions.defaults(), Set.of(),
                true, VideoSpan.ALL, MapTimeline.Mode.HOLD, 1.0, false, true, null, ClassTarget.TOP, 1.0);
    }

    /** The formats to write for an input of this kind. */
    public Set<ExportFormat> formatsFor(InputKind kind) {
        return formats.isEmpty() ? ExportFormat.defaults(kind) : formats;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some fields of existing settings. */
    public static final class Builder {
        private Sampling sampling;
        private RolloutParams rollout;
        private RenderOptions render;
        private Set<ExportFormat> formats;
        private boolean fullFrame;
        private VideoSpan videoSpan;
        private MapTimeline.Mode between;
        private double figureScale;
        private boolean fp16;
        private boolean attentions;
        private String modelName;
        private ClassTarget classTarget;
        private double overlayScale;

        private Builder(ExportSettings s) {
            sampling = s.sampling;
            rollout = s.rollout;
            render = s.render;
            formats = s.formats;
            fullFrame = s.fullFrame;
            videoSpan = s.videoSpan;
            between = s.between;
            figureScale = s.figureScale;
            fp16 = s.fp16;
            attentions = s.attentions;
            modelName = s.modelName;
            classTarget = s.classTarget;
            overlayScale = s.overlayScale;
        }

        public Builder overlayScale(double v) {
            overlayScale = v;
            return this;
        }

        public Builder sampling(Sampling v) {
            sampling = v;
            return this;
        }

        public Builder rollout(RolloutParams v) {
            rollout = v;
            return this;
        }

        public Builder render(RenderOptions v) {
            render = v;
            return this;
        }

        public Builder formats(Set<ExportFormat> v) {
            formats = v;
            return this;
        }

        public Builder fullFrame(boolean v) {
            fullFrame = v;
            return this;
        }

        public Builder videoSpan(VideoSpan v) {
            videoSpan = v;
            return this;
        }

        public Builder between(MapTimeline.Mode v) {
            between = v;
            return this;
        }

        public Builder figureScale(double v) {
            figureScale = v;
            return this;
        }

        public Builder fp16(boolean v) {
            fp16 = v;
            return this;
        }

        public Builder attentions(boolean v) {
            attentions = v;
            return this;
        }

        public Builder modelName(String v) {
            modelName = v;
            return this;
        }

        public Builder classTarget(ClassTarget v) {
            classTarget = v;
            return this;
        }

        public ExportSettings build() {
            return new ExportSettings(sampling, rollout, render, formats, fullFrame, videoSpan, between, figureScale,
                    fp16, attentions, modelName, classTarget, overlayScale);
        }
    }
}
