package org.spacetimelens.app;

import java.util.List;
import java.util.function.Supplier;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.rollout.RolloutMethod;

/**
 * The gradients behind "Class evidence" maps: one forward and backward pass per (clip, class, contrast) on
 * the engine thread ({@link ViewerServices#classEvidence}: latest request wins, a superseded one never starts),
 * kept in the clip cache ({@link ClipCaches}) so that returning to a class, or changing layers, heads, query or
 * normalisation, only re-runs the cheap propagation. A pass that finishes after being superseded still leaves
 * its gradients in the cache.
 *
 * <p>FX thread only, except the job itself.
 */
final class ClassEvidenceJobs {
    private final ViewState state;
    private final AnalysisBackend backend;
    private final ViewerServices services;
    private final StatusReporter reporter;
    private final ClipCaches caches;
    private final Supplier<ModelHandle> model;
    private final Runnable afterPass;
    private ClipCaches.EvidenceKey inFlight;

    /** {@code afterPass} runs (FX thread) after each gradient pass, e.g. to schedule the idle memory trim. */
    ClassEvidenceJobs(ViewState state, AnalysisBackend backend, ViewerServices services, StatusReporter reporter,
            ClipCaches caches, Supplier<ModelHandle> model, Runnable afterPass) {
        this.afterPass = afterPass;
        this.state = state;
        this.backend = backend;
        this.services = services;
        this.reporter = reporter;
        this.caches = caches;
        this.model = model;
    }

    /** The classes the state asks to explain on this clip. */
    ClassChoice.Resolved classes(ClipAnalysis a) {
        return state.classChoiceProperty().get().resolve(a);
    }

    static ClipCaches.EvidenceKey key(ClipAnalysis a, ClassChoice.Resolved r) {
        return new ClipCaches.EvidenceKey(a.key(), r.target(), r.contrast());
    }

    /** The cached gradients of these classes on this clip, or null. */
    AttentionGradients cached(ClipAnalysis a, ClassChoice.Resolved r) {
        return caches.gradients(key(a, r));
    }

    /**
     * Computes the gradients in the background unless that very pass already runs; {@code onReady} runs (FX
     * thread) when they are cached and still wanted (same clip, class evidence shown, same classes).
     */
    void request(ClipAnalysis a, ClassChoice.Resolved r, Runnable onReady) {
        ClipCaches.EvidenceKey key = key(a, r);
        ModelHandle m = model.get();
        if (m == null) {
            return;
        }
        List<String> labels = m.card().labels();
        state.evidenceStatusProperty().set("computing class evidence for " + r.describe(labels) + "…");
        if (services.classEvidence.isRunning() && key.equals(inFlight)) {
            return; // that very pass is under way; its end asks for the map again
        }
        inFlight = key;
        services.classEvidence.submit("Class evidence for " + r.describe(labels), ctx -> {
            AttentionGradients cached = caches.gradients(key); // a superseded pass may have left them
            if (cached != null) {
                return cached;
            }
            AttentionGradients g = backend.gradients(m, a, r.target(), r.contrast(), ctx);
            caches.putGradients(key, g);
            return g;
        }, g -> {
            afterPass.run();
            caches.publish();
            if (wanted(a, r)) {
                onReady.run();
            }
        }, e -> {
            if (wanted(a, r)) {
                state.evidenceStatusProperty().set("class evidence failed (see the message log)");
            }
            reporter.fail("Could not compute class evidence", e);
        });
    }

    private boolean wanted(ClipAnalysis a, ClassChoice.Resolved r) {
        return state.analysisProperty().get() == a && state.methodProperty().get() == RolloutMethod.GRAD_ROLLOUT
                && classes(a).equals(r);
    }

    /** {@code base} with the class it explains and the view's gradients when its map is class evidence. */
    ExportJob job(ExportJob base) {
        if (base == null || base.rolloutParams().method() != RolloutMethod.GRAD_ROLLOUT) {
            return base;
        }
        ClipAnalysis a = base.analysis();
        ClassChoice.Resolved r = classes(a);
        return new ExportJob(base.video(), base.model(), a, base.sampling(), base.rolloutParams(),
                base.renderOptions(), base.fullFrame(), state.classChoiceProperty().get().classTarget(r),
                cached(a, r));
    }
}
