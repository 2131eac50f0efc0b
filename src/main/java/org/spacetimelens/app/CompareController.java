package org.spacetimelens.app;

import java.nio.file.Path;
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
    private final CompareEvidence evidence;
    private boolean pending;
    private boolean copying;

    /** A pane's own model ({@code model}: newly loaded, else null) and its run on the window's clip. */
    record PaneRun(ModelHandle model, ClipAnalysis analysis) {
    }

    CompareController(ViewState state, AnalysisBackend backend, ViewerServices services, ClipCaches caches,
            DisplayPipeline display, Supplier<VideoHandle> video, StatusReporter reporter,
            Supplier<ModelHandle> windowModel) {
        this.state = state;
        this.mode = state.compare();
        this.backend = backend;
        this.services = services;
        this.caches = caches;
        this.display = display;
        this.video = video;
        this.reporter = reporter;
        this.evidence = new CompareEvidence(backend, services, caches, reporter, windowModel);
        wire();
    }

    private void wire() {
        mode.activeProperty().addListener((o, a, on) -> {
            if (on) {
                enter();
            } else {
                services.compare.cancel();
                services.compareEvidence.cancel();
                evidence.clear(); // the panes' gradients stay in the clip cache only
                copy(mode.panes().get(0).settings(), state); // the single view is pane A again
                display.requestFrame(); // the single view draws again
            }
        });
        mode.selectedProperty().addListener((o, a, b) -> {
            if (!mode.activeProperty().get() || copying) {
                return;
            }
            String why = notEditable(mode.selectedPane());
            if (why != null) {
                copying = true;
                mode.selectedProperty().set(a.intValue()); // keep editing the previous pane
                copying = false;
                reporter.fail("Cannot edit pane " + mode.panes().get(b.intValue()).label(), new BackendException(why));
                return;
            }
            copy(mode.selectedPane().settings(), state); // the side panel now edits this pane
        });
        // the side panel edits the window's state: keep the selected pane equal to it
        state.rolloutParams().addListener((Observable o) -> syncSelected());
        state.renderOptions().addListener((Observable o) -> syncSelected());
        state.classChoiceProperty().addListener((Observable o) -> syncSelected()); // the prediction panel's pick
        state.modelProperty().addListener((o, a, card) -> {
            for (ComparePane p : mode.panes()) {
                if (p.ownModel() != null) {
                    continue;
                }
                p.settings().modelProperty().set(card);
                if (card != null) {
                    p.settings().resetForModel(card);
                }
            }
        });
        for (ComparePane p : mode.panes()) {
            p.settings().rolloutParams().addListener((Observable o) -> schedule());
            p.settings().renderOptions().addListener((Observable o) -> schedule());
            p.settings().classChoiceProperty().addListener((Observable o) -> schedule());
        }
        state.analysisProperty().addListener((o, a, b) -> {
            for (ComparePane p : mode.panes()) {
                if (p.ownModel() != null) {
                    runPaneModel(p, null); // the pane's model on the new clip
                }
            }
        });
        for (Observable o : new Observable[] {state.playheadProperty(), state.analysisProperty(),
                state.plannedClipProperty(), state.overlayVisibleProperty(), mode.differenceProperty(),
                mode.paneCountProperty()}) {
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
            if (p.ownModel() == null) {
                p.settings().modelProperty().set(state.modelProperty().get());
            }
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
        List<CompareEvidence.Need> needs = new ArrayList<>();
        for (ComparePane p : mode.shownPanes()) {
            ClassChoice.Resolved r = CompareEvidence.classes(p, analysisOf(p));
            if (r != null) {
                needs.add(new CompareEvidence.Need(p.label(), analysisOf(p), r, evidence.modelOf(p)));
            }
        }
        evidence.need(needs, this::schedule);
        List<CompareJob.PaneInput> inputs = new ArrayList<>();
        for (ComparePane p : mode.shownPanes()) {
            ViewState s = p.settings();
            ClipAnalysis pa = analysisOf(p);
            ClassChoice.Resolved r = CompareEvidence.classes(p, pa);
            String waiting = r == null ? "" : evidence.waiting(new CompareEvidence.Need(p.label(), pa, r,
                    evidence.modelOf(p)));
            inputs.add(new CompareJob.PaneInput(p.label(), pa, s.rolloutParams().get(), s.renderOptions().get(),
                    state.overlayVisibleProperty().get(), r, r == null ? null : evidence.ready(pa, r), waiting));
        }
        String outside = a != null && clipFrame < 0 ? "frame " + index + " · "
                + OutsideClip.text(a, state.plannedClipProperty().get()) : "";
        CompareJob job = new CompareJob(backend, caches, v, index, clipFrame, inputs, mode.differenceProperty().get(),
                outside);
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
            String message = pr.message();
            if (message.isEmpty() && services.compareModel.isRunning()) {
                message = p.messageProperty().get(); // "Loading …" of a pane's model stays until it is done
            } else if (message.isEmpty() && p.ownModel() != null && p.ownAnalysisProperty().get() != null) {
                message = geometryNote(p, p.ownAnalysisProperty().get(), a);
            }
            p.messageProperty().set(message);
            p.imageProperty().set(pr.image());
        }
        mode.differenceMapsProperty().set(r.difference());
        mode.differenceUnitsProperty().set(r.differenceUnits());
        mode.differenceMessageProperty().set(r.differenceMessage());
        mode.differenceImageProperty().set(r.differenceImage());
        mode.shownClipFrameProperty().set(r.clipFrame());
        state.shownClipFrameProperty().set(r.clipFrame()); // the timeline and transport mark the clip frame drawn
        mode.shownFrameProperty().set(r.index());
        mode.drawnProperty().set(mode.drawnProperty().get() + 1);
    }

    /** The gradients of pane {@code p}'s class-evidence map when they are at hand, else null (FX thread). */
    org.spacetimelens.model.AttentionGradients gradientsOf(ComparePane p) {
        ClassChoice.Resolved r = CompareEvidence.classes(p, analysisOf(p));
        return r == null ? null : evidence.ready(analysisOf(p), r);
    }

    /** The analysis a pane draws from: its own model's run, or the window's. */
    ClipAnalysis analysisOf(ComparePane p) {
        return p.ownModel() != null ? p.ownAnalysisProperty().get() : state.analysisProperty().get();
    }

    /**
     * Why the side panel cannot edit a pane, or null: a pane whose own model has other layers or heads
     * than the window's (the side panel's controls are the window model's).
     */
    private String notEditable(ComparePane p) {
        ModelSummary mine = p.ownModel() == null ? null : p.ownModel().card();
        ModelSummary window = state.modelProperty().get();
        if (mine == null || window == null || (mine.layers() == window.layers() && mine.heads() == window.heads())) {
            return null;
        }
        return String.format("Pane %s uses its own model %s (%d layers, %d heads); the side panel's controls are "
                + "those of the window's model %s (%d layers, %d heads). Its map settings stay as they are.",
                p.label(), mine.name(), mine.layers(), mine.heads(), window.name(), window.layers(), window.heads());
    }

    /**
     * Loads {@code path} as pane {@code p}'s own model and runs it on the window's clip (same frames);
     * its map settings start from the window's (all layers and heads of its model).
     */
    void openPaneModel(ComparePane p, Path path) {
        runPaneModel(p, path.toAbsolutePath().normalize());
    }

    /** Pane {@code p} uses the window's model again. */
    void useWindowModel(ComparePane p) {
        ModelHandle old = p.ownModel();
        p.setOwnModel(null);
        p.ownAnalysisProperty().set(null);
        p.messageProperty().set("");
        if (old != null) {
            services.onEngineThread(old::close);
        }
        p.settings().modelProperty().set(state.modelProperty().get());
        copy(state, p.settings());
        schedule();
    }

    /** (Loads and) runs a pane's own model on the window's clip; {@code path} null: the model it has. */
    private void runPaneModel(ComparePane p, Path path) {
        ClipAnalysis a = state.analysisProperty().get();
        VideoHandle v = video.get();
        ModelHandle current = p.ownModel();
        if (a == null || v == null || (path == null && current == null)) {
            if (path != null) {
                reporter.fail("Cannot open a model for pane " + p.label(), new BackendException(
                        "Open a video and the window's model first: a pane's model runs on the window's clip."));
            }
            return;
        }
        int[] frames = a.frameIndices();
        boolean half = state.halfAttentionProperty().get();
        p.ownAnalysisProperty().set(null);
        p.messageProperty().set((path != null ? "Loading " + path.getFileName() : "Running "
                + current.card().name()) + " on the clip…");
        services.compareModel.submit("Model for pane " + p.label(), ctx -> {
            ModelHandle m = path != null ? backend.loadModel(path) : current;
            try {
                ClipKey key = ClipKey.of(m.card().path(), v.meta().path(), frames, half);
                ClipAnalysis own = caches.record(key);
                if (own == null) {
                    own = backend.analyse(m, v, frames, half, ctx);
                    caches.putRecord(key, own);
                }
                return new PaneRun(path != null ? m : null, own);
            } catch (BackendException e) {
                if (path != null) {
                    m.close();
                }
                throw new BackendException(m.card().name() + " cannot run on the window's clip (the same "
                        + frames.length + " frames): " + e.getMessage(), e);
            }
        }, run -> {
            if (run.model() != null) {
                ModelHandle old = p.ownModel();
                p.setOwnModel(run.model());
                if (old != null) {
                    services.onEngineThread(old::close);
                }
                ModelSummary card = run.model().card();
                copy(state, p.settings());
                p.settings().modelProperty().set(card);
                p.settings().resetForModel(card);
                if (mode.selectedPane() == p && notEditable(p) != null) {
                    mode.selectedProperty().set(0);
                }
            }
            if (state.analysisProperty().get() == a) {
                p.ownAnalysisProperty().set(run.analysis());
                p.messageProperty().set(geometryNote(p, run.analysis(), a));
                schedule();
            }
        }, e -> {
            p.messageProperty().set(e.getMessage());
            reporter.fail("Pane " + p.label() + ": model failed", e);
        });
    }

    /** Says so when a pane's model sees the clip differently from the window's (the difference cannot be drawn). */
    private static String geometryNote(ComparePane p, ClipAnalysis own, ClipAnalysis window) {
        var r = own.record();
        var w = window.record();
        if (r.frames() == w.frames() && r.gridH() == w.gridH() && r.gridW() == w.gridW()) {
            return "";
        }
        return String.format("%s's model sees %d×%d patches × %d slots, the window's %d×%d × %d: maps differ in "
                + "shape (no A − B with it)", p.label(), r.gridH(), r.gridW(), r.frames(), w.gridH(), w.gridW(),
                w.frames());
    }

    /** Closes the panes' own models (the window is closing). */
    void close() {
        for (ComparePane p : mode.panes()) {
            ModelHandle m = p.ownModel();
            p.setOwnModel(null);
            if (m != null) {
                services.onEngineThread(m::close);
            }
        }
    }
}
