package org.spacetimelens.app;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.spacetimelens.model.AttentionGradientPass;
import org.spacetimelens.model.Engines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the JVM hand unused heap back to the system while the viewer runs. G1's defaults let the
 * committed heap stay up to about three times the live data (MaxHeapFreeRatio 70) and never shrink
 * while the application is idle, so after a few forward passes and head changes a viewer holding
 * ~1 GB of attention kept 2–3 GB resident. These flags are "manageable" in HotSpot, so they are set
 * here at start-up (the viewer is also launched as a plain {@code java -jar}, where no JVM options
 * can be given); a JVM that refuses one keeps its default and the viewer still runs.
 */
final class HeapPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(HeapPolicy.class);

    /**
     * Free-heap ratios G1 sizes the heap to after a collection, and the idle interval after which
     * it runs a concurrent cycle that can uncommit memory (JEP 346).
     */
    static final Map<String, String> FLAGS = flags();

    /** Seconds without background work or interaction before {@link #trim()} runs. */
    static final double IDLE_SECONDS = 4;

    private HeapPolicy() {
    }

    /**
     * Returns unused memory to the system: a full collection, which shrinks G1's heap to
     * MaxHeapFreeRatio above the live data (the periodic collections above rarely get their turn in an
     * interactive app, whose young collections keep coming), then {@code malloc_trim}. Measured with the
     * base model and five cached clips after a burst of option changes ({@code ViewerBench}): 1.97 →
     * 1.79 GB resident, for a ~45 ms pause (GC log) while nothing was happening. Runs on the viewer's
     * trim thread, never the FX thread; {@code -XX:+DisableExplicitGC} turns the collection off.
     */
    static void trim() {
        System.gc();
        Engines.releaseFreedMemory();
    }

    private static volatile boolean compactBeforePasses;

    /**
     * Called on the engine thread before a forward or gradient pass of the viewer: once {@link #apply()} ran (the
     * viewer, not the tests or the CLI), runs {@link #trim()} so that the pass's native memory (a base
     * TimeSformer's ~190 MB of intermediates, a layer-by-layer gradient pass's ~570 MB) lands in memory the heap
     * just handed back instead of on top of the slack G1 keeps after scrubbing and option changes. Measured with
     * {@code ViewerBench} (base model, four clips analysed after the latency and scrub phases): peak 1.77–1.87 GB
     * in five runs with it, 1.87–1.91 GB in two without. The collection is a 32–123 ms pause (~700 MB of live
     * heap, two cores; longer on a loaded machine) before a pass of several seconds.
     * {@code -Dspacetimelens.gcBeforePass=false} turns it off. Skipped while more than
     * {@link #COMPACT_MAX_USED} of heap is in use: the pause grows with the live heap (a big model's records held
     * on a large {@code -Xmx}), and there a stall of the window would cost more than the memory is worth.
     */
    static void beforePass() {
        if (compactBeforePasses && !"false".equals(System.getProperty("spacetimelens.gcBeforePass"))
                && ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() <= COMPACT_MAX_USED) {
            trim();
        }
    }

    /** Heap in use above which {@link #beforePass()} does not collect. */
    static final long COMPACT_MAX_USED = 1536L << 20;

    private static Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("MinHeapFreeRatio", "10");
        f.put("MaxHeapFreeRatio", "25");
        f.put("G1PeriodicGCInterval", "5000");
        return f;
    }

    /**
     * The autograd graph a gradient pass of the viewer may build before it recomputes layer by layer instead
     * ({@link AttentionGradientPass}): a class-evidence pass on a base model otherwise holds ~1.3 GB of graph
     * for a few seconds, which took the viewer's resident set from ~1.9 to 4.1 GB in the long-session soak
     * ({@code ViewerBench -Dbench.only=soak}). One layer of a base model needs ~180 MB.
     */
    static final long GRADIENT_GRAPH_LIMIT = 256L << 20;

    /**
     * Applies {@link #FLAGS} and the viewer's {@link #GRADIENT_GRAPH_LIMIT}; returns how many JVM flags the JVM
     * accepted. Options set on the command line win.
     */
    static int apply() {
        AttentionGradientPass.limitGraphs(GRADIENT_GRAPH_LIMIT);
        compactBeforePasses = true;
        int applied = 0;
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            for (Map.Entry<String, String> e : FLAGS.entrySet()) {
                try {
                    if (hs.getVMOption(e.getKey()).getOrigin() == com.sun.management.VMOption.Origin.VM_CREATION) {
                        continue; // the user chose it with -XX on the command line
                    }
                    hs.setVMOption(e.getKey(), e.getValue());
                    applied++;
                } catch (IllegalArgumentException | SecurityException ex) {
                    LOG.debug("JVM option {} not set: {}", e.getKey(), ex.getMessage());
                }
            }
        } catch (RuntimeException | LinkageError ex) {
            LOG.debug("heap policy not applied: {}", ex.toString());
        }
        return applied;
    }
}
