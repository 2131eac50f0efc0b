package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import javafx.scene.image.Image;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.AttentionMaps;

/**
 * Decodes one video frame and draws a map over it, on a background thread. Everything it needs is
 * captured on the FX thread when the job is made, so the job never reads the view-state.
 */
final class FrameJob {
    private final AnalysisBackend backend;
    private final VideoHandle video;
    private final int index;
    private final ClipAnalysis analysis;
    private final boolean overlay;
    private final RenderKey render;
    private final double displayScale;
    private final FrameTimings timings;

    /** Render settings a shown frame was drawn with. */
    record RenderKey(RenderOptions options, boolean overlayVisible) {
    }

    /**
     * The frame shown, the clip frame whose map is drawn on it (-1: none), the image's pixels ({@code width ×
     * height} opaque ARGB, for the canvas-scale copy) and the canvas scale the job was made for.
     */
    record Result(int index, Image image, int clipFrame, RenderKey options, int[] argb, int width, int height,
            double scale) {
    }

    FrameJob(AnalysisBackend backend, VideoHandle video, int index, ClipAnalysis analysis, boolean overlay,
            RenderKey render, double displayScale, FrameTimings timings) {
        this.backend = backend;
        this.video = video;
        this.index = index;
        this.analysis = analysis;
        this.overlay = overlay;
        this.render = render;
        this.displayScale = displayScale;
        this.timings = timings;
    }

    int index() {
        return index;
    }

    Result run(AttentionMaps maps) throws BackendException {
        long t0 = System.nanoTime();
        BufferedImage frame = video.frame(index);
        long t1 = System.nanoTime();
        int t = -1;
        int[] argb;
        if (overlay && maps != null) {
            t = analysis.nearestClipFrame(index);
            frame = backend.overlay(frame, analysis, maps, t, render.options());
            argb = FxImages.argbOwned(frame); // a new image of this job's own
        } else {
            argb = FxImages.argb(frame); // the decoder's (cached) frame: copied, never written
        }
        Image image = FxImages.wrap(argb, frame.getWidth(), frame.getHeight());
        timings.decodeNanos = t1 - t0;
        timings.overlayNanos = System.nanoTime() - t1;
        return new Result(index, image, t, render, argb, frame.getWidth(), frame.getHeight(), displayScale);
    }

    /** How long the last map, decode and draw took, for the status bar (written off the FX thread). */
    static final class FrameTimings {
        volatile long mapsNanos;
        volatile long decodeNanos;
        volatile long overlayNanos;

        String text(boolean withMap) {
            return !withMap ? String.format("decode %.0f ms", decodeNanos / 1e6)
                    : String.format("rollout %.0f ms · decode %.0f ms · draw %.0f ms", mapsNanos / 1e6,
                            decodeNanos / 1e6, overlayNanos / 1e6);
        }
    }
}
