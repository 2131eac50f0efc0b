package org.spacetimelens.model;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * How a forward pass stores the attention it captures: float16 or float32, on the heap or in a memory-mapped
 * temporary file ({@link AttentionFile}), or chosen per record by size ({@link Placement#AUTO}).
 *
 * <p>The automatic choice keeps a record on the heap when it is at most {@link #heapBudget()} bytes: a quarter
 * of the maximum heap (the rest is the fused maps rollout multiplies, one N×N float32 map per layer, the
 * viewer's frames and caches), and at most an eighth of physical memory (a JVM given more heap than the
 * machine has must not push it into swap). Default heap on a 16 GB laptop (4 GB): 1 GB, so VideoMAE-base
 * (0.71 GB float16) stays on the heap and ViViT-B (2.83 GB) goes to the file; on an 8 GB machine both do.
 *
 * <p>Overrides (system properties): {@value #PLACEMENT_PROPERTY} = {@code heap}, {@code mapped} or {@code auto};
 * {@value #DIR_PROPERTY} = the folder of the temporary files (default: the user's cache folder,
 * {@code $XDG_CACHE_HOME/spacetime-lens/attention}, {@code ~/.cache/...} without it; {@code %LOCALAPPDATA%}
 * on Windows).
 *
 * @param half       store float16 (else float32)
 * @param placement  where
 * @param directory  folder of the temporary file when mapped
 * @param heapBudget the largest record {@link Placement#AUTO} keeps on the heap, in bytes
 */
public record AttentionStorage(boolean half, Placement placement, Path directory, long heapBudget) {

    public static final String PLACEMENT_PROPERTY = "spacetimelens.attentionStore";
    public static final String DIR_PROPERTY = "spacetimelens.attentionDir";
    /** How to choose another folder; ends error messages. */
    public static final String DIR_HELP = "Choose a writable folder with enough space with -D" + DIR_PROPERTY
            + "=FOLDER (or keep the record on the heap: -D" + PLACEMENT_PROPERTY + "=heap and a larger -Xmx).";

    /** Where the layers live. */
    public enum Placement {
        /** Java arrays. */
        HEAP,
        /** A memory-mapped temporary file. */
        MAPPED,
        /** The heap up to {@link #heapBudget}, else the file. */
        AUTO;

        static Placement parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-D" + PLACEMENT_PROPERTY + "=" + s
                        + " is not one of heap, mapped, auto");
            }
        }
    }

    public AttentionStorage {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(directory, "directory");
    }

    /** Always on the heap (tests, the faithfulness evaluator's small models). */
    public static AttentionStorage heap(boolean half) {
        return new AttentionStorage(half, Placement.HEAP, defaultDirectory(), defaultHeapBudget());
    }

    /** The placement, folder and budget from the system properties and this JVM (default: automatic). */
    public static AttentionStorage auto(boolean half) {
        String p = System.getProperty(PLACEMENT_PROPERTY);
        Placement placement = p == null || p.isBlank() ? Placement.AUTO : Placement.parse(p);
        return new AttentionStorage(half, placement, defaultDirectory(), defaultHeapBudget());
    }

    /** This storage with another placement. */
    public AttentionStorage withPlacement(Placement p) {
        return new AttentionStorage(half, p, directory, heapBudget);
    }

    /** This storage with another folder. */
    public AttentionStorage withDirectory(Path dir) {
        return new AttentionStorage(half, placement, dir, heapBudget);
    }

    /** Whether a record of {@code bytes} goes to a mapped file. */
    public boolean mapped(long bytes) {
        return switch (placement) {
            case HEAP -> false;
            case MAPPED -> true;
            case AUTO -> bytes > heapBudget;
        };
    }

    /** One line for logs and the model panel: where a record of {@code bytes} goes, and why. */
    public String describe(long bytes) {
        String size = AttentionFile.gb(bytes) + (half ? " float16" : " float32");
        if (!mapped(bytes)) {
            return size + " on the heap" + (placement == Placement.AUTO
                    ? " (within the heap budget of " + AttentionFile.gb(heapBudget) + ")" : " (" + PLACEMENT_PROPERTY
                    + "=heap)");
        }
        return size + " in a memory-mapped file in " + directory + (placement == Placement.AUTO
                ? " (over the heap budget of " + AttentionFile.gb(heapBudget) + ")" : " (" + PLACEMENT_PROPERTY
                + "=mapped)");
    }

    /** A quarter of the maximum heap, at most an eighth of physical memory. */
    public static long defaultHeapBudget() {
        long heap = Runtime.getRuntime().maxMemory() / 4;
        long physical = physicalMemory();
        return physical > 0 ? Math.min(heap, physical / 8) : heap;
    }

    /** Physical memory in bytes, or 0 when the JVM cannot tell. */
    public static long physicalMemory() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getTotalMemorySize();
            }
        } catch (RuntimeException | LinkageError e) {
            // not HotSpot: no figure
        }
        return 0;
    }

    /** {@value #DIR_PROPERTY}, else the user's cache folder + {@code spacetime-lens/attention}. */
    public static Path defaultDirectory() {
        String own = System.getProperty(DIR_PROPERTY);
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String home = System.getProperty("user.home");
        Path base;
        if (os.startsWith("windows") && System.getenv("LOCALAPPDATA") != null) {
            base = Path.of(System.getenv("LOCALAPPDATA"));
        } else if (os.contains("mac")) {
            base = Path.of(home, "Library", "Caches");
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".cache");
        }
        return base.resolve("spacetime-lens").resolve("attention");
    }
}
