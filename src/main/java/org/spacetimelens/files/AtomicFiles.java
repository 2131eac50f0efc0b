package org.spacetimelens.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes an output under a hidden temporary name in the target's folder ({@code .NAME.partial-…}) and
 * renames it to the final name only when complete, so an export interrupted by an error, Ctrl-C or
 * SIGTERM never leaves a truncated file under the name users and scripts look for. Temporary files
 * still open when the JVM shuts down are deleted by a shutdown hook.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    /**
     * Set when the JVM starts shutting down: writer threads keep running while the shutdown hooks run (the
     * viewer's export thread, closed mid-export), and a file they begin then would be left behind, since
     * this hook may already have run. {@link #begin} refuses from then on.
     */
    private static volatile boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown = true;
            deletePending();
            try {
                // a writer that deletes and re-creates its file as it opens it (ImageIO does) may have done so
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deletePending();
        }, "partial-output-cleanup"));
    }

    private static void deletePending() {
        for (Path p : PENDING) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException | RuntimeException e) {
                // best effort while the JVM goes down
            }
        }
    }

    /** Writes into a file given its path. */
    @FunctionalInterface
    public interface Writer {
        void write(Path file) throws IOException;
    }

    /** A new temporary path beside {@code target}, deleted at shutdown unless {@link #commit}ted or {@link #abort}ed. */
    public static Path begin(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        // Not Files.createTempFile: its owner-only permissions would carry over to the output; a plain
        // createFile gets the umask's, as writing the target directly would.
        for (int attempt = 0; ; attempt++) {
            Path temp = parent.resolve("." + abs.getFileName() + ".partial-"
                    + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1));
            try {
                Files.createFile(temp);
                PENDING.add(temp);
                if (shuttingDown) { // read after the add: either the hook sees the file or this sees the flag
                    PENDING.remove(temp);
                    Files.deleteIfExists(temp);
                    throw new IOException("not writing " + target + ": the program is shutting down");
                }
                return temp;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Puts a temporary file that another writer names and creates itself (pipeline.AtomicFiles) under this
     * class's shutdown clean-up; {@link #forget} it once renamed or deleted.
     *
     * @throws IOException the program is shutting down: write nothing
     */
    public static void track(Path temp) throws IOException {
        PENDING.add(temp);
        if (shuttingDown) {
            PENDING.remove(temp);
            throw new IOException("not writing " + temp.getFileName() + ": the program is shutting down");
        }
    }

    /** Ends {@link #track}. */
    public static void forget(Path temp) {
        PENDING.remove(temp);
    }

    /** Renames {@code temp} to {@code target} (atomically where the file system can), replacing it. */
    public static void commit(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            PENDING.remove(temp);
        }
    }

    /** Deletes {@code temp} (a failed write). */
    public static void abort(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // the shutdown hook tries again
            return;
        }
        PENDING.remove(temp);
    }

    /** {@code writer} fills a temporary file that then becomes {@code target}; nothing is left on failure. */
    public static void write(Path target, Writer writer) throws IOException {
        Path temp = begin(target);
        boolean done = false;
        try {
            writer.write(temp);
            commit(temp, target);
            done = true;
        } finally {
            if (!done) {
                abort(temp);
            }
        }
    }
}
