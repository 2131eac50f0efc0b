package org.spacetimelens.app;

import java.util.List;
import javafx.beans.Observable;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.QueryToken;

/**
 * All T clip frames side by side, the published figure's layout: a row of frames and beneath it a
 * row of their overlays (wrapping after eight columns). Hover reads out the map; clicking an overlay
 * picks the query token; clicking a frame moves the playhead there.
 */
public final class GridView extends Region {
    private static final double PAD = 16;
    static final double GAP = 6;
    static final double LABEL = 20;
    private static final int MAX_COLUMNS = 8;

    private final ViewState state;
    private final Canvas canvas = new Canvas();
    private Layout layout;
    private int hoverTile = -1;
    private int[] hoverPatch;

    /** Tile geometry for the current size. */
    record Layout(int columns, double tileW, double tileH, double x0, double y0) {
        double tileX(int t) {
            return x0 + (t % columns) * (tileW + GAP);
        }

        /** Top of the frame tile of clip frame t; the overlay tile sits right beneath. */
        double frameY(int t) {
            return y0 + (t / columns) * (2 * tileH + GAP + LABEL + 2 * GAP);
        }

        double overlayY(int t) {
            return frameY(t) + tileH + GAP;
        }
    }

    public GridView(ViewState state) {
        this.state = state;
        setId("gridView");
        getStyleClass().add("frame-view");
        getChildren().add(canvas);
        for (Observable o : new Observable[] {state.gridOverlays(), state.gridFrames(), state.queryProperty(),
                state.themeProperty(), state.shownClipFrameProperty(), state.gridFullFrameProperty(),
                state.hintsProperty(), state.showTruthProperty()}) {
            o.addListener(x -> redraw());
        }
        setOnMouseMoved(this::hover);
        setOnMouseExited(e -> {
            hoverTile = -1;
            state.hoverTextProperty().set("");
            redraw();
        });
        setOnMouseClicked(this::click);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        redraw();
    }

    /**
     * The part of each source frame a tile shows, in source pixels {x, y, w, h}: the model's crop
     * (as the exported figure does) unless full frames are asked for.
     */
    double[] window() {
        ClipAnalysis a = state.analysisProperty().get();
        if (a == null) {
            return new double[] {0, 0, 1, 1};
        }
        var c = a.crop();
        if (state.gridFullFrameProperty().get()) {
            return new double[] {0, 0, c.sourceWidth(), c.sourceHeight()};
        }
        // The crop may overhang a frame smaller than the model's size; clamp to the frame.
        double x = Math.max(0, c.sourceX());
        double y = Math.max(0, c.sourceY());
        return new double[] {x, y, Math.min(c.sourceCropWidth(), c.sourceWidth() - x),
            Math.min(c.sourceCropHeight(), c.sourceHeight() - y)};
    }

    Layout tiles() {
        List<Image> overlays = state.gridOverlays();
        if (overlays.isEmpty()) {
            return null;
        }
        int n = overlays.size();
        double[] win = window();
        double aspect = win[3] / win[2];
        // Pick the column count that gives the largest tiles (8 frames: one row of 8 on a wide
        // window, two rows of 4 on a squarer one), never more than MAX_COLUMNS.
        Layout best = null;
        for (int cols = 1; cols <= Math.min(n, MAX_COLUMNS); cols++) {
            int pairs = (n + cols - 1) / cols;
            double availW = getWidth() - 2 * PAD - (cols - 1) * GAP;
            double availH = getHeight() - 2 * PAD - pairs * (GAP + LABEL) - (pairs - 1) * 2 * GAP;
            double tileW = Math.max(8, Math.min(availW / cols, availH / (2 * pairs) / aspect));
            if (best == null || tileW > best.tileW() + 0.5) {
                double tileH = tileW * aspect;
                double totalW = cols * tileW + (cols - 1) * GAP;
                double totalH = pairs * (2 * tileH + GAP + LABEL) + (pairs - 1) * 2 * GAP;
                best = new Layout(cols, tileW, tileH, (getWidth() - totalW) / 2,
                        Math.max(PAD, (getHeight() - totalH) / 2));
            }
        }
        return best;
    }

    /** View-space centre of patch (y, x) on the overlay tile of clip frame t (for tests and tools). */
    public double[] patchCentre(int t, int y, int x) {
        Layout l = tiles();
        ClipAnalysis a = state.analysisProperty().get();
        Image img = state.gridOverlays().get(t);
        TokenLocator loc = new TokenLocator(a.crop(), a.record().gridH(), a.record().gridW());
        double[] r = loc.patchRect(y, x);
        double[] win = window();
        double sx = l.tileW() / win[2];
        double sy = l.tileH() / win[3];
        assert img != null;
        return new double[] {l.tileX(t) + (r[0] + r[2] / 2 - win[0]) * sx,
            l.overlayY(t) + (r[1] + r[3] / 2 - win[1]) * sy};
    }

    private record Hit(int t, boolean overlay, int[] patch) {
    }

    private Hit hitAt(double vx, double vy) {
        Layout l = tiles();
        ClipAnalysis a = state.analysisProperty().get();
        if (l == null || a == null) {
            return null;
        }
        for (int t = 0; t < state.gridOverlays().size(); t++) {
            double x = l.tileX(t);
            if (vx < x || vx >= x + l.tileW()) {
                continue;
            }
            boolean inFrame = vy >= l.frameY(t) && vy < l.frameY(t) + l.tileH();
            boolean inOverlay = vy >= l.overlayY(t) && vy < l.overlayY(t) + l.tileH();
            if (!inFrame && !inOverlay) {
                continue;
            }
            double top = inOverlay ? l.overlayY(t) : l.frameY(t);
            double[] win = window();
            double px = win[0] + (vx - x) / l.tileW() * win[2];
            double py = win[1] + (vy - top) / l.tileH() * win[3];
            TokenLocator loc = new TokenLocator(a.crop(), a.record().gridH(), a.record().gridW());
            return new Hit(t, inOverlay, loc.patchAt(px, py));
        }
        return null;
    }

    private void hover(MouseEvent e) {
        Hit h = hitAt(e.getX(), e.getY());
        AttentionMaps maps = state.mapsProperty().get();
        ClipAnalysis a = state.analysisProperty().get();
        if (h == null || a == null) {
            hoverTile = -1;
            state.hoverTextProperty().set("");
        } else {
            hoverTile = h.t();
            hoverPatch = h.patch();
            String where = String.format("clip frame t %d · source frame %d · %.2f s", h.t(),
                    a.frameIndices()[h.t()], a.timestamps()[h.t()]);
            if (h.patch() != null && maps != null) {
                where += String.format(" · token (y %d, x %d) · value %.3f", h.patch()[0], h.patch()[1],
                        maps.at(h.t(), h.patch()[0], h.patch()[1]));
            }
            state.hoverTextProperty().set(where);
        }
        redraw();
    }

    /**
     * The longest label that fits under a tile (many small tiles for 16- and 32-frame models): frame, slot
     * t' when tubelets span frames, source frame and time; the hover text always gives them all.
     */
    static String tileLabel(ClipAnalysis a, int t, double width, Font font) {
        // One form for every tile, the one whose longest label (the last frame's) fits.
        javafx.scene.text.Text probe = new javafx.scene.text.Text();
        probe.setFont(font);
        int last = a.frameCount() - 1;
        for (int form = 0; form < 3; form++) {
            probe.setText(tileLabel(a, last, form));
            if (probe.getLayoutBounds().getWidth() <= width) {
                return tileLabel(a, t, form);
            }
        }
        return tileLabel(a, t, 3);
    }

    private static String tileLabel(ClipAnalysis a, int t, int form) {
        String slot = a.tubelet() > 1 ? " (t' " + a.slotOf(t) + ")" : "";
        return switch (form) {
            case 0 -> String.format("t %d%s · #%d · %.2f s", t, slot, a.frameIndices()[t], a.timestamps()[t]);
            case 1 -> String.format("t %d%s · #%d", t, slot, a.frameIndices()[t]);
            case 2 -> "t " + t + slot;
            default -> "t " + t;
        };
    }

    private void click(MouseEvent e) {
        Hit h = hitAt(e.getX(), e.getY());
        ClipAnalysis a = state.analysisProperty().get();
        if (h == null || a == null) {
            return;
        }
        if (h.overlay() && h.patch() != null) {
            state.queryProperty().set(QueryToken.patch(h.patch()[0], h.patch()[1], a.slotOf(h.t())));
        } else if (!h.overlay()) {
            state.playheadProperty().set(a.frameIndices()[h.t()]);
        }
    }

    /** Draws the window {@code win} (source pixels) of {@code img} into a tile. */
    private static void drawWindow(GraphicsContext g, Image img, double[] win, ClipAnalysis a, double x, double y,
            Layout l) {
        double kx = img.getWidth() / a.crop().sourceWidth();
        double ky = img.getHeight() / a.crop().sourceHeight();
        g.drawImage(img, win[0] * kx, win[1] * ky, win[2] * kx, win[3] * ky, x, y, l.tileW(), l.tileH());
    }

    private void redraw() {
        paint(canvas.getGraphicsContext2D(), canvas.getWidth(), canvas.getHeight(), true);
    }

    /** The grid as an image at {@code scale}× its size (for screenshots; FX thread). */
    public java.awt.image.BufferedImage snapshot(int scale) {
        return CanvasSnapshot.render(getWidth(), getHeight(), scale, g -> paint(g, getWidth(), getHeight(), false));
    }

    private void paint(GraphicsContext g, double w, double h, boolean withHover) {
        Palette bg = Palette.of(state.themeProperty().get());
        g.setFill(bg.background());
        g.fillRect(0, 0, w, h);
        layout = tiles();
        ClipAnalysis a = state.analysisProperty().get();
        if (layout == null || a == null) {
            return;
        }
        Palette pal = Palette.of(state.themeProperty().get());
        Layout l = layout;
        List<Image> frames = state.gridFrames();
        List<Image> overlays = state.gridOverlays();
        g.setImageSmoothing(true);
        g.setFont(Font.font(12));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.CENTER);
        int current = state.shownClipFrameProperty().get();
        double[] win = window();
        for (int t = 0; t < overlays.size(); t++) {
            double x = l.tileX(t);
            if (t < frames.size()) {
                drawWindow(g, frames.get(t), win, a, x, l.frameY(t), l);
            }
            drawWindow(g, overlays.get(t), win, a, x, l.overlayY(t), l);
            if (t == current) {
                g.setStroke(pal.accent());
                g.setLineWidth(2);
                g.strokeRect(x - 2, l.frameY(t) - 2, l.tileW() + 4, 2 * l.tileH() + GAP + 4);
            }
            g.setFill(pal.muted());
            if (t < a.frameCount()) {
                g.fillText(tileLabel(a, t, l.tileW(), g.getFont()), x + l.tileW() / 2,
                        l.overlayY(t) + l.tileH() + LABEL / 2 + 2);
            }
            double sx = l.tileW() / win[2];
            double sy = l.tileH() / win[3];
            double[] clip = {x, l.overlayY(t), l.tileW(), l.tileH()};
            int videoFrame = t < a.frameCount() ? a.frameIndices()[t] : -1;
            int[] hover = withHover && t == hoverTile ? hoverPatch : null;
            Overlays.paint(state.overlays(), g, new OverlayTile(OverlayTile.Kind.GRID, state, a, t, videoFrame,
                    x - win[0] * sx, l.overlayY(t) - win[1] * sy, sx, sy, clip, hover));
        }
    }
}
