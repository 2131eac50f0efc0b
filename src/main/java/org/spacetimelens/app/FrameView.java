package org.spacetimelens.app;

import javafx.beans.Observable;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.QueryToken;

/**
 * The centre canvas: the current frame with its overlay (already composited by the core), zoom
 * with the wheel about the cursor, pan by dragging, fit or any zoom, a hover read-out of the map
 * value and token, and a click that makes the patch under the cursor the query token.
 */
public final class FrameView extends Region {
    private static final double MIN_ZOOM = 0.05;
    private static final double MAX_ZOOM = 32;
    private static final double DRAG_SLOP = 4;

    private final ViewState state;
    private final Canvas canvas = new Canvas();
    private double panX;
    private double panY;
    private double pressX;
    private double pressY;
    private double pressPanX;
    private double pressPanY;
    private boolean dragged;
    private double hoverX = Double.NaN;
    private double hoverY = Double.NaN;

    public FrameView(ViewState state) {
        this.state = state;
        getStyleClass().add("frame-view");
        setId("frameView");
        getChildren().add(canvas);
        setMinSize(200, 150);
        setFocusTraversable(true);
        for (Observable o : new Observable[] {state.frameImageProperty(), state.zoomProperty(),
                state.fitToWindowProperty(), state.queryProperty(), state.themeProperty(), state.mapsProperty(),
                state.showTruthProperty(), state.hintsProperty()}) {
            o.addListener(x -> redraw());
        }
        state.fitToWindowProperty().addListener((o, a, fit) -> {
            if (fit) {
                panX = 0;
                panY = 0;
            }
        });
        setOnScroll(this::onScroll);
        setOnMousePressed(this::onPressed);
        setOnMouseDragged(this::onDragged);
        setOnMouseReleased(this::onReleased);
        setOnMouseMoved(e -> hover(e.getX(), e.getY()));
        setOnMouseExited(e -> {
            hoverX = Double.NaN;
            state.hoverTextProperty().set("");
            redraw();
        });
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        redraw();
    }

    /** Current scale from image pixels to view pixels. */
    public double scale() {
        Image img = state.frameImageProperty().get();
        if (img == null) {
            return 1;
        }
        if (state.fitToWindowProperty().get()) {
            double s = Math.min(getWidth() / img.getWidth(), getHeight() / img.getHeight());
            return s > 0 ? s : 1;
        }
        return state.zoomProperty().get();
    }

    /** View coordinates of image pixel (px, py). */
    public double[] toView(double px, double py) {
        Image img = state.frameImageProperty().get();
        double s = scale();
        double ox = getWidth() / 2 - img.getWidth() * s / 2 + panX;
        double oy = getHeight() / 2 - img.getHeight() * s / 2 + panY;
        return new double[] {ox + px * s, oy + py * s};
    }

    /** Image pixel under view point (vx, vy). */
    public double[] toImage(double vx, double vy) {
        Image img = state.frameImageProperty().get();
        double s = scale();
        double ox = getWidth() / 2 - img.getWidth() * s / 2 + panX;
        double oy = getHeight() / 2 - img.getHeight() * s / 2 + panY;
        return new double[] {(vx - ox) / s, (vy - oy) / s};
    }

    /** Zooms by {@code factor} keeping view point (vx, vy) fixed. */
    public void zoomAbout(double vx, double vy, double factor) {
        Image img = state.frameImageProperty().get();
        if (img == null) {
            return;
        }
        double[] p = toImage(vx, vy);
        double z = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, scale() * factor));
        state.fitToWindowProperty().set(false);
        state.zoomProperty().set(z);
        // Keep image point p under (vx, vy): solve ox + p·z = vx for the pan.
        panX = vx - (getWidth() / 2 - img.getWidth() * z / 2) - p[0] * z;
        panY = vy - (getHeight() / 2 - img.getHeight() * z / 2) - p[1] * z;
        redraw();
    }

    /** 100 %: one image pixel per view pixel, centred. */
    public void actualSize() {
        panX = 0;
        panY = 0;
        state.fitToWindowProperty().set(false);
        state.zoomProperty().set(1);
        redraw();
    }

    private void onScroll(ScrollEvent e) {
        if (e.getDeltaY() != 0) {
            zoomAbout(e.getX(), e.getY(), Math.pow(1.0015, e.getDeltaY()));
        }
        e.consume();
    }

    private void onPressed(MouseEvent e) {
        requestFocus();
        pressX = e.getX();
        pressY = e.getY();
        pressPanX = panX;
        pressPanY = panY;
        dragged = false;
    }

    private void onDragged(MouseEvent e) {
        double dx = e.getX() - pressX;
        double dy = e.getY() - pressY;
        if (!dragged && Math.hypot(dx, dy) < DRAG_SLOP) {
            return;
        }
        if (!dragged && state.fitToWindowProperty().get()) {
            state.zoomProperty().set(scale());
            state.fitToWindowProperty().set(false);
        }
        dragged = true;
        setCursor(Cursor.CLOSED_HAND);
        panX = pressPanX + dx;
        panY = pressPanY + dy;
        redraw();
    }

    private void onReleased(MouseEvent e) {
        setCursor(Cursor.DEFAULT);
        if (!dragged && e.getButton() == MouseButton.PRIMARY) {
            selectQuery(e.getX(), e.getY());
        }
    }

    /** Makes the patch under view point (vx, vy) the query token, if a map is drawn there. */
    public boolean selectQuery(double vx, double vy) {
        TokenHit hit = tokenAt(vx, vy);
        if (hit == null) {
            return false;
        }
        ClipAnalysis a = state.analysisProperty().get();
        // The query's t is the record's temporal slot t' (a tubelet covers several clip frames).
        state.queryProperty().set(QueryToken.patch(hit.y(), hit.x(), a == null ? hit.t() : a.slotOf(hit.t())));
        return true;
    }

    /** The token under a view point: patch row/column and clip frame, or null. */
    public TokenHit tokenAt(double vx, double vy) {
        Image img = state.frameImageProperty().get();
        ClipAnalysis a = state.analysisProperty().get();
        int t = state.shownClipFrameProperty().get();
        if (img == null || a == null || t < 0) {
            return null;
        }
        double[] p = toImage(vx, vy);
        // The shown image may be scaled relative to the source frame (e.g. decoded at reduced size).
        double sx = a.crop().sourceWidth() / img.getWidth();
        double sy = a.crop().sourceHeight() / img.getHeight();
        TokenLocator loc = new TokenLocator(a.crop(), a.record().gridH(), a.record().gridW());
        int[] yx = loc.patchAt(p[0] * sx, p[1] * sy);
        return yx == null ? null : new TokenHit(yx[0], yx[1], t);
    }

    /** A patch token under the pointer. */
    public record TokenHit(int y, int x, int t) {
    }

    private void hover(double vx, double vy) {
        hoverX = vx;
        hoverY = vy;
        Image img = state.frameImageProperty().get();
        if (img == null) {
            state.hoverTextProperty().set("");
            return;
        }
        double[] p = toImage(vx, vy);
        if (p[0] < 0 || p[1] < 0 || p[0] >= img.getWidth() || p[1] >= img.getHeight()) {
            state.hoverTextProperty().set("");
            redraw();
            return;
        }
        String pixel = String.format("px (%d, %d)", (int) p[0], (int) p[1]);
        TokenHit hit = tokenAt(vx, vy);
        AttentionMaps maps = state.mapsProperty().get();
        if (hit == null || maps == null) {
            state.hoverTextProperty().set(pixel + (state.shownClipFrameProperty().get() >= 0
                    ? " · outside the model's crop" : ""));
        } else {
            int idx = (hit.t() * maps.gridH() + hit.y()) * maps.gridW() + hit.x();
            ClipAnalysis a = state.analysisProperty().get();
            String t = a == null || a.tubelet() == 1 ? "t " + hit.t() : "t' " + a.slotOf(hit.t());
            state.hoverTextProperty().set(String.format("%s · token (y %d, x %d, %s) · value %.3f · raw %.3g",
                    pixel, hit.y(), hit.x(), t, maps.values()[idx], maps.raw()[idx]));
        }
        redraw();
    }

    private void redraw() {
        paint(canvas.getGraphicsContext2D(), canvas.getWidth(), canvas.getHeight(), true);
    }

    /**
     * What the canvas shows of the frame at {@code scale}× (for screenshots; FX thread): the frame's
     * visible part only, without the letterbox around it (the whole view before a frame is shown).
     */
    public java.awt.image.BufferedImage snapshot(int scale) {
        double[] r = pictured();
        double dx = r[0];
        double dy = r[1];
        return CanvasSnapshot.render(Math.max(1, r[2] - r[0]), Math.max(1, r[3] - r[1]), scale, g -> {
            g.translate(-dx, -dy);
            paint(g, getWidth(), getHeight(), false);
        });
    }

    /**
     * The part of the canvas a screenshot pictures, {x0, y0, x1, y1} in view pixels: the frame's visible
     * part (no letterbox), or the whole view before a frame is shown; then the frame's origin in the
     * view and the zoom {ox, oy, zoom}.
     */
    double[] pictured() {
        Image img = state.frameImageProperty().get();
        double x0 = 0;
        double y0 = 0;
        double x1 = getWidth();
        double y1 = getHeight();
        double[] o = {0, 0};
        double s = scale();
        if (img != null) {
            o = toView(0, 0);
            x0 = Math.max(0, Math.round(o[0]));
            y0 = Math.max(0, Math.round(o[1]));
            x1 = Math.min(getWidth(), Math.round(o[0] + img.getWidth() * s));
            y1 = Math.min(getHeight(), Math.round(o[1] + img.getHeight() * s));
        }
        return new double[] {x0, y0, x1, y1, o[0], o[1], s};
    }

    private void paint(GraphicsContext g, double w, double h, boolean withHover) {
        g.setFill(Palette.of(state.themeProperty().get()).background());
        g.fillRect(0, 0, w, h);
        Image img = state.frameImageProperty().get();
        if (img == null) {
            return;
        }
        double s = scale();
        double[] o = toView(0, 0);
        if (withHover) {
            state.displayScaleProperty().set(s); // frame jobs resample the next frames to this scale
        }
        ScaledFrame pre = withHover ? state.scaledFrameProperty().get() : null; // screenshots: full quality
        if (pre != null && pre.matches(img, s)) {
            o[0] = Math.rint(o[0]);
            o[1] = Math.rint(o[1]);
            g.drawImage(pre.image(), o[0], o[1]); // 1:1 copy: the slow part was done off the FX thread
        } else {
            g.setImageSmoothing(s < ScaledFrame.MAX_SCALE);
            g.drawImage(img, o[0], o[1], img.getWidth() * s, img.getHeight() * s);
        }
        Overlays.paint(state.overlays(), g, tile(img, s, o, withHover));
    }

    /** The frame as an overlay tile: source pixels of the video frame mapped onto the canvas. */
    private OverlayTile tile(Image img, double s, double[] o, boolean withHover) {
        ClipAnalysis a = state.analysisProperty().get();
        VideoMeta v = state.videoProperty().get();
        double sourceW = a != null ? a.crop().sourceWidth() : v != null ? v.width() : img.getWidth();
        double sourceH = a != null ? a.crop().sourceHeight() : v != null ? v.height() : img.getHeight();
        int[] hover = null;
        if (withHover && !Double.isNaN(hoverX)) {
            TokenHit hit = tokenAt(hoverX, hoverY);
            hover = hit == null ? null : new int[] {hit.y(), hit.x()};
        }
        return new OverlayTile(OverlayTile.Kind.FRAME, state, a, state.shownClipFrameProperty().get(),
                state.frameImageIndexProperty().get(), o[0], o[1], img.getWidth() / sourceW * s,
                img.getHeight() / sourceH * s, null, hover);
    }
}
