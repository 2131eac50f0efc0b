package org.spacetimelens.app;

import java.util.Locale;
import javafx.scene.paint.Color;
import org.spacetimelens.pipeline.Captions;
import org.spacetimelens.pipeline.Predictions;
import org.spacetimelens.render.DisplayRange;
import org.spacetimelens.render.ViewShot;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.MapNormalization;

/**
 * Describes what the centre view shows right now as a {@link ViewShot} (FX thread): the frame view's
 * visible part, zoom and frame, or the grid's layout, with every overlay and the theme's colours, so
 * the screenshot can be drawn off the FX thread by the core and re-drawn by {@code export --replay}.
 */
final class ScreenshotView {
    /** Margin around the grid's tiles in a screenshot (view pixels): room for the playhead's outline. */
    static final double GRID_MARGIN = 8;

    private ScreenshotView() {
    }

    /** The current view at {@code scale}×, with the figure's caption when {@code caption} is set. */
    static ViewShot of(ViewState state, FrameView frameView, GridView gridView, ExportJob job, int scale,
            boolean caption) {
        ClipAnalysis a = job.analysis();
        AttentionMaps maps = state.mapsProperty().get();
        MapNormalization n = state.normalisationProperty().get();
        Palette p = Palette.of(state.themeProperty().get());
        ViewShot.Theme theme = new ViewShot.Theme(state.themeProperty().get().name().toLowerCase(Locale.ROOT),
                hex(p.background()), hex(p.marker()), hex(p.accent()), hex(p.muted()));
        VideoHints hints = state.hintsProperty().get();
        boolean truth = state.showTruthProperty().get() && hints != null;
        boolean overlay = state.overlayVisibleProperty().get();
        String range = DisplayRange.autoRanged(n) ? ViewShot.AUTO : ViewShot.NORMALISED;
        double rangeMax = MapDisplay.scaleMax(maps, n);
        boolean marker = !job.rolloutParams().query().cls();
        String title = caption ? caption(state, job) : null;
        if (state.gridModeProperty().get()) {
            GridView.Layout l = gridView.tiles();
            if (l == null) {
                throw new IllegalStateException("the grid has no tiles yet");
            }
            int[] frames = a.frameIndices();
            double[][] boxes = null;
            if (truth) {
                boxes = new double[frames.length][];
                for (int t = 0; t < frames.length; t++) {
                    boxes[t] = hints.boxAt(frames[t]);
                }
            }
            // The tiles and a margin, not the empty canvas around them (as the frame view has no letterbox).
            int tiles = state.gridOverlays().size();
            int rows = (tiles + l.columns() - 1) / l.columns();
            int cols = Math.min(tiles, l.columns());
            double w = cols * l.tileW() + (cols - 1) * GridView.GAP + 2 * GRID_MARGIN;
            double h = rows * (2 * l.tileH() + GridView.GAP + GridView.LABEL) + (rows - 1) * 2 * GridView.GAP
                    + 2 * GRID_MARGIN;
            ViewShot.GridView g = new ViewShot.GridView(l.columns(), l.tileW(), l.tileH(), GRID_MARGIN, GRID_MARGIN,
                    GridView.GAP, GridView.LABEL, gridView.window(), state.gridFullFrameProperty().get(),
                    state.shownClipFrameProperty().get(), frames.clone(), boxes);
            return new ViewShot(ViewShot.GRID, scale, w, h, gridView.getWidth(), gridView.getHeight(), theme, overlay, range, rangeMax, marker, truth,
                    job.renderOptions().colorBar(), title, null, g);
        }
        double[] r = frameView.pictured();
        int index = state.frameImageIndexProperty().get();
        int t = state.shownClipFrameProperty().get();
        VideoMeta v = state.videoProperty().get();
        Double time = t >= 0 && a.frameIndices()[t] == index ? Double.valueOf(a.timestamps()[t])
                : v != null && v.fps() > 0 ? Double.valueOf(v.secondsOf(index)) : null;
        double[] box = truth ? hints.boxAt(index) : null;
        ViewShot.FrameView f = new ViewShot.FrameView(index, time, overlay ? t : -1,
                t >= 0 ? Integer.valueOf(a.frameIndices()[t]) : null, r[4] - r[0], r[5] - r[1], r[6], box);
        return new ViewShot(ViewShot.FRAME, scale, Math.max(1, r[2] - r[0]), Math.max(1, r[3] - r[1]),
                frameView.getWidth(), frameView.getHeight(), theme,
                overlay && t >= 0, range, rangeMax, marker, truth && box != null, job.renderOptions().colorBar(),
                title, f, null);
    }

    /** The contact sheet's title line for this view: model, method, layers, heads, top class. */
    static String caption(ViewState state, ExportJob job) {
        ModelSummary m = state.modelProperty().get();
        ClipAnalysis a = job.analysis();
        Prediction top = a.predictions().isEmpty() ? null : a.predictions().get(0);
        return Captions.caption(Captions.modelName(job.model().card().path()), job.rolloutParams(),
                m == null ? job.rolloutParams().upToLayer() + 1 : m.layers(),
                top == null ? null : new Predictions.Prediction(top.classIndex(), top.label(), top.probability())).line();
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", (int) Math.round(c.getRed() * 255),
                (int) Math.round(c.getGreen() * 255), (int) Math.round(c.getBlue() * 255));
    }
}
