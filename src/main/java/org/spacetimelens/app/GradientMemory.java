package org.spacetimelens.app;

import org.spacetimelens.model.AttentionRecord;

/**
 * Whether the float32 attention gradients of a class-evidence pass fit in the Java heap, asked before the
 * pass: a ViViT-B clip's are ~5.7 GB (12 layers of 12 × 3137² values), more than a default heap on a
 * 16 GB machine, and an {@link OutOfMemoryError} halfway through a pass fails allocations on every other
 * thread of the viewer too. The gradients stay float32 (the CLI's precision, so exports replay exactly).
 */
final class GradientMemory {
    /** Share of the free heap the gradients may take: the pass also needs its own arrays on the heap. */
    static final double SHARE = 0.8;

    private GradientMemory() {
    }

    /** Bytes of the float32 gradients of every layer of {@code record}'s attention. */
    static long bytes(AttentionRecord record) {
        return bytes(record.layers(), record.spatialSize(), record.temporalSize());
    }

    static long bytes(int layers, long spatialSize, long temporalSize) {
        return 4L * layers * (spatialSize + temporalSize);
    }

    /** Heap the JVM could still give: the maximum less what is in use now. */
    static long freeHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Throws when gradients of {@code need} bytes do not fit {@link #SHARE} of {@code free}; the message says
     * how much is needed, what is free and what to do.
     */
    static void check(long need, long free, long maxHeap) throws BackendException {
        if (need > SHARE * free) {
            throw new BackendException("Class evidence of this clip needs " + Format.bytes(need)
                    + " of Java heap for its attention gradients (float32), but only " + Format.bytes(free)
                    + " of the viewer's " + Format.bytes(maxHeap) + " is free. Start the viewer with more memory "
                    + "(java -Xmx…), use a model with fewer tokens, or export the map with the command line "
                    + "(spacetime-lens export --method grad-rollout).");
        }
    }

    /** {@link #check(long, long, long)} for {@code record}, after a collection when it does not fit at once. */
    static void check(AttentionRecord record) throws BackendException {
        long need = bytes(record);
        long max = Runtime.getRuntime().maxMemory();
        if (need > SHARE * freeHeap()) {
            System.gc(); // garbage may be what fills the heap; a rare, large request
        }
        check(need, freeHeap(), max);
    }
}
