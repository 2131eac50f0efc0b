package org.spacetimelens.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.Engines;

/** What every case needs: shapes, repetition policy, device, a progress log, shared inputs, a temp folder. */
final class BenchContext implements AutoCloseable {

    final Shapes shapes;
    final boolean quick;
    final Engines.DeviceChoice device;
    private final PrintWriter log;
    private AttentionRecord baseRecord;
    private Path tempDir;

    BenchContext(Shapes shapes, boolean quick, Engines.DeviceChoice device, PrintWriter log) {
        this.shapes = shapes;
        this.quick = quick;
        this.device = device;
        this.log = log;
    }

    boolean barsApply() {
        return shapes.barsApply();
    }

    /** A repetition count: the full one, or the smaller one under {@code --quick}. */
    int reps(int full, int quickCount) {
        return quick ? quickCount : full;
    }

    void log(String format, Object... args) {
        log.printf(Locale.ROOT, "[bench] " + format + "%n", args);
        log.flush();
    }

    /** The random base-size record of cases 1, 2, 4 and 5 (built once: ~186 MB at base size). */
    synchronized AttentionRecord baseRecord() {
        if (baseRecord == null) {
            baseRecord = SyntheticAttention.divided(shapes.layers(), shapes.frames(), shapes.grid(), shapes.grid(),
                    shapes.heads(), 1);
        }
        return baseRecord;
    }

    /** A private temporary folder, deleted on {@link #close()}. */
    synchronized Path tempDir() throws IOException {
        if (tempDir == null) {
            tempDir = Files.createTempDirectory("stl-bench");
        }
        return tempDir;
    }

    @Override
    public synchronized void close() {
        if (tempDir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(tempDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log("could not delete %s: %s", tempDir, e.getMessage());
        }
        tempDir = null;
    }
}
