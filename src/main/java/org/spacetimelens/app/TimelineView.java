package org.spacetimelens.app;

import java.util.List;
import javafx.beans.Observable;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.spacetimelens.rollout.AttentionMaps;

/**
 * The whole video at a glance: filmstrip thumbnails, the analysed clip's span and sampled frames,
 * a sparkline of attention mass per sampled frame, and the playhead. Press and drag to scrub
 * (the view-state's {@code scrubbing} flag is up meanwhile, so no forward pass is queued).
 */
public final class TimelineView extends Region {
    static final double HEIGHT = 114;
    private static final double SIDE = 12;
    private static final double STRIP_TOP = 8;
    private static final double STRIP_H = Filmstrip.THUMBNAIL_HEIGHT;
    private static final double SPARK_TOP = STRIP_TOP + STRIP_H + 6;
    private static final double SPARK_H = 28;

    private final ViewState state;
    /** Filmstrip layer: redrawn only when thumbnails, size or theme change (not per playhead move). */
    private final Canvas strip = new Canvas();
    private final Canvas canvas = new Canvas();

    public TimelineView(ViewState state) {
        this.state = state;
        setId("timeline");
        getStyleClass().add("timeline-view");
        getChildren().addAll(strip, canvas);
        setMinHeight(HEIGHT);
        setPrefHeight(HEIGHT);
        setMaxHeight(HEIGHT);
        for (Observable o : new Observable[] {state.thumbnails(), state.videoProperty(), state.themeProperty()}) {
            o.addListener(x -> redrawStrip());
        }
        for (Observable o : new Observable[] {state.playheadProperty(), state.videoProperty(),
                state.analysisProperty(), state.mapsProperty(), state.plannedClipProperty(), state.themeProperty(),
                state.shownClipFrameProperty()}) {
            o.addListener(x -> redraw());
        }
        setOnMousePressed(this::scrub);
        setOnMouseDragged(this::scrub);
        setOnMouseReleased(e -> state.scrubbingProperty().set(false));
    }

    @Override
    protected void layoutChildren() {
        if (strip.getWidth() != getWidth() || strip.getHeight() != getHeight()) {
            strip.setWidth(getWidth());
            strip.setHeight(getHeight());
            redrawStrip();
        }
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        redraw();
    }

    private void redrawStrip() {
        GraphicsContext g = strip.getGraphicsContext2D();
        g.clearRect(0, 0, strip.getWidth(), strip.getHeight());
        if (state.videoProperty().get() == null) {
            return;
        }
        Palette pal = Palette.of(state.themeProperty().get());
        double stripW = strip.getWidth() - 2 * SIDE;
        g.setFill(pal.border());
        g.fillRoundRect(SIDE, STRIP_TOP, stripW, STRIP_H, 6, 6);
        drawFilmstrip(g, stripW);
    }

    /** The video frame at view x. */
    public int frameAt(double x) {
        VideoMeta v = state.videoProperty().get();
        if (v == null || v.frameCount() <= 1) {
            return 0;
        }
        double u = (x - SIDE) / (getWidth() - 2 * SIDE);
        return (int) Math.max(0, Math.min(v.frameCount() - 1, Math.round(u * (v.frameCount() - 1))));
    }

    /** View x of a video frame. */
    public double xOf(int frame) {
        VideoMeta v = state.videoProperty().get();
        if (v == null || v.frameCount() <= 1) {
            return SIDE;
        }
        return SIDE + (getWidth() - 2 * SIDE) * frame / (v.frameCount() - 1.0);
    }

    private void scrub(MouseEvent e) {
        if (state.videoProperty().get() == null) {
            return;
        }
        state.scrubbingProperty().set(true);
        state.playingProperty().set(false);
        state.playheadProperty().set(frameAt(e.getX()));
    }

    private void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        Palette pal = Palette.of(state.themeProperty().get());
        g.clearRect(0, 0, w, h);
        VideoMeta v = state.videoProperty().get();
        if (v == null) {
            return;
        }
        drawClip(g, pal);
        drawSparkline(g, pal);
        g.setFill(pal.muted());
        g.setFont(Font.font(10));
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(TransportBar.time(v.durationSeconds()), w - SIDE, SPARK_TOP + SPARK_H + 3);
        g.setTextAlign(TextAlignment.LEFT);
        double px = xOf(state.playheadProperty().get());
        g.setStroke(pal.playhead());
        g.setLineWidth(2);
        g.strokeLine(px, 2, px, h - 2);
        g.setFill(pal.playhead());
        g.fillPolygon(new double[] {px - 6, px + 6, px}, new double[] {0, 0, 8}, 3);
    }

    private void drawFilmstrip(GraphicsContext g, double stripW) {
        List<Thumbnail> thumbs = state.thumbnails();
        if (thumbs.isEmpty()) {
            return;
        }
        double aspect = thumbs.get(0).image().getWidth() / thumbs.get(0).image().getHeight();
        double tileW = STRIP_H * aspect;
        int tiles = Math.max(1, (int) Math.ceil(stripW / tileW));
        tileW = stripW / tiles;
        g.save();
        g.beginPath();
        g.rect(SIDE, STRIP_TOP, stripW, STRIP_H);
        g.clip();
        g.setImageSmoothing(true);
        for (int i = 0; i < tiles; i++) {
            int frame = frameAt(SIDE + (i + 0.5) * tileW);
            Thumbnail best = thumbs.get(0);
            for (Thumbnail t : thumbs) {
                if (Math.abs(t.frame() - frame) < Math.abs(best.frame() - frame)) {
                    best = t;
                }
            }
            // Crop the thumbnail's centre to the tile's aspect instead of squashing it.
            double iw = best.image().getWidth();
            double ih = best.image().getHeight();
            double srcW = Math.min(iw, ih * tileW / STRIP_H);
            g.drawImage(best.image(), (iw - srcW) / 2, 0, srcW, ih, SIDE + i * tileW, STRIP_TOP, tileW + 0.5, STRIP_H);
        }
        g.restore();
    }

    private void drawClip(GraphicsContext g, Palette pal) {
        ClipAnalysis a = state.analysisProperty().get();
        int[] frames = a != null ? a.frameIndices() : state.plannedClipProperty().get();
        if (frames == null || frames.length == 0) {
            return;
        }
        boolean analysed = a != null;
        double x0 = xOf(frames[0]);
        double x1 = xOf(frames[frames.length - 1]);
        Color accent = pal.accent();
        g.setFill(accent.deriveColor(0, 1, 1, 0.18));
        g.fillRect(x0 - 3, STRIP_TOP, x1 - x0 + 6, STRIP_H);
        g.setStroke(accent);
        g.setLineWidth(1.5);
        g.strokeRect(x0 - 3, STRIP_TOP, x1 - x0 + 6, STRIP_H);
        int shown = state.shownClipFrameProperty().get();
        for (int t = 0; t < frames.length; t++) {
            double x = xOf(frames[t]);
            boolean current = analysed && t == shown;
            g.setStroke(current ? pal.marker() : accent);
            g.setLineWidth(current ? 2.5 : 1.5);
            g.strokeLine(x, STRIP_TOP + STRIP_H - 10, x, STRIP_TOP + STRIP_H);
            g.setFill(current ? pal.marker() : accent);
            g.fillPolygon(new double[] {x - 4, x + 4, x},
                    new double[] {STRIP_TOP + STRIP_H + 5, STRIP_TOP + STRIP_H + 5, STRIP_TOP + STRIP_H}, 3);
        }
    }

    private void drawSparkline(GraphicsContext g, Palette pal) {
        ClipAnalysis a = state.analysisProperty().get();
        AttentionMaps maps = state.mapsProperty().get();
        double base = SPARK_TOP + SPARK_H;
        g.setStroke(pal.border());
        g.setLineWidth(1);
        g.strokeLine(SIDE, base, getWidth() - SIDE, base);
        g.setFill(pal.muted());
        g.setFont(Font.font(10));
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        if (a == null || maps == null || maps.frames() != a.frameCount()) {
            return;
        }
        float[] mass = maps.massPerFrame();
        double max = 0;
        for (float m : mass) {
            max = Math.max(max, m);
        }
        if (max <= 0) {
            return;
        }
        int n = mass.length;
        double[] xs = new double[n + 2];
        double[] ys = new double[n + 2];
        for (int t = 0; t < n; t++) {
            xs[t + 1] = xOf(a.frameIndices()[t]);
            ys[t + 1] = base - 3 - (SPARK_H - 6) * mass[t] / max;
        }
        xs[0] = xs[1];
        ys[0] = base;
        xs[n + 1] = xs[n];
        ys[n + 1] = base;
        g.setFill(pal.accent().deriveColor(0, 1, 1, 0.22));
        g.fillPolygon(xs, ys, n + 2);
        g.setStroke(pal.accent());
        g.setLineWidth(1.5);
        g.strokePolyline(java.util.Arrays.copyOfRange(xs, 1, n + 1), java.util.Arrays.copyOfRange(ys, 1, n + 1), n);
        g.setFill(pal.accent());
        for (int t = 1; t <= n; t++) {
            g.fillOval(xs[t] - 2.5, ys[t] - 2.5, 5, 5);
        }
        g.setFill(pal.muted());
        g.fillText("attention mass per sampled frame", SIDE, base + 3);
    }
}
