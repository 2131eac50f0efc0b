package org.spacetimelens.app;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.rollout.RolloutMethod;

/**
 * The gradients of the compare panes whose map is "Class evidence": each pane explains its own class choice
 * ({@link ViewState#classChoiceProperty()} of its settings) on its own analysis. Gradients come from the
 * window's cache ({@link ClipCaches.EvidenceKey}: the window's class-evidence view and the panes share them)
 * or from one forward and backward pass on the engine thread ({@link ViewerServices#compareEvidence}), one pass
 * at a time: a pane whose pass waits shows "computing class evidence…" and no map until its gradients come.
 * The gradients of the shown panes are also held here, so that a small cache budget cannot evict them between
 * their pass and the draw (which would ask for the same pass again and again).
 *
 * <p>FX thread only, except the pass itself.
 */
final class CompareEvidence {
    private final AnalysisBackend backend;
    private final ViewerServices services;
    private final ClipCaches caches;
    private final StatusReporter reporter;
    private final Supplier<ModelHandle> windowModel;
    private final Map<ClipCaches.EvidenceKey, AttentionGradients> held = new HashMap<>();
    /** Passes that failed, with why: not tried again while their panes still ask for them. */
    private final Map<ClipCaches.EvidenceKey, String> failed = new HashMap<>();
    private ClipCaches.EvidenceKey inFlight;

    CompareEvidence(AnalysisBackend backend, ViewerServices services, ClipCaches caches, StatusReporter reporter,
            Supplier<ModelHandle> windowModel) {
        this.backend = backend;
        this.services = services;
        this.caches = caches;
        this.reporter = reporter;
        this.windowModel = windowModel;
    }

    /** The classes pane {@code p} explains on {@code a}, or null when its map is not class evidence. */
    static ClassChoice.Resolved classes(ComparePane p, ClipAnalysis a) {
        ViewState s = p.settings();
        if (a == null || s.rolloutParams().get().method() != RolloutMethod.GRAD_ROLLOUT) {
            return null;
        }
        return s.classChoiceProperty().get().resolve(a);
    }

    /** The model whose gradients pane {@code p} needs: its own, or the window's. */
    ModelHandle modelOf(ComparePane p) {
        return p.ownModel() != null ? p.ownModel() : windowModel.get();
    }

    /** The pane's gradients if they are at hand (held or cached), else null. */
    AttentionGradients ready(ClipAnalysis a, ClassChoice.Resolved r) {
        ClipCaches.EvidenceKey key = ClassEvidenceJobs.key(a, r);
        AttentionGradients g = held.get(key);
        return g != null ? g : caches.gradients(key);
    }

    /**
     * Called with the class-evidence needs of the shown panes (in pane order) on each draw: keeps only their
     * gradients held, and starts the pass of the first one missing unless a pass still wanted runs (a pass no
     * longer wanted is superseded). {@code onReady} runs (FX thread) after a pass, to draw again.
     */
    void need(List<Need> needs, Runnable onReady) {
        Set<ClipCaches.EvidenceKey> wanted = new java.util.HashSet<>();
        for (Need n : needs) {
            ClipCaches.EvidenceKey key = ClassEvidenceJobs.key(n.analysis(), n.classes());
            wanted.add(key);
            AttentionGradients g = ready(n.analysis(), n.classes());
            if (g != null) {
                held.put(key, g);
            }
        }
        held.keySet().retainAll(wanted);
        failed.keySet().retainAll(wanted);
        if (services.compareEvidence.isRunning() && wanted.contains(inFlight)) {
            return; // its end draws again, and starts the next pass
        }
        for (Need n : needs) {
            ClipCaches.EvidenceKey key = ClassEvidenceJobs.key(n.analysis(), n.classes());
            if (!held.containsKey(key) && !failed.containsKey(key) && n.model() != null) {
                start(n, key, onReady);
                return;
            }
        }
    }

    private void start(Need n, ClipCaches.EvidenceKey key, Runnable onReady) {
        inFlight = key;
        ClassChoice.Resolved r = n.classes();
        ClipAnalysis a = n.analysis();
        ModelHandle m = n.model();
        services.compareEvidence.submit("Class evidence for pane " + n.label() + " "
                + r.describe(m.card().labels()), ctx -> {
                    AttentionGradients cached = caches.gradients(key); // the window's view may have made them
                    if (cached != null) {
                        return cached;
                    }
                    AttentionGradients g = backend.gradients(m, a, r.target(), r.contrast(), ctx);
                    caches.putGradients(key, g);
                    return g;
                }, g -> {
                    held.put(key, g);
                    inFlight = null;
                    caches.publish();
                    onReady.run();
                }, e -> {
                    inFlight = null;
                    failed.put(key, e.getMessage() == null ? e.toString() : e.getMessage());
                    onReady.run(); // the pane says why
                    reporter.fail("Could not compute the class evidence of pane " + n.label(), e);
                });
    }

    /** Lets go of the held gradients and forgets failed passes (compare mode is off). */
    void clear() {
        held.clear();
        failed.clear();
        inFlight = null;
    }

    /** What a pane without its gradients shows: "computing class evidence for 'x'…", or why its pass failed. */
    String waiting(Need n) {
        String why = failed.get(ClassEvidenceJobs.key(n.analysis(), n.classes()));
        if (why != null) {
            return "Class evidence failed: " + why;
        }
        return "computing class evidence for " + n.classes().describe(n.model() == null ? null
                : n.model().card().labels()) + "…";
    }

    /** One pane's class-evidence need: its letter, analysis, classes and model. */
    record Need(String label, ClipAnalysis analysis, ClassChoice.Resolved classes, ModelHandle model) {
    }
}
