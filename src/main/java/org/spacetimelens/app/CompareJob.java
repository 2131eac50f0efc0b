package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.render.ComparePanes;
import org.spacetimelens.render.MapDifference;
import org.spacetimelens.render.OverlayRenderer;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.RolloutParams;

/**
 * Draws every compare pane on the playhead's frame, on a background thread: the frame is decoded once,
 * each pane's maps come from the map cache (or are rolled out and cached), each pane's map is drawn
 * over it ({@link ComparePanes}, as the compare figure draws them) and, when asked, A − B. A class-evidence
 * pane's gradients come ready ({@link CompareEvidence}): here only the cheap propagation runs. Everything it
 * needs is captured on the FX thread when the job is made.
 */
final class CompareJob {
    private static final ThreadLocal<OverlayRenderer> RENDERERS = ThreadLocal.withInitial(OverlayRenderer::new);

    /**
     * One pane's input: its analysis (the window's, or its own model's) and settings; for a class-evidence
     * map the classes it explains and their gradients ({@code gradients} null: still being computed, the pane
     * says {@code waiting} and shows no map).
     */
    record PaneInput(String label, ClipAnalysis analysis, RolloutParams params, RenderOptions render,
            boolean overlay, ClassChoice.Resolved classes, AttentionGradients gradients, String waiting) {
        PaneInput(String label, ClipAnalysis analysis, RolloutParams params, RenderOptions render, boolean overlay) {
            this(label, analysis, params, render, overlay, null, null, "");
        }
    }

    /** One pane drawn: its maps (null: none) and image, or why it has none. */
    record PaneResult(AttentionMaps maps, Image image, String message) {
    }

    /** The panes drawn on video frame {@code index} with clip frame {@code clipFrame}'s maps (-1: no map). */
    record Result(int index, int clipFrame, List<PaneResult> panes, MapDifference difference, Image differenceImage,
            String differenceMessage, String differenceUnits) {
    }

    private final AnalysisBackend backend;
    private final ClipCaches caches;
    private final VideoHandle video;
    private final int index;
    private final int clipFrame;
    private final List<PaneInput> panes;
    private final boolean difference;
    private final String outside;

    /**
     * {@code outside}: when the playhead is outside the analysed clip ({@code clipFrame} -1), what the panes
     * say instead of a map (no pane then holds maps, and A − B is not drawn); else "".
     */
    CompareJob(AnalysisBackend backend, ClipCaches caches, VideoHandle video, int index, int clipFrame,
            List<PaneInput> panes, boolean difference, String outside) {
        this.outside = outside;
        this.backend = backend;
        this.caches = caches;
        this.video = video;
        this.index = index;
        this.clipFrame = clipFrame;
        this.panes = List.copyOf(panes);
        this.difference = difference;
    }

    Result run() throws BackendException {
        BufferedImage frame = video.frame(index);
        OverlayRenderer r = RENDERERS.get();
        List<PaneResult> out = new ArrayList<>();
        List<ComparePanes.Pane> drawn = new ArrayList<>();
        Image plain = null;
        boolean away = clipFrame < 0 && !outside.isEmpty(); // the playhead is outside the analysed clip
        for (PaneInput p : panes) {
            AttentionMaps m = null;
            String message = "";
            if (away) {
                message = outside; // the single view's rule: the playhead's frame, no map of another frame
            } else if (p.analysis() != null && p.classes() != null && p.gradients() == null) {
                message = p.waiting(); // no stale map of another class meanwhile
            } else if (p.analysis() != null) {
                try {
                    m = maps(p);
                } catch (BackendException e) {
                    message = e.getMessage();
                }
            }
            ComparePanes.Pane pane = m == null ? null : new ComparePanes.Pane(p.label(), "", m,
                    p.params().normalization(), p.render(), p.analysis().crop());
            drawn.add(pane);
            int t = pane == null ? -1 : clipFrameOf(p.analysis());
            Image image;
            if (pane != null && p.overlay() && t >= 0 && t < m.frames()) {
                image = FxImages.of(ComparePanes.draw(r, frame, pane, t));
            } else {
                if (plain == null) {
                    plain = FxImages.of(frame);
                }
                image = plain;
            }
            out.add(new PaneResult(m, image, message));
        }
        MapDifference d = null;
        Image dImage = null;
        String dMessage = "";
        String units = "";
        if (difference && drawn.size() >= 2) {
            ComparePanes.Pane a = drawn.get(0);
            ComparePanes.Pane b = drawn.get(1);
            if (away) {
                dMessage = "No A − B: " + outside;
                dImage = FxImages.of(frame);
            } else if (a == null || b == null) {
                dMessage = "A − B needs the maps of both A and B";
            } else {
                try {
                    d = ComparePanes.difference(a, b);
                    units = ComparePanes.units(a, b);
                    int t = clipFrameOf(panes.get(0).analysis());
                    dImage = t >= 0 ? FxImages.of(ComparePanes.drawDifference(r, frame, d, a, t)) : FxImages.of(frame);
                } catch (IllegalArgumentException e) {
                    dMessage = "No A − B: " + e.getMessage();
                }
            }
        }
        return new Result(index, clipFrame, out, d, dImage, dMessage, units);
    }

    /** The clip frame to draw for this pane's analysis: the window's choice, or -1 outside the clip. */
    private int clipFrameOf(ClipAnalysis a) {
        return clipFrame < 0 ? -1 : a.nearestClipFrame(index);
    }

    private AttentionMaps maps(PaneInput p) throws BackendException {
        ClipCaches.MapKey key = new ClipCaches.MapKey(p.analysis().key(), p.params(), p.classes());
        AttentionMaps m = caches.maps(key);
        if (m == null) {
            m = p.classes() == null ? backend.maps(p.analysis(), p.params())
                    : backend.maps(p.analysis(), p.gradients(), p.params()); // only the propagation: milliseconds
            caches.putMaps(key, m);
        }
        return m;
    }
}
