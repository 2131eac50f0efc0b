package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.AttentionMaps;

/** Draws every clip frame and its overlay for the grid view, on a background thread. */
final class GridJob implements BackgroundJob<GridJob.Result> {
    private final AnalysisBackend backend;
    private final ClipAnalysis analysis;
    private final AttentionMaps maps;
    private final RenderOptions options;
    private final boolean overlay;

    /** The clip's frames and their overlays (the frames again when the overlay is hidden). */
    record Result(List<Image> frames, List<Image> overlays) {
    }

    GridJob(AnalysisBackend backend, ClipAnalysis analysis, AttentionMaps maps, RenderOptions options,
            boolean overlay) {
        this.backend = backend;
        this.analysis = analysis;
        this.maps = maps;
        this.options = options;
        this.overlay = overlay;
    }

    @Override
    public Result run(JobContext ctx) throws Exception {
        List<Image> frames = new ArrayList<>();
        List<Image> overlays = new ArrayList<>();
        for (int t = 0; t < analysis.frameCount(); t++) {
            if (ctx.isCancelled()) {
                return null;
            }
            BufferedImage f = analysis.frames().get(t);
            frames.add(FxImages.of(f));
            overlays.add(FxImages.of(overlay ? backend.overlay(f, analysis, maps, t, options) : f));
        }
        return new Result(frames, overlays);
    }
}
