package org.spacetimelens.app;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.beans.Observable;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.spacetimelens.rollout.RolloutMethod;

/**
 * Side panel ▸ Prediction: the clip's top five classes with their probabilities, and the frames
 * they cover. When the playhead leaves those frames (or a new clip is on its way) the list greys
 * out and says so, so an old answer is never read as the current frame's.
 *
 * <p>It is also the class picker of the "Class evidence" map ({@link ClassChoice}): a click on a class
 * explains it (and shows class evidence), a shift-click contrasts with it, a second click undoes;
 * "Top class" returns to the default (the top class, no contrast).
 */
final class PredictionPane {
    static final String STALE = "stale";
    static final String TARGET = "class-target";
    static final String CONTRAST = "class-contrast";
    private final ViewState state;
    private final VBox list = new VBox(6);
    private final Label covers = new Label();
    private final Label explains = new Label();
    private final Button reset = new Button("Top class");

    private PredictionPane(ViewState state) {
        this.state = state;
    }

    static VBox create(ViewState state) {
        PredictionPane p = new PredictionPane(state);
        p.list.setId("predictions");
        p.covers.setId("predictionFrames");
        p.covers.setWrapText(true);
        p.covers.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        state.predictions().addListener((ListChangeListener<Prediction>) c -> p.fill());
        for (Observable o : List.<Observable>of(state.analysisProperty(), state.playheadProperty(),
                state.plannedClipProperty())) {
            o.addListener(x -> p.freshness());
        }
        for (Observable o : List.<Observable>of(state.classChoiceProperty(), state.analysisProperty(),
                state.methodProperty())) {
            o.addListener(x -> p.marks());
        }
        p.explains.setId("classExplained");
        p.explains.setWrapText(true);
        p.explains.getStyleClass().addAll(Styles.TEXT_SMALL);
        p.reset.setId("classReset");
        p.reset.getStyleClass().add(Styles.SMALL);
        p.reset.setFocusTraversable(false);
        p.reset.setTooltip(new Tooltip("Explain the top class again, without contrast"));
        p.reset.setOnAction(e -> state.classChoiceProperty().set(ClassChoice.TOP));
        p.reset.setMinWidth(Region.USE_PREF_SIZE); // the label wraps, the button keeps its words
        HBox pick = new HBox(Ui.GAP, p.explains, new Region(), p.reset);
        HBox.setHgrow(pick.getChildren().get(1), Priority.ALWAYS);
        pick.setAlignment(Pos.CENTER_LEFT);
        pick.visibleProperty().bind(p.explains.textProperty().isNotEmpty().or(p.reset.visibleProperty()));
        pick.managedProperty().bind(pick.visibleProperty());
        p.fill();
        return Ui.section("Prediction", Icons.CHART, p.covers, p.list, pick,
                Ui.hint("Click a class to see its evidence, shift-click another to contrast (why the first "
                        + "rather than it); click again to undo."));
    }

    /** A click on the class of row {@code p} (FX thread): picks it, and shows its class evidence. */
    void click(Prediction p, boolean shift) {
        ClipAnalysis a = state.analysisProperty().get();
        if (a == null) {
            return;
        }
        ClassChoice before = state.classChoiceProperty().get();
        int top = ClassChoice.topClass(a.logits());
        // While another map is shown a plain click only picks (the second click of a toggle would surprise).
        boolean shown = state.methodProperty().get() == RolloutMethod.GRAD_ROLLOUT;
        ClassChoice after = shown || shift ? before.click(p.classIndex(), top, shift) : before.pick(p.classIndex(), top);
        state.classChoiceProperty().set(after);
        if (!after.equals(before) || !shift) {
            state.methodProperty().set(RolloutMethod.GRAD_ROLLOUT);
        }
    }

    /** Marks the explained and the contrast class and says what the class-evidence map explains. */
    private void marks() {
        ClipAnalysis a = state.analysisProperty().get();
        ClassChoice choice = state.classChoiceProperty().get();
        reset.setVisible(!choice.equals(ClassChoice.TOP));
        reset.setManaged(reset.isVisible());
        // marked only while the map is class evidence (else the top row would look chosen for a rollout)
        boolean shown = state.methodProperty().get() == RolloutMethod.GRAD_ROLLOUT;
        ClassChoice.Resolved r = a == null || !shown ? null : choice.resolve(a);
        for (javafx.scene.Node n : list.getChildren()) {
            n.getStyleClass().removeAll(TARGET, CONTRAST);
            if (r != null && n.getUserData() instanceof Prediction p) {
                if (p.classIndex() == r.target()) {
                    n.getStyleClass().add(TARGET);
                } else if (p.classIndex() == r.contrast()) {
                    n.getStyleClass().add(CONTRAST);
                }
            }
        }
        ModelSummary m = state.modelProperty().get();
        if (r == null || m == null) {
            explains.setText("");
            return;
        }
        String text = "Class evidence: " + r.describe(m.labels())
                + (choice.target() == ClassChoice.TOP_CLASS ? " (top class)" : "");
        if (r.clash()) {
            text += " · contrast '" + ClassChoice.Resolved.label(m.labels(), choice.contrast())
                    + "' is the top class here, so none";
        }
        explains.setText(text);
    }

    /** Whether the shown predictions are not those of the clip around the playhead. */
    static boolean stale(ClipAnalysis a, int[] planned, int playhead) {
        if (a == null) {
            return false;
        }
        boolean outside = playhead < a.firstFrame() || playhead > a.lastFrame();
        boolean replaced = planned != null && !java.util.Arrays.equals(planned, a.frameIndices());
        return outside || replaced;
    }

    private void freshness() {
        ClipAnalysis a = state.analysisProperty().get();
        int p = state.playheadProperty().get();
        if (a == null || state.predictions().isEmpty()) {
            covers.setText("");
            list.getStyleClass().remove(STALE);
            list.setOpacity(1);
            return;
        }
        String span = String.format("Clip of frames %d–%d (%d sampled)", a.firstFrame(), a.lastFrame(),
                a.frameCount());
        boolean stale = stale(a, state.plannedClipProperty().get(), p);
        if (!stale) {
            covers.setText(span);
            list.getStyleClass().remove(STALE);
            list.setOpacity(1);
            return;
        }
        int[] planned = state.plannedClipProperty().get();
        boolean updating = planned != null && !java.util.Arrays.equals(planned, a.frameIndices());
        covers.setText(span + " · playhead at frame " + p + (p < a.firstFrame() || p > a.lastFrame()
                ? " is outside it" : "") + (updating ? " · new clip being analysed…" : ""));
        if (!list.getStyleClass().contains(STALE)) {
            list.getStyleClass().add(STALE);
        }
        list.setOpacity(0.4);
    }

    private void fill() {
        list.getChildren().clear();
        List<Prediction> predictions = state.predictions();
        if (predictions.isEmpty()) {
            list.getChildren().add(Ui.hint("Predictions appear once the clip is analysed."));
        }
        for (int i = 0; i < Math.min(5, predictions.size()); i++) {
            Prediction p = predictions.get(i);
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
            VBox row = new VBox(2, new HBox(6, name, pct), bar);
            row.setUserData(p);
            row.setId("class-" + p.classIndex());
            row.getStyleClass().add("class-row");
            row.setOnMouseClicked(e -> click(p, e.isShiftDown()));
            Tooltip.install(row, new Tooltip("Click: class evidence for '" + p.label() + "' · shift-click: contrast "
                    + "with it"));
            list.getChildren().add(row);
        }
        freshness();
        marks();
    }
}
