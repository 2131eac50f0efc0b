package org.spacetimelens.model.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Shared plumbing of the {@code @FuzzTest}s (Jazzer): the readers under test take files, so each
 * input is written to a scratch file; and each input must be handled within {@link #LIMIT_NANOS} of
 * the thread's CPU time (a harness's first input, which also loads classes, is timed again warm when
 * it took longer).
 *
 * <p>Regression mode (plain {@code mvn test}/{@code verify}) replays the committed inputs under
 * {@code src/test/resources/<package>/<Test>Inputs/<method>/}; {@code JAZZER_FUZZ=1} fuzzes (README).
 */
public final class FuzzFiles {
    /** Each input within one second. */
    public static final long LIMIT_NANOS = 1_000_000_000L;

    private static Path scratch;
    /** Looked up once: ManagementFactory's lookup showed in the profile of every input. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    /** Call sites (one lambda class each) that have run once: their first input loads classes. */
    private static final Set<Class<?>> WARM = ConcurrentHashMap.newKeySet();

    private FuzzFiles() {
    }

    /** A task that may throw (the reader call of a harness). */
    public interface Task {
        void run() throws Exception;
    }

    /** Writes {@code data} to the scratch file {@code name} (overwritten by the next input). */
    public static synchronized Path write(String name, byte[] data) {
        try {
            Path f = dir().resolve(name);
            Files.write(f, data);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An empty scratch folder {@code name} (its previous contents deleted). Lists and deletes the entries
     * (recursing into sub-folders) rather than {@code Files.walk} + sort + delete-the-folder-too per input:
     * the same empty folder for a few system calls less on every input of the frame-folder harness.
     */
    public static synchronized Path emptyDir(String name) {
        try {
            Path d = dir().resolve(name);
            if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                deleteContents(d);
                return d;
            }
            return Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteContents(Path d) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
            s.forEach(entries::add);
        }
        for (Path p : entries) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                deleteContents(p);
            }
            Files.delete(p);
        }
    }

    /**
     * Runs {@code task}; exceptions of the {@code expected} types are the reader's documented refusals
     * and are swallowed, anything else propagates (a finding). Fails when it took over a second.
     */
    @SafeVarargs
    public static void run(Task task, Class<? extends Exception>... expected) throws Exception {
        long took = timed(task, expected);
        if (WARM.add(task.getClass()) && took > LIMIT_NANOS) {
            // The call site's first input also loads and initialises classes: time it once more, warm,
            // rather than leave it unchecked (the committed corpus replays its first file this way).
            took = timed(task, expected);
        }
        if (took > LIMIT_NANOS) {
            throw new AssertionError("one input took " + took / 1_000_000 + " ms of CPU (limit " + LIMIT_NANOS / 1_000_000 + " ms)");
        }
    }

    @SafeVarargs
    private static long timed(Task task, Class<? extends Exception>... expected) throws Exception {
        // CPU time of this thread, not wall time: the machine running the tests may be loaded
        long t0 = CPU.getCurrentThreadCpuTime();
        try {
            task.run();
        } catch (Exception e) {
            boolean ok = false;
            for (Class<? extends Exception> c : expected) {
                ok |= c.isInstance(e);
            }
            if (!ok) {
                throw e;
            }
        }
        return CPU.getCurrentThreadCpuTime() - t0;
    }

    private static Path dir() throws IOException {
        if (scratch == null) {
            scratch = Files.createTempDirectory("stl-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> s = Files.walk(scratch)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException | UncheckedIOException e) {
                    // best effort
                }
            }));
        }
        return scratch;
    }
}
