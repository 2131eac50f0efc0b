package org.spacetimelens.app;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.util.Arrays;
import java.util.List;
import javafx.beans.Observable;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.RangeSlider;
import org.spacetimelens.render.Blend;
import org.spacetimelens.render.Colormap;
import org.spacetimelens.render.Upsampling;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.HeadFusion;
import org.spacetimelens.rollout.MapNormalization;
import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.rollout.RolloutMethod;

/**
 * The right-hand panel: model card, top-5 predictions, and every map and display option, each
 * control bound to the view-state (the panel itself decides nothing).
 */
public final class SidePanel extends ScrollPane {
    static final double WIDTH = 340;

    private final ViewState state;
    private final FlowPane headChips = new FlowPane(6, 6);
    private final VBox predictions = new VBox(6);
    private final GridPane card = new GridPane();
    private final Label modelName = new Label("No model");

    public SidePanel(ViewState state) {
        this.state = state;
        setId("sidePanel");
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        setMinWidth(WIDTH);
        setPrefWidth(WIDTH);
        getStyleClass().addAll("side-panel", Tweaks.EDGE_TO_EDGE);
        VBox content = new VBox(
                modelSection(), new Separator(),
                predictionSection(), new Separator(),
                mapSection(), new Separator(),
                optionSection(), new Separator(),
                displaySection(), new Separator(),
                samplingSection());
        content.getStyleClass().add("side-content");
        setContent(content);
    }

    // --- model card -----------------------------------------------------------------------------

    private VBox modelSection() {
        modelName.getStyleClass().addAll(Styles.TITLE_4);
        modelName.setId("modelName");
        modelName.setWrapText(true);
        card.setHgap(10);
        card.setVgap(3);
        ColumnConstraints c0 = new ColumnConstraints(Ui.LABEL_WIDTH);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        card.getColumnConstraints().setAll(c0, c1);
        state.modelProperty().addListener((o, a, m) -> fillCard(m));
        fillCard(null);
        return Ui.section("Model", Icons.MODEL, modelName, card);
    }

    private void fillCard(ModelCard m) {
        card.getChildren().clear();
        if (m == null) {
            modelName.setText("No model loaded");
            card.add(Ui.hint("Open a checkpoint (File ▸ Open model…) or drop it on the window."), 0, 0, 2, 1);
            return;
        }
        modelName.setText(m.name());
        String[][] rows = {
            {"Attention", m.attentionType().replace('_', ' ')},
            {"Input", m.frames() + " frames · " + m.imageSize() + " px · patch " + m.patchSize()},
            {"Grid", m.gridSize() + " × " + m.gridSize() + " tokens / frame"},
            {"Depth", m.layers() + " layers · " + m.heads() + " heads · width " + m.hiddenSize()},
            {"Parameters", formatCount(m.parameters())},
            {"Classes", String.valueOf(m.labels().size())},
            {"Device", m.device()},
            {"Load time", String.format("%.2f s", m.loadSeconds())},
        };
        for (int i = 0; i < rows.length; i++) {
            Label k = new Label(rows[i][0]);
            k.getStyleClass().addAll(Styles.TEXT_MUTED);
            Label v = new Label(rows[i][1]);
            v.setWrapText(true);
            card.add(k, 0, i);
            card.add(v, 1, i);
        }
        Tooltip.install(modelName, new Tooltip(m.path().toString()));
    }

    static String formatCount(long n) {
        if (n >= 1_000_000) {
            return String.format("%.1f M", n / 1e6);
        }
        if (n >= 1_000) {
            return String.format("%.1f k", n / 1e3);
        }
        return Long.toString(n);
    }

    // --- predictions ----------------------------------------------------------------------------

    private VBox predictionSection() {
        predictions.setId("predictions");
        state.predictions().addListener((ListChangeListener<Prediction>) c -> fillPredictions());
        fillPredictions();
        return Ui.section("Prediction", Icons.CHART, predictions);
    }

    private void fillPredictions() {
        predictions.getChildren().clear();
        List<Prediction> list = state.predictions();
        if (list.isEmpty()) {
            predictions.getChildren().add(Ui.hint("Predictions appear once the clip is analysed."));
            return;
        }
        for (int i = 0; i < Math.min(5, list.size()); i++) {
            Prediction p = list.get(i);
            Label name = new Label(p.label());
            name.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(name, Priority.ALWAYS);
            if (i == 0) {
                name.getStyleClass().add(Styles.TEXT_BOLD);
            }
            Label pct = new Label(String.format("%.1f %%", 100 * p.probability()));
            pct.getStyleClass().add("value-label");
            ProgressBar bar = new ProgressBar(p.probability());
            bar.setMaxWidth(Double.MAX_VALUE);
            bar.getStyleClass().add(Styles.SMALL);
            if (i > 0) {
                bar.getStyleClass().add("muted-bar");
            }
            predictions.getChildren().add(new VBox(2, new HBox(6, name, pct), bar));
        }
    }

    // --- map: method, layers, heads, query ------------------------------------------------------

    private VBox mapSection() {
        // GRAD_ROLLOUT needs attention gradients, which the viewer does not compute yet (issue 12's viewer part)
        HBox method = Ui.segmented(List.of(RolloutMethod.ROLLOUT, RolloutMethod.SPATIAL, RolloutMethod.TEMPORAL),
                state.methodProperty(), SidePanel::methodLabel, "method");
        RangeSlider range = new RangeSlider(1, 12, 1, 12);
        range.setId("layerRange");
        range.setShowTickMarks(true);
        range.setMajorTickUnit(1);
        range.setMinorTickCount(0);
        range.setSnapToTicks(true);
        range.setBlockIncrement(1);
        range.setFocusTraversable(false);
        Slider single = new Slider(1, 12, 12);
        single.setId("layerSlider");
        single.setShowTickMarks(true);
        single.setMajorTickUnit(1);
        single.setMinorTickCount(0);
        single.setSnapToTicks(true);
        single.setFocusTraversable(false);
        Label layerLabel = new Label();
        layerLabel.setId("layerLabel");
        layerLabel.getStyleClass().add("value-label");
        HBox upTo = Ui.segmented(List.of(Boolean.FALSE, Boolean.TRUE), state.singleLayerProperty(),
                b -> b ? "Only ℓ" : "Up to ℓ", "layerMode");
        StackPane sliders = new StackPane(range, single);
        Runnable syncLayers = () -> {
            ModelCard m = state.modelProperty().get();
            int layers = m == null ? 12 : m.layers();
            boolean rollout = state.methodProperty().get() == RolloutMethod.ROLLOUT;
            boolean only = !rollout || state.singleLayerProperty().get();
            range.setMax(layers);
            single.setMax(layers);
            range.setHighValue(state.layerProperty().get() + 1);
            range.setLowValue(state.startLayerProperty().get() + 1);
            single.setValue(state.layerProperty().get() + 1);
            range.setVisible(!only);
            single.setVisible(only);
            upTo.setDisable(!rollout);
            int l = state.layerProperty().get() + 1;
            int s = state.startLayerProperty().get() + 1;
            layerLabel.setText(only ? "layer " + l : s == l ? "layer " + l + " only" : "layers " + s + "–" + l);
        };
        for (Observable o : new Observable[] {state.modelProperty(), state.methodProperty(),
                state.singleLayerProperty(), state.layerProperty(), state.startLayerProperty()}) {
            o.addListener(x -> syncLayers.run());
        }
        syncLayers.run();
        range.highValueProperty().addListener((o, a, b) -> state.layerProperty().set((int) Math.round(b.doubleValue()) - 1));
        range.lowValueProperty().addListener((o, a, b) -> {
            if (range.isVisible()) {
                state.startLayerProperty().set((int) Math.round(b.doubleValue()) - 1);
            }
        });
        single.valueProperty().addListener((o, a, b) -> state.layerProperty().set((int) Math.round(b.doubleValue()) - 1));
        HBox layerHead = new HBox(Ui.GAP, upTo, new Region(), layerLabel);
        HBox.setHgrow(layerHead.getChildren().get(1), Priority.ALWAYS);
        layerHead.setAlignment(Pos.CENTER_LEFT);

        headChips.setId("headChips");
        state.modelProperty().addListener((o, a, m) -> buildChips());
        state.heads().addListener((SetChangeListener<Integer>) c -> styleChips());
        buildChips();
        HBox fusion = Ui.segmented(List.of(HeadFusion.values()), state.fusionProperty(), Ui::pretty, "fusion");
        Button allHeads = new Button("All heads");
        allHeads.setId("allHeads");
        allHeads.setMinWidth(Region.USE_PREF_SIZE);
        allHeads.setOnAction(e -> {
            ModelCard m = state.modelProperty().get();
            if (m != null) {
                for (int h = 0; h < m.heads(); h++) {
                    state.heads().add(h);
                }
            }
        });
        allHeads.setFocusTraversable(false);
        HBox fusionRow = new HBox(Ui.GAP, fusion, allHeads);
        fusionRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(fusion, Priority.ALWAYS);

        Label query = new Label();
        query.setId("queryLabel");
        query.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            QueryToken q = state.queryProperty().get();
            return q.cls() ? "CLS token" : String.format("patch (y %d, x %d, t %d)", q.y(), q.x(), q.t());
        }, state.queryProperty()));
        query.setGraphic(Icons.icon(Icons.QUERY, 14));
        Button reset = new Button("CLS");
        reset.setId("resetQuery");
        reset.getStyleClass().addAll(Styles.SMALL);
        reset.setTooltip(new Tooltip("Back to the CLS token (Esc)"));
        reset.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> state.queryProperty().get().cls(), state.queryProperty()));
        reset.setOnAction(e -> state.queryProperty().set(QueryToken.CLS));
        reset.setFocusTraversable(false);
        HBox queryRow = new HBox(Ui.GAP, query, new Region(), reset);
        HBox.setHgrow(queryRow.getChildren().get(1), Priority.ALWAYS);
        queryRow.setAlignment(Pos.CENTER_LEFT);

        return Ui.section("Map", Icons.LAYERS, method, sub("Layers"), layerHead, sliders, sub("Heads"), headChips,
                fusionRow, Ui.hint("Click a head to toggle it, double-click to solo it."), sub("Query token"),
                queryRow, Ui.hint("Click a patch on the frame to roll out from it."));
    }

    private static Label sub(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("sub-title");
        return l;
    }

    static String methodLabel(RolloutMethod m) {
        return switch (m) {
            case ROLLOUT -> "Rollout";
            case SPATIAL -> "Spatial";
            case TEMPORAL -> "Temporal";
            case GRAD_ROLLOUT -> "Class evidence";
        };
    }

    private void buildChips() {
        headChips.getChildren().clear();
        ModelCard m = state.modelProperty().get();
        if (m == null) {
            return;
        }
        for (int h = 0; h < m.heads(); h++) {
            int head = h;
            Label chip = new Label(String.valueOf(h + 1));
            chip.setId("head-" + h);
            chip.getStyleClass().add("head-chip");
            chip.setAlignment(Pos.CENTER);
            chip.setTooltip(new Tooltip("Head " + (h + 1) + ": click toggles, double-click solos"));
            chip.setOnMouseClicked(e -> {
                if (e.getButton() != MouseButton.PRIMARY) {
                    return;
                }
                if (e.getClickCount() >= 2) {
                    state.soloHead(head, m.heads());
                } else {
                    state.toggleHead(head);
                }
            });
            headChips.getChildren().add(chip);
        }
        styleChips();
    }

    private void styleChips() {
        for (int i = 0; i < headChips.getChildren().size(); i++) {
            var chip = headChips.getChildren().get(i);
            chip.getStyleClass().remove("selected");
            if (state.heads().contains(i)) {
                chip.getStyleClass().add("selected");
            }
        }
    }

    // --- rollout options ------------------------------------------------------------------------

    private VBox optionSection() {
        return Ui.section("Rollout options", Icons.TUNE,
                Ui.row("Discard ratio", Ui.slider(state.discardRatioProperty(), 0, 0.95, "%.2f", "discardRatio",
                        "Zero the lowest fraction of each fused map before the residual (diagonal kept)")),
                Ui.row("Residual α", Ui.slider(state.residualWeightProperty(), 0, 1, "%.2f", "residualWeight",
                        "Each map becomes α·A + (1−α)·I; 0.5 is the published recipe")),
                Ui.row("Normalise", Ui.combo(List.of(MapNormalization.values()), state.normalisationProperty(),
                        SidePanel::normLabel, "normalisation")));
    }

    static String normLabel(MapNormalization n) {
        return switch (n) {
            case GLOBAL_MAX -> "Global max";
            case PER_FRAME -> "Per frame";
            case NONE -> "None (raw mass)";
        };
    }

    // --- display --------------------------------------------------------------------------------

    private VBox displaySection() {
        Region bar = new Region();
        bar.setId("colourBar");
        bar.setPrefHeight(12);
        bar.setMinHeight(12);
        Runnable paint = () -> bar.setBackground(new Background(new BackgroundFill(gradient(
                state.colormapProperty().get()), null, null)));
        state.colormapProperty().addListener((o, a, b) -> paint.run());
        paint.run();
        StackPane barBox = new StackPane(bar);
        barBox.getStyleClass().add("colour-bar");
        Label lo = new Label("0");
        Label mid = new Label();
        Label hi = new Label();
        hi.setId("barMax");
        for (Label l : List.of(lo, mid, hi)) {
            l.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        }
        // The bar's numbers say what the colours mean under the chosen normalisation.
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
                    mid.setText("raw rollout mass (clamped at 1)");
                    float max = 0;
                    if (m != null) {
                        for (float v : m.values()) {
                            max = Math.max(max, v);
                        }
                    }
                    hi.setText(m == null ? "1" : String.format("1 (max %.3g)", max));
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
        HBox scale = new HBox(lo, s1, mid, s2, hi);
        VBox barWithScale = new VBox(3, barBox, scale);

        CheckBox weighted = new CheckBox("Weight opacity by value");
        weighted.setId("valueWeighted");
        weighted.selectedProperty().bindBidirectional(state.valueWeightedProperty());
        weighted.disableProperty().bind(state.blendProperty().isNotEqualTo(Blend.ALPHA));
        weighted.setFocusTraversable(false);
        CheckBox grid = new CheckBox("Show token grid");
        grid.setId("tokenGrid");
        grid.selectedProperty().bindBidirectional(state.tokenGridProperty());
        grid.setFocusTraversable(false);
        CheckBox visible = new CheckBox("Show overlay");
        visible.setId("overlayVisible");
        visible.selectedProperty().bindBidirectional(state.overlayVisibleProperty());
        visible.setFocusTraversable(false);

        HBox opacity = Ui.slider(state.opacityProperty(), 0, 1, "%.2f", "opacity", "Heat weight of the alpha blend");
        opacity.disableProperty().bind(state.blendProperty().isNotEqualTo(Blend.ALPHA));
        return Ui.section("Display", Icons.PALETTE,
                Ui.row("Colormap", Ui.combo(Arrays.asList(Colormap.values()), state.colormapProperty(),
                        Colormap::id, "colormap")),
                barWithScale,
                Ui.row("Blend", Ui.combo(List.of(Blend.values()), state.blendProperty(), SidePanel::blendLabel,
                        "blend")),
                Ui.row("Opacity", opacity),
                weighted,
                Ui.row("Upsampling", Ui.combo(List.of(Upsampling.values()), state.upsamplingProperty(),
                        u -> u == Upsampling.BILINEAR ? "Bilinear (smooth)" : "Nearest (tokens)", "upsampling")),
                new HBox(16, visible, grid));
    }

    static String blendLabel(Blend b) {
        return switch (b) {
            case ADDITIVE -> "Additive (paper)";
            case ALPHA -> "Alpha over";
            case CONTOUR -> "Contours";
        };
    }

    /** The colormap's table as a left-to-right gradient (display only; the table is the core's). */
    static LinearGradient gradient(Colormap map) {
        List<Stop> stops = new java.util.ArrayList<>();
        for (int i = 0; i < Colormap.SIZE; i += 5) {
            int argb = map.argbAt(i);
            stops.add(new Stop(i / (Colormap.SIZE - 1.0), Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF,
                    argb & 0xFF)));
        }
        int last = map.argbAt(Colormap.SIZE - 1);
        stops.add(new Stop(1, Color.rgb((last >> 16) & 0xFF, (last >> 8) & 0xFF, last & 0xFF)));
        return new LinearGradient(0, 0, 1, 0, true, CycleMethod.NO_CYCLE, stops);
    }

    // --- sampling -------------------------------------------------------------------------------

    private VBox samplingSection() {
        HBox mode = Ui.segmented(List.of(SamplingMode.values()), state.samplingModeProperty(), Ui::pretty,
                "sampling");
        Spinner<Integer> rate = new Spinner<>(1, 64, state.windowRateProperty().get());
        rate.setId("windowRate");
        rate.setEditable(false);
        rate.setFocusTraversable(false);
        rate.getStyleClass().add(Spinner.STYLE_CLASS_SPLIT_ARROWS_HORIZONTAL);
        rate.valueProperty().addListener((o, a, b) -> state.windowRateProperty().set(b));
        state.windowRateProperty().addListener((o, a, b) -> rate.getValueFactory().setValue(b.intValue()));
        rate.disableProperty().bind(state.samplingModeProperty().isEqualTo(SamplingMode.UNIFORM));
        rate.setMaxWidth(Double.MAX_VALUE);
        Label frames = Ui.hint("");
        frames.setId("clipFrames");
        Runnable syncFrames = () -> {
            int[] f = state.plannedClipProperty().get();
            frames.setText(f == null ? "No clip yet." : f.length + " frames: " + Arrays.toString(f)
                    .replace("[", "").replace("]", ""));
        };
        state.plannedClipProperty().addListener((o, a, b) -> syncFrames.run());
        syncFrames.run();
        VBox box = Ui.section("Sampling", Icons.FILMSTRIP, mode, Ui.row("Window rate", rate), frames,
                Ui.hint("Uniform: the published sampler over the whole video. Window: T frames every "
                        + "'rate' frames around the playhead."));
        box.setPadding(new Insets(12, 14, 18, 14));
        return box;
    }
}
