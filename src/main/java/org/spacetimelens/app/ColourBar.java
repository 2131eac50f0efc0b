package org.spacetimelens.app;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;
import org.spacetimelens.render.Colormap;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.MapNormalization;

/** The colour bar of Side panel ▸ Display and of the canvas, with numbers that say what the colours mean under the normalisation. */
final class ColourBar {
    private ColourBar() {
    }

    static VBox create(ViewState state) {
        return build(state, "", 12);
    }

    /** The colour bar drawn on the canvas (View ▸ Colour bar on the canvas), same numbers as the panel's. */
    static VBox canvas(ViewState state) {
        VBox box = build(state, "canvas-", 10);
        box.setId("canvasColourBarBox");
        box.getStyleClass().addAll("canvas-badge", "canvas-colour-bar");
        box.setMaxSize(220, Region.USE_PREF_SIZE);
        box.setPrefWidth(220);
        return box;
    }

    /** Bar and scale; {@code idPrefix} keeps the two bars' ids apart ("colourBar", "canvas-colourBar"). */
    private static VBox build(ViewState state, String idPrefix, double height) {
        Region bar = new Region();
        bar.setId(idPrefix + "colourBar");
        bar.setPrefHeight(height);
        bar.setMinHeight(height);
        Runnable paint = () -> bar.setBackground(new Background(new BackgroundFill(gradient(
                state.colormapProperty().get()), null, null)));
        state.colormapProperty().addListener((o, a, b) -> paint.run());
        paint.run();
        StackPane barBox = new StackPane(bar);
        barBox.getStyleClass().add("colour-bar");
        Label lo = new Label("0");
        Label mid = new Label();
        Label hi = new Label();
        hi.setId(idPrefix + "barMax");
        mid.setId(idPrefix + "barUnits");
        for (Label l : List.of(lo, mid, hi)) {
            l.getStyleClass().addAll(Styles.TEXT_SMALL, idPrefix.isEmpty() ? Styles.TEXT_MUTED : "canvas-bar-text");
        }
        Runnable scaleText = () -> {
            AttentionMaps m = state.mapsProperty().get();
            switch (state.normalisationProperty().get()) {
                case GLOBAL_MAX -> {
                    mid.setText("fraction of the clip's max");
                    hi.setText("1");
                }
                case PER_FRAME -> {
                    mid.setText("fraction of each frame's max");
                    hi.setText("1");
                }
                case NONE -> {
                    // Auto-ranged: the bar runs from 0 to the clip's largest raw mass (MapDisplay).
                    mid.setText("raw rollout mass");
                    hi.setText(m == null ? "max" : String.format("%.3g", MapDisplay.scaleMax(m,
                            MapNormalization.NONE)));
                }
                default -> { }
            }
        };
        state.normalisationProperty().addListener((o, a, b) -> scaleText.run());
        state.mapsProperty().addListener((o, a, b) -> scaleText.run());
        scaleText.run();
        Region s1 = new Region();
        Region s2 = new Region();
        HBox.setHgrow(s1, Priority.ALWAYS);
        HBox.setHgrow(s2, Priority.ALWAYS);
        return new VBox(3, barBox, new HBox(lo, s1, mid, s2, hi));
    }

    /** The colormap's table as a left-to-right gradient (display only; the table is the core's). */
    static LinearGradient gradient(Colormap map) {
        List<Stop> stops = new ArrayList<>();
        for (int i = 0; i < Colormap.SIZE; i += 5) {
            int argb = map.argbAt(i);
            stops.add(new Stop(i / (Colormap.SIZE - 1.0), Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF,
                    argb & 0xFF)));
        }
        int last = map.argbAt(Colormap.SIZE - 1);
        stops.add(new Stop(1, Color.rgb((last >> 16) & 0xFF, (last >> 8) & 0xFF, last & 0xFF)));
        return new LinearGradient(0, 0, 1, 0, true, CycleMethod.NO_CYCLE, stops);
    }
}
