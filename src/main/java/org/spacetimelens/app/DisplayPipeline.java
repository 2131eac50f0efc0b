package org.spacetimelens.app;

import java.util.function.Supplier;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;

/**
 * The back half of the pipeline, what reaches the screen: maps of the analysed clip (cached), the
 * playhead's frame with its map ({@link FrameJob}) and the grid's tiles ({@link GridJob}), requested
 * from the state on the FX thread, computed on background threads, and written back into the state.
 * Latest request wins.
 */
final class DisplayPipeline {
    private final ViewState state;
    private final AnalysisBackend backend;
    private final ViewerServices services;
    private final StatusReporter reporter;
    private final ClipCaches caches;
    private final Supplier<VideoHandle> video;
    private final ClassEvidenceJobs evidence;
    private final FrameJob.FrameTimings timings = new FrameJob.FrameTimings();
    private final DisplayBuffer display = new DisplayBuffer(); // the canvas-scale copy of the shown frame

    /** Maps and, when a frame was to be shown, that frame drawn with them. */
    record MapsResult(AttentionMaps maps, FrameJob.Result frame) {
    }

    DisplayPipeline(ViewState state, AnalysisBackend backend, ViewerServices services, StatusReporter reporter,
            ClipCaches caches, Supplier<VideoHandle> video, ClassEvidenceJobs evidence) {
        this.state = state;
        this.evidence = evidence;
        this.backend = backend;
        this.services = services;
        this.reporter = reporter;
        this.caches = caches;
        this.video = video;
    }

    /** Maps for the current analysis and settings (cached), drawn over the current frame in the same job. */
    void requestMaps() {
        ClipAnalysis a = state.analysisProperty().get();
        if (a == null) {
            return;
        }
        RolloutParams settings = state.rolloutParams().get();
        ClassChoice.Resolved classes = null;
        AttentionGradients gradients = null;
        if (settings.method() == RolloutMethod.GRAD_ROLLOUT) {
            classes = evidence.classes(a);
            gradients = evidence.cached(a, classes);
            if (gradients == null) {
                // No map of another class or method meanwhile: the frame shows none until the gradients come.
                services.maps.cancel();
                evidence.request(a, classes, this::requestMaps);
                state.mapsProperty().set(null);
                requestFrame();
                services.grid.cancel();
                if (!state.gridFrames().isEmpty()) {
                    state.gridOverlays().setAll(state.gridFrames()); // the grid's map tiles show the bare frames
                }
                return;
            }
        }
        state.evidenceStatusProperty().set("");
        ClipCaches.MapKey key = new ClipCaches.MapKey(a.key(), settings, classes);
        FrameJob frameJob = frameJob(a);
        AttentionMaps cached = caches.maps(key);
        AttentionGradients g = gradients;
        services.maps.submit(g == null ? "Rollout" : "Class evidence", ctx -> {
            long t0 = System.nanoTime();
            AttentionMaps m = cached;
            if (m == null) {
                m = g == null ? backend.maps(a, settings) : backend.maps(a, g, settings);
                caches.putMaps(key, m);
                timings.mapsNanos = System.nanoTime() - t0;
            }
            return new MapsResult(m, frameJob == null ? null
                    : frameJob.run(MapDisplay.forDisplay(m, settings.normalization())));
        }, r -> acceptMaps(a, r), e -> reporter.fail("Could not compute the map", e));
    }

    private void acceptMaps(ClipAnalysis a, MapsResult r) {
        if (state.analysisProperty().get() != a) {
            return;
        }
        state.mapsProperty().set(r.maps());
        FrameJob.Result f = r.frame();
        if (f != null && f.index() == state.playheadProperty().get() && f.options().equals(currentRender())) {
            services.frame.cancel(); // a frame job still in flight would draw the previous maps
            show(f);
        } else {
            requestFrame();
        }
        if (state.gridModeProperty().get()) {
            requestGrid();
        }
    }

    /** What the frame job needs, captured on the FX thread; null without a video. */
    private FrameJob frameJob(ClipAnalysis a) {
        VideoHandle v = video.get();
        if (v == null || state.compare().activeProperty().get()) {
            return null; // compare mode: the compare panes draw the frame
        }
        int index = state.playheadProperty().get();
        boolean overlay = state.overlayVisibleProperty().get() && a != null && covers(a, index);
        return new FrameJob(backend, v, index, a, overlay, currentRender(), state.displayScaleProperty().get(),
                timings);
    }

    private FrameJob.RenderKey currentRender() {
        return new FrameJob.RenderKey(state.renderOptions().get(), state.overlayVisibleProperty().get());
    }

    /** Decodes the playhead's frame and draws the held map over it. */
    void requestFrame() {
        AttentionMaps m = state.mapsProperty().get();
        FrameJob job = frameJob(state.analysisProperty().get());
        if (job == null) {
            return;
        }
        AttentionMaps drawn = MapDisplay.forDisplay(m, state.normalisationProperty().get());
        services.frame.submit("Frame " + job.index(), ctx -> job.run(drawn), this::show,
                e -> reporter.fail("Could not show frame " + job.index(), e));
    }

    /** Shows a frame drawn with the current maps (by a frame job, or by the rollout job that made them). */
    private void show(FrameJob.Result r) {
        state.timingTextProperty().set(timings.text(r.clipFrame() >= 0));
        state.shownClipFrameProperty().set(r.clipFrame());
        state.frameImageIndexProperty().set(r.index());
        // The resampled copy first: the canvas redraws when the frame image changes and uses it then.
        state.scaledFrameProperty().set(ScaledFrame.worthwhile(r.scale())
                ? display.show(r.image(), r.argb(), r.width(), r.height(), r.scale()) : null);
        state.frameImageProperty().set(r.image());
        if (state.mapsProperty().get() != null && r.clipFrame() >= 0) {
            FirstMapLog.shown(state.analysisProperty().get());
        }
    }

    /** Renders all clip frames with their overlays for the grid view. */
    void requestGrid() {
        ClipAnalysis a = state.analysisProperty().get();
        AttentionMaps m = MapDisplay.forDisplay(state.mapsProperty().get(), state.normalisationProperty().get());
        if (a == null || m == null) {
            return;
        }
        RenderOptions rs = state.renderOptions().get();
        services.grid.submit("Grid", new GridJob(backend, a, m, rs, state.overlayVisibleProperty().get()), g -> {
            if (state.analysisProperty().get() == a) {
                state.gridFrames().setAll(g.frames());
                state.gridOverlays().setAll(g.overlays());
            }
        }, e -> reporter.fail("Could not draw the grid", e));
    }

    /** Whether the clip's maps may be drawn on this video frame. */
    boolean covers(ClipAnalysis a, int index) {
        if (state.samplingModeProperty().get() == SamplingMode.UNIFORM) {
            return true;
        }
        int slack = Math.max(1, state.windowRateProperty().get() / 2);
        return index >= a.firstFrame() - slack && index <= a.lastFrame() + slack;
    }
}
