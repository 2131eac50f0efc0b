package org.spacetimelens.app;

import org.spacetimelens.model.AttentionGradients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.RolloutParams;

/**
 * The viewer's caches: forward passes per (checkpoint, clip, precision) and the attention gradients of
 * class-evidence maps per (clip, class, contrast), weighed together in bytes against the budget in
 * {@link ViewState#cacheBudgetProperty()}; and maps per (clip, settings, class). Their size is published to
 * the view-state for the status bar.
 */
final class ClipCaches {
    private static final Logger LOG = LoggerFactory.getLogger(ClipCaches.class);
    /**
     * Attention kept for quick switching between clips: base model, 8 frames is ~96 MB per clip with
     * its frames in float16 (the default storage), ~190 MB in float32; five float16 clips fit, and
     * the base model with them stays under 2 GB resident. A preference (View ▸ Attention cache).
     * A class's gradients (float32, so that class maps are exact) weigh as a float32 clip.
     */
    static final long DEFAULT_RECORD_CACHE_BYTES = 512L << 20;
    /** Budgets the View menu offers. */
    static final long[] BUDGETS = {256L << 20, 512L << 20, 1024L << 20, 2048L << 20, 4096L << 20};

    private final ViewState state;
    /** {@link ClipKey} → {@link ClipAnalysis} and {@link EvidenceKey} → {@link AttentionGradients}, one budget. */
    private final LruCache<Object, Object> records;
    private final LruCache<MapKey, AttentionMaps> maps = LruCache.ofEntries(128);
    private ModelSummary model;
    private boolean half = true;

    /** Maps cache key: which analysis, which settings, and for class evidence which classes (else null). */
    record MapKey(ClipKey clip, RolloutParams params, ClassChoice.Resolved classes) {
        MapKey(ClipKey clip, RolloutParams params) {
            this(clip, params, null);
        }
    }

    /** Gradients cache key: which analysis, which class, which contrast. */
    record EvidenceKey(ClipKey clip, int target, int contrast) {
    }

    /** Caches whose clip budget follows the state's; {@code onResize} runs after the budget changed. */
    ClipCaches(ViewState state, Runnable onResize) {
        this.state = state;
        this.records = new LruCache<>(Math.max(1, state.cacheBudgetProperty().get()), ClipCaches::bytes);
        state.cacheBudgetProperty().addListener((o, a, b) -> {
            records.setCapacity(capacity());
            onResize.run();
            publish();
        });
    }

    private static long bytes(Object v) {
        return v instanceof ClipAnalysis a ? a.byteSize() : gradientBytes((AttentionGradients) v);
    }

    /** Bytes of float32 gradients. */
    static long gradientBytes(AttentionGradients g) {
        long n = 0;
        for (int l = 0; l < g.layers(); l++) {
            n += g.spatial(l).length;
            if (g.type() == org.spacetimelens.model.AttentionType.DIVIDED_SPACE_TIME) {
                n += g.temporal(l).length;
            }
        }
        return 4 * n;
    }

    /**
     * Sizes the clip cache for {@code m}: at least one of its clips ({@link ClipMemory}), whatever the budget,
     * and logs what was chosen. Call on the FX thread when a model opens or the precision changes.
     */
    void fitModel(ModelSummary m, boolean halfAttention) {
        this.model = m;
        this.half = halfAttention;
        records.setCapacity(capacity());
        if (m != null) {
            LOG.info("{}: {}", m.name(), ClipMemory.describe(m, halfAttention, state.cacheBudgetProperty().get()));
        }
        publish();
    }

    /** The clip cache's capacity: the budget, raised to one clip of the open model. */
    long capacity() {
        return Math.max(1, ClipMemory.capacity(state.cacheBudgetProperty().get(), model, half));
    }

    ClipAnalysis record(ClipKey key) {
        return (ClipAnalysis) records.get(key);
    }

    /** Thread-safe: called by the forward-pass job. */
    void putRecord(ClipKey key, ClipAnalysis a) {
        records.put(key, a);
    }

    AttentionGradients gradients(EvidenceKey key) {
        return (AttentionGradients) records.get(key);
    }

    /** Thread-safe: called by the gradient job. */
    void putGradients(EvidenceKey key, AttentionGradients g) {
        records.put(key, g);
    }

    AttentionMaps maps(MapKey key) {
        return maps.get(key);
    }

    /** Thread-safe: called by the rollout job. */
    void putMaps(MapKey key, AttentionMaps m) {
        maps.put(key, m);
    }

    /** Writes the clip cache's weight (gradients included) and its number of clips into the view-state (FX thread). */
    void publish() {
        state.cacheBytesProperty().set(records.weight());
        state.cacheEntriesProperty().set(records.count(v -> v instanceof ClipAnalysis));
    }
}
