package org.spacetimelens.app;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import org.spacetimelens.evaluate.ClipFaithfulness;
import org.spacetimelens.evaluate.Curves;
import org.spacetimelens.evaluate.RankingMethods;
import org.spacetimelens.pipeline.Captions;

/**
 * The Faithfulness pane (ROLLOUT.md, "Faithfulness: the perturbation protocol"): the deletion and insertion
 * curves of the map the viewer shows and of the random baseline, their AUCs in each legend, the clean and
 * empty clip's probabilities as dotted lines; S and the class to follow; and what the curves belong to.
 * Curves that no longer match the view are drawn faded under a line that says so. Colours are the theme's
 * looked-up colours, so both themes read.
 */
final class FaithfulnessPane extends VBox {
    /** Line styles: the map methods in turn, random, then the clean and empty marks. */
    private static final String[] METHOD_STYLES = {"-fx-stroke: -color-accent-fg; -fx-stroke-width: 2.5;",
        "-fx-stroke: -color-success-fg; -fx-stroke-width: 2.5;", "-fx-stroke: -color-warning-fg; -fx-stroke-width: 2.5;",
        "-fx-stroke: -color-done-fg; -fx-stroke-width: 2.5;"};
    private static final String RANDOM_STYLE = "-fx-stroke: -color-fg-muted; -fx-stroke-width: 2; "
            + "-fx-stroke-dash-array: 8 6;";
    private static final String CLEAN_STYLE = "-fx-stroke: -color-fg-subtle; -fx-stroke-width: 1.3; "
            + "-fx-stroke-dash-array: 2 4;";
    private static final String EMPTY_STYLE = "-fx-stroke: -color-fg-subtle; -fx-stroke-width: 1.3; "
            + "-fx-stroke-dash-array: 9 4 2 4;";

    /** The class combo's first entry: the class the view explains ({@link FaithfulnessRunner#viewClass()}). */
    static final int AS_VIEW = -2;

    private final FaithfulnessRunner runner;
    private final LineChart<Number, Number> deletion = chart("Deletion (lower is better)", "% of patches removed");
    private final LineChart<Number, Number> insertion = chart("Insertion (higher is better)", "% of patches inserted");
    private final FlowPane deletionLegend = legend("deletionLegend");
    private final FlowPane insertionLegend = legend("insertionLegend");
    private final Label belongs = new Label();
    private final Label summary = new Label();

    FaithfulnessPane(FaithfulnessRunner runner, ViewState state, Runnable export) {
        this.runner = runner;
        setId("faithfulnessPane");
        getStyleClass().add("faithfulness-pane");
        setSpacing(8);
        setPadding(new Insets(12));

        Spinner<Integer> steps = new Spinner<>(1, FaithfulnessRunner.MAX_STEPS, runner.stepsProperty().get());
        steps.setId("faithSteps");
        steps.setEditable(true);
        steps.setPrefWidth(90);
        steps.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                runner.stepsProperty().set(b);
            }
        });
        runner.stepsProperty().addListener((o, a, b) -> steps.getValueFactory().setValue(b.intValue()));

        ComboBox<Integer> target = new ComboBox<>();
        target.setId("faithTarget");
        target.setPrefWidth(280);
        fillClasses(target, state.modelProperty().get());
        state.modelProperty().addListener((o, a, b) -> fillClasses(target, b));
        target.valueProperty().addListener((o, a, b) -> runner.targetProperty().set(
                b == null || b == AS_VIEW ? null : b));
        runner.targetProperty().addListener((o, a, b) -> target.setValue(b == null ? AS_VIEW : b));
        target.setConverter(classNames(state, runner));
        // the first entry names the view's class: a new converter makes the combo say it again when that changes
        for (javafx.beans.Observable o : new javafx.beans.Observable[] {state.classChoiceProperty(),
                state.methodProperty()}) {
            o.addListener(x -> target.setConverter(classNames(state, runner)));
        }

        Button recompute = new Button("Recompute");
        recompute.setId("faithRecompute");
        recompute.setOnAction(e -> runner.recompute());
        Button save = new Button("Export…", Icons.icon(Icons.EXPORT));
        save.setId("faithExport");
        save.setOnAction(e -> export.run());
        save.disableProperty().bind(runner.currentProperty().not());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox controls = new HBox(10, new Label("Steps S"), steps, new Label("Class"), target, grow, recompute, save);
        controls.setAlignment(Pos.CENTER_LEFT);

        belongs.setId("faithBelongs");
        belongs.setWrapText(true);
        Label status = new Label();
        status.setId("faithStatus");
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.setWrapText(true);
        status.textProperty().bind(runner.statusProperty());
        ProgressBar progress = new ProgressBar();
        progress.setId("faithProgress");
        progress.setPrefWidth(160);
        progress.progressProperty().bind(runner.service().progressProperty());
        progress.visibleProperty().bind(runner.service().runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        HBox statusRow = new HBox(10, progress, status);
        statusRow.setAlignment(Pos.CENTER_LEFT);
        summary.setId("faithSummary");
        summary.getStyleClass().add(Styles.TEXT_SMALL);

        VBox left = new VBox(4, deletion, deletionLegend);
        VBox right = new VBox(4, insertion, insertionLegend);
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        VBox.setVgrow(deletion, Priority.ALWAYS);
        VBox.setVgrow(insertion, Priority.ALWAYS);
        HBox charts = new HBox(12, left, right);
        // Stale curves stay visible (they are still information) but faded, under a line that says so.
        VBox results = new VBox(4, charts, summary);
        VBox.setVgrow(charts, Priority.ALWAYS);
        VBox.setVgrow(results, Priority.ALWAYS);
        results.opacityProperty().bind(Bindings.when(runner.currentProperty()).then(1.0).otherwise(0.35));
        getChildren().addAll(controls, belongs, statusRow, results);

        runner.resultProperty().addListener((o, a, b) -> show(b));
        runner.currentProperty().addListener((o, a, b) -> showBelongs(runner.resultProperty().get()));
        show(runner.resultProperty().get());
    }

    LineChart<Number, Number> deletionChart() {
        return deletion;
    }

    LineChart<Number, Number> insertionChart() {
        return insertion;
    }

    /**
     * The combo's words: {@link #AS_VIEW} is the view's class ("As the view: top class…" or, for a Class evidence
     * map, the class the prediction panel chose), {@link FaithfulnessRunner#TOP_CLASS} the top class, the others a
     * class each.
     */
    private static javafx.util.StringConverter<Integer> classNames(ViewState state, FaithfulnessRunner runner) {
        return new javafx.util.StringConverter<>() {
            @Override
            public String toString(Integer i) {
                ModelSummary m = state.modelProperty().get();
                if (i != null && i >= 0 && m != null) {
                    return i + ": " + Captions.label(m.labels(), i);
                }
                if (i != null && i == FaithfulnessRunner.TOP_CLASS) {
                    return "Top class of the clip";
                }
                Integer view = runner.viewClass();
                if (view == null || m == null) {
                    return "As the view: top class of the clip";
                }
                return "As the view: " + view + ": " + Captions.label(m.labels(), view)
                        + (state.classChoiceProperty().get().hasContrast() ? " (no contrast)" : "");
            }

            @Override
            public Integer fromString(String s) {
                return null;
            }
        };
    }

    private static void fillClasses(ComboBox<Integer> box, ModelSummary m) {
        List<Integer> items = new ArrayList<>();
        items.add(AS_VIEW);
        items.add(FaithfulnessRunner.TOP_CLASS);
        if (m != null) {
            for (int i = 0; i < m.labels().size(); i++) {
                items.add(i);
            }
        }
        box.getItems().setAll(items);
        box.setValue(AS_VIEW);
    }

    private void showBelongs(FaithfulnessResult r) {
        if (r == null) {
            belongs.setText("No curves yet.");
            return;
        }
        belongs.setText((runner.currentProperty().get() ? "Curves for: " : "OUT OF DATE — curves for: ")
                + r.request().describe());
        belongs.getStyleClass().remove(Styles.WARNING);
        if (!runner.currentProperty().get()) {
            belongs.getStyleClass().add(Styles.WARNING);
        }
    }

    /** Draws a result (or clears the charts for null). */
    private void show(FaithfulnessResult r) {
        showBelongs(r);
        deletion.getData().clear();
        insertion.getData().clear();
        deletionLegend.getChildren().clear();
        insertionLegend.getChildren().clear();
        if (r == null) {
            summary.setText("");
            return;
        }
        ClipFaithfulness c = r.curves();
        int colour = 0;
        for (Map.Entry<String, Curves> e : c.methods().entrySet()) {
            String style = e.getKey().equals(RankingMethods.RANDOM) ? RANDOM_STYLE
                    : METHOD_STYLES[colour++ % METHOD_STYLES.length];
            Curves k = e.getValue();
            add(deletion, deletionLegend, String.format(Locale.ROOT, "%s (AUC %.3f)", e.getKey(), k.deletionAuc()),
                    k.deletion(), style);
            add(insertion, insertionLegend, String.format(Locale.ROOT, "%s (AUC %.3f)", e.getKey(), k.insertionAuc()),
                    k.insertion(), style);
        }
        for (var pair : List.of(new Object[] {deletion, deletionLegend}, new Object[] {insertion, insertionLegend})) {
            @SuppressWarnings("unchecked")
            LineChart<Number, Number> chart = (LineChart<Number, Number>) pair[0];
            FlowPane legend = (FlowPane) pair[1];
            add(chart, legend, String.format(Locale.ROOT, "clean clip p = %.3f", c.cleanProbability()),
                    flat(c.cleanProbability(), c.steps()), CLEAN_STYLE);
            add(chart, legend, String.format(Locale.ROOT, "empty clip p = %.3f", c.emptyProbability()),
                    flat(c.emptyProbability(), c.steps()), EMPTY_STYLE);
        }
        ModelSummary m = r.request().model().card();
        summary.setText(String.format(Locale.ROOT, "Target %s · %d patches · %d perturbed clips in %.1f s (batch %d)%s",
                Captions.label(m.labels(), c.targetClass()), c.patches(), c.forwardClips(), c.seconds(), r.batchSize(),
                verdict(c)));
    }

    /** Whether the view's map beats random on both curves (lower deletion, higher insertion AUC). */
    private static String verdict(ClipFaithfulness c) {
        Curves random = c.methods().get(RankingMethods.RANDOM);
        if (random == null || c.methods().size() < 2) {
            return "";
        }
        Map.Entry<String, Curves> map = c.methods().entrySet().iterator().next();
        boolean del = map.getValue().deletionAuc() < random.deletionAuc();
        boolean ins = map.getValue().insertionAuc() > random.insertionAuc();
        return " · " + map.getKey() + (del && ins ? " beats random on both curves"
                : del ? " beats random on deletion only" : ins ? " beats random on insertion only"
                : " does not beat random");
    }

    private static double[] flat(double p, int steps) {
        double[] v = new double[steps + 1];
        java.util.Arrays.fill(v, p);
        return v;
    }

    private static void add(LineChart<Number, Number> chart, FlowPane legend, String name, double[] y, String style) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        int steps = y.length - 1;
        for (int i = 0; i <= steps; i++) {
            s.getData().add(new XYChart.Data<>(100.0 * i / steps, y[i]));
        }
        chart.getData().add(s);
        s.getNode().setStyle(style);
        Line swatch = new Line(0, 0, 26, 0);
        swatch.setStyle(style);
        Label l = new Label(name, swatch);
        l.getStyleClass().add("faith-legend-item");
        legend.getChildren().add(l);
    }

    private static LineChart<Number, Number> chart(String title, String xLabel) {
        NumberAxis x = new NumberAxis(xLabel, 0, 100, 20);
        NumberAxis y = new NumberAxis("p(target class)", 0, 1, 0.2);
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setTitle(title);
        c.setCreateSymbols(false);
        c.setAnimated(false);
        c.setLegendVisible(false); // our own legend below: the theme's colours and the AUCs, never over a curve
        c.setMinSize(320, 260);
        c.setPrefSize(460, 360);
        c.getStyleClass().add("faith-chart");
        return c;
    }

    private static FlowPane legend(String id) {
        FlowPane p = new FlowPane(14, 4);
        p.setId(id);
        p.setPadding(new Insets(0, 0, 0, 48));
        return p;
    }
}
