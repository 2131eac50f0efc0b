package org.spacetimelens.app;

import java.util.Arrays;
import javafx.animation.PauseTransition;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.util.Duration;
import org.spacetimelens.evaluate.FaithfulnessEvaluator;

/**
 * What the Faithfulness pane shows, kept apart from how it looks: the request the view makes now (the
 * analysed clip, the map's options, S, the class), the last finished result, and whether that result
 * still belongs to the view ({@link #currentProperty()}). While {@link #activeProperty() active} (the pane
 * is open) every change of the view asks for new curves, debounced by {@value #DEBOUNCE_MS} ms; the
 * latest request wins ({@link BackgroundService}) and a superseded run stops at its next batch. A new clip
 * being sampled cancels the run at once, since the forward pass needs the engine thread. FX thread only.
 */
final class FaithfulnessRunner {
    static final int DEBOUNCE_MS = 250;
    static final int MAX_STEPS = 200;
    /** A {@link #targetProperty()} pick: the clean clip's top class, whatever the view explains. */
    static final int TOP_CLASS = -1;

    private final ViewerController controller;
    private final ViewState state;
    private final BackgroundService<FaithfulnessResult> service;
    private final IntegerProperty steps = new SimpleIntegerProperty(this, "steps", FaithfulnessEvaluator.DEFAULT_STEPS);
    private final ObjectProperty<Integer> target = new SimpleObjectProperty<>(this, "target");
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", false);
    private final ReadOnlyObjectWrapper<FaithfulnessResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyBooleanWrapper current = new ReadOnlyBooleanWrapper(this, "current", false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final PauseTransition debounce = new PauseTransition(Duration.millis(DEBOUNCE_MS));
    private FaithfulnessRequest running;
    private FaithfulnessRequest.View failed;
    private int started;
    private FaithfulnessJob.BatchHook hook;

    FaithfulnessRunner(ViewerController controller) {
        this.controller = controller;
        this.state = controller.state();
        this.service = controller.faithfulnessService();
        debounce.setOnFinished(e -> submitNow());
        Observable[] inputs = {state.rolloutParams(), state.analysisProperty(), state.modelProperty(), steps, target,
            state.playingProperty(), state.scrubbingProperty(), state.classChoiceProperty()};
        for (Observable o : inputs) {
            o.addListener(x -> viewChanged());
        }
        state.modelProperty().addListener((o, a, b) -> target.set(null)); // another model, other classes
        state.playingProperty().addListener((o, a, b) -> {
            if (b) {
                cancelRun(); // every new clip would cancel it anyway, and it would delay their forward passes
            }
        });
        state.plannedClipProperty().addListener((o, a, b) -> {
            if (running != null && (b == null || !Arrays.equals(b, running.analysis().frameIndices()))) {
                cancelRun(); // the forward pass of the new clip waits on the engine thread
            }
        });
        active.addListener((o, a, b) -> {
            if (b) {
                viewChanged();
            } else {
                debounce.stop();
                cancelRun();
                refresh();
            }
        });
    }

    /** S of the curves (1 .. {@value #MAX_STEPS}). */
    IntegerProperty stepsProperty() {
        return steps;
    }

    /**
     * The class picked in the pane ({@link #TOP_CLASS}: the clean clip's top class), or null for the view's: the
     * class the viewer explains ({@link #viewClass()}).
     */
    ObjectProperty<Integer> targetProperty() {
        return target;
    }

    /**
     * The class the viewer explains: with the map method Class evidence, the class chosen in the prediction
     * panel (its contrast is not evaluated: the protocol follows one class); else null, the clean clip's top class.
     */
    Integer viewClass() {
        ClassChoice c = state.classChoiceProperty().get();
        return state.methodProperty().get() == org.spacetimelens.rollout.RolloutMethod.GRAD_ROLLOUT
                && c.target() != ClassChoice.TOP_CLASS ? Integer.valueOf(c.target()) : null;
    }

    /** The class the curves follow: the pane's pick, else the view's; null for the clean clip's top class. */
    Integer target() {
        Integer t = target.get() != null ? target.get() : viewClass();
        return t == null || t == TOP_CLASS ? null : t;
    }

    /** True while the pane is open: changes of the view recompute the curves. */
    BooleanProperty activeProperty() {
        return active;
    }

    /** The last finished curves, current or not (see {@link #currentProperty()}); null before the first. */
    ReadOnlyObjectProperty<FaithfulnessResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** True when {@link #resultProperty()} is for exactly the view the viewer shows now. */
    ReadOnlyBooleanProperty currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** One line on what the pane is doing or why its curves are out of date. */
    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    BackgroundService<FaithfulnessResult> service() {
        return service;
    }

    /** Jobs submitted so far (tests: a change re-runs). */
    int runsStarted() {
        return started;
    }

    /** Tests: hears each finished batch of every later run, on the engine thread. */
    void setBatchHook(FaithfulnessJob.BatchHook hook) {
        this.hook = hook;
    }

    /** The request the view makes now, or null when no clip is analysed. */
    FaithfulnessRequest request() {
        ClipAnalysis a = state.analysisProperty().get();
        ModelHandle m = controller.model();
        if (a == null || m == null || !a.key().model().equals(m.card().path())) {
            return null;
        }
        return FaithfulnessRequest.of(a, m, state.rolloutParams().get(), steps.get(), target());
    }

    /** The finished result when it belongs to the view shown now, else null (exports use this). */
    FaithfulnessResult currentResult() {
        FaithfulnessResult r = result.get();
        FaithfulnessRequest q = request();
        return r != null && q != null && r.request().view().equals(q.view()) ? r : null;
    }

    /** Computes again now, even after a failure (the pane's Recompute). */
    void recompute() {
        failed = null;
        debounce.stop();
        submitNow();
    }

    private void viewChanged() {
        refresh();
        if (active.get()) {
            debounce.playFromStart();
        }
    }

    private void submitNow() {
        if (!active.get()) {
            return;
        }
        FaithfulnessRequest q = request();
        if (q == null || moving() || currentResult() != null || q.view().equals(failed)
                || (running != null && running.view().equals(q.view()))) {
            refresh();
            return;
        }
        running = q;
        started++;
        service.submit("Faithfulness curves (S = " + q.steps() + ")", new FaithfulnessJob(q, hook), r -> {
            running = null;
            failed = null;
            result.set(r);
            refresh();
        }, e -> {
            running = null;
            failed = q.view();
            refresh();
            status.set("Could not compute the curves: " + StatusReporter.userMessage(e));
            state.messageLog().add(MessageLog.Level.ERROR, "Faithfulness", StatusReporter.userMessage(e));
        });
        refresh();
    }

    /** Playing or scrubbing: the clip is about to change, so the curves wait. */
    private boolean moving() {
        return state.playingProperty().get() || state.scrubbingProperty().get();
    }

    private void cancelRun() {
        if (running != null) {
            running = null;
            service.cancel();
        }
    }

    /** Brings {@link #currentProperty()} and the status line up to date. */
    private void refresh() {
        FaithfulnessRequest q = request();
        boolean isCurrent = currentResult() != null;
        current.set(isCurrent);
        if (q == null) {
            status.set(state.videoProperty().get() == null || state.modelProperty().get() == null
                    ? "Open a video and a model: the curves need an analysed clip."
                    : "Waiting for the clip's forward pass…");
        } else if (running != null) {
            status.set(result.get() == null ? "Computing the curves…"
                    : "Recomputing for the changed view; the curves shown are out of date.");
        } else if (isCurrent) {
            status.set("Up to date with the view.");
        } else if (active.get() && moving()) {
            status.set("Paused while the video plays or is scrubbed; computed when it stops.");
        } else if (failed != null && failed.equals(q.view())) {
            // the failure message set by the job stays
        } else if (result.get() != null) {
            status.set(active.get() ? "Out of date: recomputing shortly…"
                    : "Out of date: the view changed since these curves were computed.");
        } else {
            status.set(active.get() ? "Computing shortly…" : "Not computed.");
        }
    }
}
