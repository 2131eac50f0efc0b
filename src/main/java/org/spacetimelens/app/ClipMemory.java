package org.spacetimelens.app;

import java.util.Locale;
import org.spacetimelens.model.AttentionStorage;

/**
 * What one analysed clip of the open model costs, and the clip cache's floor: the cache must hold at least one
 * clip of the model (VideoMAE-base: 0.71 GB of float16 attention, more than the 512 MB default budget), or every
 * settings change on a clip that did not fit would repeat the forward pass. The record is counted at its full
 * size wherever it lives (heap or mapped file); the frames at full HD, the size most videos decode to.
 */
final class ClipMemory {
    /** One decoded frame kept with a clip (ARGB, 1920 × 1080): what {@link ClipAnalysis#byteSize} counts. */
    static final long FRAME_BYTES = 1920L * 1080 * 4;

    private ClipMemory() {
    }

    /** Bytes of one clip of {@code m}: its attention record plus its frames. */
    static long clipBytes(ModelSummary m, boolean half) {
        return m.recordBytes(half) + m.frames() * FRAME_BYTES;
    }

    /** The cache capacity: the user's budget, raised to one clip of the model when its attention alone exceeds it. */
    static long capacity(long budget, ModelSummary m, boolean half) {
        // Raised only for models whose attention alone exceeds the budget: the frames are an estimate (full HD),
        // and a budget the user chose for small clips (or a test's tiny one) must keep evicting as asked.
        return m == null || m.recordBytes(half) <= budget ? budget : Math.max(budget, clipBytes(m, half));
    }

    /** One line for the Model panel and the log: the record's size, where it lives, what the cache holds. */
    static String describe(ModelSummary m, boolean half, long budget) {
        long record = m.recordBytes(half);
        String where = AttentionStorage.auto(half).mapped(record) ? "memory-mapped file" : "heap";
        long clip = clipBytes(m, half);
        String cache = capacity(budget, m, half) > budget
                ? String.format(Locale.ROOT, "cache raised from %s to %s (one clip)", Format.bytes(budget),
                        Format.bytes(clip))
                : String.format(Locale.ROOT, "cache %s holds %d clip%s", Format.bytes(budget), Math.max(1, budget / clip),
                        Math.max(1, budget / clip) == 1 ? "" : "s");
        return String.format(Locale.ROOT, "%s %s per clip · %s · %s", Format.bytes(record),
                half ? "float16" : "float32", where, cache);
    }
}
