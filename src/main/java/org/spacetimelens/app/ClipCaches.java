package org.spacetimelens.app;

import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.RolloutParams;

/**
 * The viewer's two caches: forward passes per (checkpoint, clip, precision), weighed in bytes
 * against the budget in {@link ViewState#cacheBudgetProperty()}, and maps per (clip, settings).
 * Their size is published to the view-state for the status bar.
 */
final class ClipCaches {
    /**
     * Attention kept for quick switching between clips: base model, 8 frames is ~96 MB per clip with
     * its frames in float16 (the default storage), ~190 MB in float32; five float16 clips fit, and
     * the base model with them stays under 2 GB resident. A preference (View ▸ Attention cache).
     */
    static final long DEFAULT_RECORD_CACHE_BYTES = 512L << 20;
    /** Budgets the View menu offers. */
    static final long[] BUDGETS = {256L << 20, 512L << 20, 1024L << 20, 2048L << 20, 4096L << 20};

    private final ViewState state;
    private final LruCache<ClipKey, ClipAnalysis> records;
    private final LruCache<MapKey, AttentionMaps> maps = LruCache.ofEntries(128);

    /** Maps cache key: which analysis, which settings. */
    record MapKey(ClipKey clip, RolloutParams params) {
    }

    /** Caches whose clip budget follows the state's; {@code onResize} runs after the budget changed. */
    ClipCaches(ViewState state, Runnable onResize) {
        this.state = state;
        this.records = new LruCache<>(Math.max(1, state.cacheBudgetProperty().get()), ClipAnalysis::byteSize);
        state.cacheBudgetProperty().addListener((o, a, b) -> {
            records.setCapacity(Math.max(1, b.longValue()));
            onResize.run();
            publish();
        });
    }

    ClipAnalysis record(ClipKey key) {
        return records.get(key);
    }

    /** Thread-safe: called by the forward-pass job. */
    void putRecord(ClipKey key, ClipAnalysis a) {
        records.put(key, a);
    }

    AttentionMaps maps(MapKey key) {
        return maps.get(key);
    }

    /** Thread-safe: called by the rollout job. */
    void putMaps(MapKey key, AttentionMaps m) {
        maps.put(key, m);
    }

    /** Writes the clip cache's weight and size into the view-state (FX thread). */
    void publish() {
        state.cacheBytesProperty().set(records.weight());
        state.cacheEntriesProperty().set(records.size());
    }
}
