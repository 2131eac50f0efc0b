package org.spacetimelens.app;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.Observable;

/**
 * Runs the compare mode: entering it gives pane A the window's map settings and the other panes a copy
 * (leaving it gives the window pane A's);
 * selecting a pane puts its settings into the window's state (which the side panel edits) and every
 * edit is copied back into the selected pane; any change of a pane, the playhead or the analysis draws
 * all panes again in one background job ({@link CompareJob}, latest request wins), on the maps thread
 * right after the window's own rollout, whose cached maps it then reuses.
 */
final class CompareController {
    private final ViewState state;
    private final CompareMode mode;
    private final AnalysisBackend backend;
    private final ViewerServices services;
    private final ClipCaches caches;
    private final DisplayPipeline display;
    private final Supplier<VideoHandle> video;
    private final StatusReporter reporter;
    private boolean pending;
    private boolean copying;

    CompareController(ViewState state, AnalysisBackend backend, ViewerServices services, ClipCaches caches,
            DisplayPipeline display, Supplier<VideoHandle> video, StatusReporter reporter) {
        this.state = state;
        this.mode = state.compare();
        this.backend = backend;
        this.services = services;
        this.caches = caches;
        this.display = display;
        this.video = video;
        this.reporter = reporter;
        wire();
    }

    private void wire() {
        mode.activeProperty().addListener((o, a, on) -> {
            if (on) {
                enter();
            } else {
                services.compare.cancel();
                copy(mode.panes().get(0).settings(), state); // the single view is pane A again
                display.requestFrame(); // the single view draws again
            }
        });
        mode.selectedProperty().addListener((o, a, b) -> {
            if (mode.activeProperty().get()) {
                copy(mode.selectedPane().settings(), state); // the side panel now edits this pane
            }
        });
        // the side panel edits the window's state: keep the selected pane equal to it
        state.rolloutParams().addListener((Observable o) -> syncSelected());
        state.renderOptions().addListener((Observable o) -> syncSelected());
        state.modelProperty().addListener((o, a, card) -> {
            for (ComparePane p : mode.panes()) {
                p.settings().modelProperty().set(card);
                if (card != null) {
                    p.settings().resetForModel(card);
                }
            }
        });
        for (ComparePane p : mode.panes()) {
            p.settings().rolloutParams().addListener((Observable o) -> schedule());
            p.settings().renderOptions().addListener((Observable o) -> schedule());
        }
        for (Observable o : new Observable[] {state.playheadProperty(), state.analysisProperty(),
                state.overlayVisibleProperty(), mode.differenceProperty(), mode.paneCountProperty()}) {
            o.addListener(x -> schedule());
        }
        state.gridModeProperty().addListener((o, a, grid) -> {
            if (grid) {
                mode.activeProperty().set(false); // one centre view at a time
            }
        });
    }

    /** Pane A takes the window's settings, the others a copy; A is selected. */
    private void enter() {
        state.gridModeProperty().set(false);
        for (ComparePane p : mode.panes()) {
            p.settings().modelProperty().set(state.modelProperty().get());
            copy(state, p.settings());
        }
        mode.selectedProperty().set(0);
        request();
    }

    private void syncSelected() {
        if (mode.activeProperty().get() && !copying) {
            copy(state, mode.selectedPane().settings());
        }
    }

    private void copy(ViewState from, ViewState to) {
        copying = true;
        try {
            ComparePane.copySettings(from, to);
        } finally {
            copying = false;
        }
    }

    /** Several properties often change together (a pane selected, a model reset): one request. */
    private void schedule() {
        if (!pending && mode.activeProperty().get()) {
            pending = true;
            Platform.runLater(() -> {
                pending = false;
                request();
            });
        }
    }

    /** True while a draw is asked for but not yet submitted (the controller's busy check). */
    boolean pending() {
        return pending;
    }

    /** Draws every shown pane on the playhead's frame (and A − B when asked). */
    void request() {
        ClipAnalysis a = state.analysisProperty().get();
        VideoHandle v = video.get();
        if (!mode.activeProperty().get() || v == null) {
            return;
        }
        int index = state.playheadProperty().get();
        int clipFrame = a != null && display.covers(a, index) ? a.nearestClipFrame(index) : -1;
        List<CompareJob.PaneInput> inputs = new ArrayList<>();
        for (ComparePane p : mode.shownPanes()) {
            ViewState s = p.settings();
            inputs.add(new CompareJob.PaneInput(p.label(), a, s.rolloutParams().get(), s.renderOptions().get(),
                    state.overlayVisibleProperty().get()));
        }
        CompareJob job = new CompareJob(backend, caches, v, index, clipFrame, inputs, mode.differenceProperty().get());
        services.compare.submit("Compare", ctx -> job.run(), r -> accept(a, r),
                e -> reporter.fail("Could not draw the compare panes", e));
    }

    private void accept(ClipAnalysis a, CompareJob.Result r) {
        if (state.analysisProperty().get() != a || !mode.activeProperty().get()) {
            return;
        }
        List<ComparePane> shown = mode.shownPanes();
        for (int i = 0; i < r.panes().size() && i < shown.size(); i++) {
            CompareJob.PaneResult pr = r.panes().get(i);
            ComparePane p = shown.get(i);
            p.mapsProperty().set(pr.maps());
            p.settings().mapsProperty().set(pr.maps()); // the pane's colour bar reads it
            p.messageProperty().set(pr.message());
            p.imageProperty().set(pr.image());
        }
        mode.differenceMapsProperty().set(r.difference());
        mode.differenceUnitsProperty().set(r.differenceUnits());
        mode.differenceMessageProperty().set(r.differenceMessage());
        mode.differenceImageProperty().set(r.differenceImage());
        mode.shownClipFrameProperty().set(r.clipFrame());
        mode.shownFrameProperty().set(r.index());
        mode.drawnProperty().set(mode.drawnProperty().get() + 1);
    }
}
