package org.spacetimelens.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.Observable;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.spacetimelens.render.Colormap;
import org.spacetimelens.render.CompareFigure;
import org.spacetimelens.render.ComparePanes;
import org.spacetimelens.render.MapDifference;

/**
 * The compare mode's centre: two or four panes (and A − B when asked) side by side on one frame, each
 * with its letter and settings on top, its colour bar, and the hover read-out: the value of every pane's
 * map under the cursor (and A − B), shown in every pane with a marker at the same point. Zoom (wheel) and
 * pan (drag) move all panes together; a click selects the pane the side panel edits.
 */
final class CompareView extends Region {
    private static final double GAP = 6;
    private static final double HEADER = 24;
    private static final double MIN_ZOOM = 0.05;
    private static final double MAX_ZOOM = 32;
    private static final double DRAG_SLOP = 4;

    private static final javafx.scene.text.Text MEASURE = measure();

    private final ViewState state;
    private final CompareMode mode;
    private final List<Cell> cells = new ArrayList<>();
    private double pressX;
    private double pressY;
    private double pressPanX;
    private double pressPanY;
    private boolean dragged;

    CompareView(ViewState state) {
        this.state = state;
        this.mode = state.compare();
        setId("compareView");
        getStyleClass().add("compare-view");
        setFocusTraversable(true);
        setMinSize(200, 150);
        for (ComparePane p : mode.panes()) {
            cells.add(new Cell(p));
        }
        cells.add(new Cell(null)); // A − B
        getChildren().addAll(cells);
        for (Observable o : new Observable[] {mode.paneCountProperty(), mode.differenceProperty()}) {
            o.addListener(x -> requestLayout());
        }
        for (Observable o : new Observable[] {mode.selectedProperty(), mode.hoverPointProperty(), mode.drawnProperty(),
                mode.panXProperty(), mode.panYProperty(), state.zoomProperty(), state.fitToWindowProperty(),
                state.themeProperty(), mode.readOutProperty()}) {
            o.addListener(x -> redraw());
        }
        state.fitToWindowProperty().addListener((o, a, fit) -> {
            if (fit) {
                mode.panXProperty().set(0);
                mode.panYProperty().set(0);
            }
        });
        mode.drawnProperty().addListener(x -> updateReadOut());
    }

    /** The cells shown now: the shown panes, then A − B when asked. */
    List<Cell> shownCells() {
        List<Cell> out = new ArrayList<>(cells.subList(0, mode.shownPanes().size()));
        if (mode.differenceProperty().get()) {
            out.add(cells.get(cells.size() - 1));
        }
        return out;
    }

    @Override
    protected void layoutChildren() {
        List<Cell> shown = shownCells();
        int cols = CompareFigure.columns(shown.size());
        int rows = (shown.size() + cols - 1) / cols;
        double w = (getWidth() - GAP * (cols + 1)) / cols;
        double h = (getHeight() - GAP * (rows + 1)) / rows;
        for (Cell c : cells) {
            c.setVisible(shown.contains(c));
            c.setManaged(shown.contains(c));
        }
        for (int i = 0; i < shown.size(); i++) {
            Cell c = shown.get(i);
            c.resizeRelocate(GAP + (i % cols) * (w + GAP), GAP + (i / cols) * (h + GAP), Math.max(1, w),
                    Math.max(1, h));
        }
        redraw();
    }

    private void redraw() {
        for (Cell c : shownCells()) {
            c.paint();
        }
    }

    /** The image every pane shows (they all draw the same frame), or null. */
    private Image image() {
        for (ComparePane p : mode.shownPanes()) {
            if (p.imageProperty().get() != null) {
                return p.imageProperty().get();
            }
        }
        return null;
    }

    /** The picture area of a cell (all cells have the same size): width and height. */
    private double[] area() {
        Cell c = shownCells().get(0);
        return new double[] {c.getWidth(), Math.max(1, c.getHeight() - HEADER)};
    }

    /** Image-to-view scale, the same in every pane. */
    double scale() {
        Image img = image();
        if (img == null) {
            return 1;
        }
        if (state.fitToWindowProperty().get()) {
            double[] a = area();
            double s = Math.min(a[0] / img.getWidth(), a[1] / img.getHeight());
            return s > 0 ? s : 1;
        }
        return state.zoomProperty().get();
    }

    /** Top-left of the image in a cell's picture area. */
    private double[] origin(Image img, double s) {
        double[] a = area();
        return new double[] {a[0] / 2 - img.getWidth() * s / 2 + mode.panXProperty().get(),
                a[1] / 2 - img.getHeight() * s / 2 + mode.panYProperty().get()};
    }

    /** Zooms all panes by {@code factor} about the point (vx, vy) of a pane's picture area. */
    void zoomAbout(double vx, double vy, double factor) {
        Image img = image();
        if (img == null) {
            return;
        }
        double s = scale();
        double[] o = origin(img, s);
        double px = (vx - o[0]) / s;
        double py = (vy - o[1]) / s;
        double z = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, s * factor));
        state.fitToWindowProperty().set(false);
        state.zoomProperty().set(z);
        double[] a = area();
        mode.panXProperty().set(vx - (a[0] / 2 - img.getWidth() * z / 2) - px * z);
        mode.panYProperty().set(vy - (a[1] / 2 - img.getHeight() * z / 2) - py * z);
    }

    /** Zooms about the centre of the panes (the + and − keys). */
    void zoomCentre(double factor) {
        double[] a = area();
        zoomAbout(a[0] / 2, a[1] / 2, factor);
    }

    /** 100 %: one image pixel per view pixel, centred. */
    void actualSize() {
        mode.panXProperty().set(0);
        mode.panYProperty().set(0);
        state.fitToWindowProperty().set(false);
        state.zoomProperty().set(1);
    }

    /** Hovering point (vx, vy) of a pane's picture area: every pane reads out its value there. */
    void hover(double vx, double vy) {
        Image img = image();
        if (img == null) {
            mode.hoverPointProperty().set(null);
        } else {
            double s = scale();
            double[] o = origin(img, s);
            double px = (vx - o[0]) / s;
            double py = (vy - o[1]) / s;
            boolean inside = px >= 0 && py >= 0 && px < img.getWidth() && py < img.getHeight();
            mode.hoverPointProperty().set(inside ? new double[] {px, py} : null);
        }
        updateReadOut();
    }

    /** Writes the read-out for the hovered point (also into the status bar's hover text). */
    private void updateReadOut() {
        String text = CompareReadOut.text(state, image(), mode.hoverPointProperty().get());
        mode.readOutProperty().set(text);
        state.hoverTextProperty().set(text);
    }

    /** One pane (or A − B): a canvas with the header, picture, marker and read-out; its colour bar on top. */
    final class Cell extends Region {
        private final ComparePane pane; // null: A − B
        private final Canvas canvas = new Canvas();
        private final Node bar;

        Cell(ComparePane pane) {
            this.pane = pane;
            setId(pane == null ? "compareCell-diff" : "compareCell-" + pane.label());
            bar = pane == null ? differenceBar() : paneBar(pane);
            bar.setMouseTransparent(true);
            getChildren().addAll(canvas, bar);
            setOnScroll(this::onScroll);
            setOnMousePressed(this::onPressed);
            setOnMouseDragged(this::onDragged);
            setOnMouseReleased(this::onReleased);
            setOnMouseMoved(e -> hover(e.getX(), e.getY() - HEADER));
            setOnMouseExited(e -> hover(Double.NaN, Double.NaN));
            if (pane != null) {
                pane.messageProperty().addListener(x -> paint());
            } else {
                mode.differenceMessageProperty().addListener(x -> paint());
            }
        }

        /** The pane this cell shows, or null for A − B. */
        ComparePane pane() {
            return pane;
        }

        @Override
        protected void layoutChildren() {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
            bar.autosize();
            bar.relocate(getWidth() - bar.getLayoutBounds().getWidth() - 8,
                    getHeight() - bar.getLayoutBounds().getHeight() - 8);
            paint();
        }

        private Image picture() {
            return pane == null ? mode.differenceImageProperty().get() : pane.imageProperty().get();
        }

        void paint() {
            GraphicsContext g = canvas.getGraphicsContext2D();
            Palette pal = Palette.of(state.themeProperty().get());
            double w = canvas.getWidth();
            double h = canvas.getHeight();
            g.setFill(pal.background());
            g.fillRect(0, 0, w, h);
            boolean selected = pane != null && mode.selectedPane() == pane;
            // header: letter and settings
            g.setFill(selected ? pal.accent() : pal.surface());
            g.fillRect(0, 0, w, HEADER);
            g.setTextBaseline(VPos.CENTER);
            g.setTextAlign(TextAlignment.LEFT);
            g.setFill(selected ? Color.WHITE : pal.foreground());
            g.setFont(Font.font(null, FontWeight.BOLD, 13));
            String letter = pane == null ? ComparePanes.DIFFERENCE : pane.label();
            g.fillText(letter, 8, HEADER / 2);
            g.setFont(Font.font(12));
            g.setFill(selected ? Color.WHITE : pal.muted());
            String summary = pane == null ? "difference, diverging scale symmetric about 0" : pane.summary();
            g.fillText(summary + (selected ? "   (editing)" : ""), pane == null ? 56 : 26, HEADER / 2, w - 34);
            Image img = picture();
            Image ref = image();
            g.save();
            g.beginPath();
            g.rect(0, HEADER, w, h - HEADER);
            g.clip();
            if (img != null && ref != null) {
                double s = scale();
                double[] o = origin(ref, s);
                g.setImageSmoothing(s < ScaledFrame.MAX_SCALE);
                g.drawImage(img, o[0], HEADER + o[1], ref.getWidth() * s, ref.getHeight() * s);
                double[] p = mode.hoverPointProperty().get();
                if (p != null) {
                    double x = o[0] + p[0] * s;
                    double y = HEADER + o[1] + p[1] * s;
                    g.setStroke(Color.WHITE);
                    g.setLineWidth(3);
                    g.strokeOval(x - 6, y - 6, 12, 12);
                    g.setStroke(Color.BLACK);
                    g.setLineWidth(1.2);
                    g.strokeOval(x - 6, y - 6, 12, 12);
                }
            }
            g.restore();
            String message = pane == null ? mode.differenceMessageProperty().get() : pane.messageProperty().get();
            if (message != null && !message.isEmpty()) {
                badge(g, message, 8, HEADER + 8, w - 16, pal);
            }
            String read = mode.readOutProperty().get();
            if (read != null && !read.isEmpty()) {
                boolean hasMessage = message != null && !message.isEmpty();
                badge(g, CompareReadOut.values(read), 8, HEADER + (hasMessage ? 36 : 8), w - 16, pal);
            }
            if (selected) {
                g.setStroke(pal.accent());
                g.setLineWidth(3);
                g.strokeRect(1.5, 1.5, w - 3, h - 3);
            }
        }

        private void badge(GraphicsContext g, String text, double x, double y, double maxW, Palette pal) {
            g.setFont(Font.font(12));
            MEASURE.setText(text);
            double tw = Math.min(maxW, MEASURE.getLayoutBounds().getWidth() + 16);
            g.setFill(Color.rgb(0, 0, 0, 0.62));
            g.fillRoundRect(x, y, tw, 22, 10, 10);
            g.setFill(Color.WHITE);
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(text, x + 8, y + 11, tw - 16);
        }

        private void onScroll(ScrollEvent e) {
            if (e.getDeltaY() != 0) {
                zoomAbout(e.getX(), e.getY() - HEADER, Math.pow(1.0015, e.getDeltaY()));
            }
            e.consume();
        }

        private void onPressed(MouseEvent e) {
            CompareView.this.requestFocus();
            pressX = e.getX();
            pressY = e.getY();
            pressPanX = mode.panXProperty().get();
            pressPanY = mode.panYProperty().get();
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
            mode.panXProperty().set(pressPanX + dx);
            mode.panYProperty().set(pressPanY + dy);
        }

        private void onReleased(MouseEvent e) {
            setCursor(Cursor.DEFAULT);
            if (!dragged && e.getButton() == MouseButton.PRIMARY && pane != null) {
                mode.selectedProperty().set(mode.panes().indexOf(pane)); // the side panel edits this pane
            }
        }
    }

    private static javafx.scene.text.Text measure() {
        javafx.scene.text.Text t = new javafx.scene.text.Text();
        t.setFont(Font.font(12));
        return t;
    }

    /** A pane's colour bar: the canvas bar of its own settings (ids cleared: the window's bar keeps them). */
    private static Node paneBar(ComparePane pane) {
        VBox box = ColourBar.canvas(pane.settings());
        clearIds(box);
        box.setId("compareBar-" + pane.label());
        box.visibleProperty().bind(pane.mapsProperty().isNotNull()); // no map (outside the clip): no scale
        box.setPrefWidth(180);
        box.setMaxWidth(180);
        return box;
    }

    /** A − B's colour bar: the diverging map from −max to +max, in the maps' units. */
    private Node differenceBar() {
        Region strip = new Region();
        strip.setPrefSize(240, 10);
        strip.setMinHeight(10);
        strip.setBackground(new Background(new BackgroundFill(ColourBar.gradient(Colormap.RDBU_R), null, null)));
        Label lo = new Label();
        Label zero = new Label("0");
        Label hi = new Label();
        Label units = new Label();
        units.setId("compareDiffUnits");
        hi.setId("compareDiffMax");
        for (Label l : List.of(lo, zero, hi, units)) {
            l.getStyleClass().add("canvas-bar-text");
        }
        Runnable text = () -> {
            MapDifference d = mode.differenceMapsProperty().get();
            lo.setText(d == null ? "−max" : String.format(Locale.ROOT, "%+.3g", -d.range()).replace('-', '−'));
            hi.setText(d == null ? "+max" : String.format(Locale.ROOT, "%+.3g", d.range()));
            units.setText("A − B (" + mode.differenceUnitsProperty().get() + ")");
        };
        mode.differenceMapsProperty().addListener(x -> text.run());
        mode.differenceUnitsProperty().addListener(x -> text.run());
        text.run();
        Region s1 = new Region();
        Region s2 = new Region();
        HBox.setHgrow(s1, Priority.ALWAYS);
        HBox.setHgrow(s2, Priority.ALWAYS);
        HBox scale = new HBox(lo, s1, zero, s2, hi);
        VBox box = new VBox(3, strip, scale, units);
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().addAll("canvas-badge", "canvas-colour-bar");
        box.setId("compareBar-diff");
        box.visibleProperty().bind(mode.differenceMapsProperty().isNotNull());
        box.setPrefWidth(260);
        box.setMaxWidth(260);
        return box;
    }

    private static void clearIds(Node n) {
        n.setId(null);
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                clearIds(c);
            }
        }
    }
}
