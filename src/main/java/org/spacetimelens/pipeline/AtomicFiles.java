package org.spacetimelens.pipeline;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way every export writer puts a file under its final name: the writer writes a hidden temporary
 * file in the same folder ({@code .sheet.partial-1f3a9c.png}: same folder so the rename stays on one file
 * system, same extension for writers that look at it), which is then renamed onto the final name with
 * {@link StandardCopyOption#ATOMIC_MOVE}. An interrupted or failed export therefore never leaves a
 * half-written file under the final name: either the old file (or none) or the complete new one is there.
 * On failure the temporary file is deleted; a process killed outright can leave a {@code .*.partial-*}
 * file behind, never a truncated artefact.
 *
 * <p>The overwrite policy ({@link Overwrite}) is checked by the caller before anything is written, not
 * here: the rename replaces an existing file.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the content of one file to the path it is given. */
    @FunctionalInterface
    public interface Writer<T, E extends Exception> {
        T write(Path temporary) throws IOException, E;
    }

    /**
     * Lets {@code writer} write a temporary file beside {@code target}, then renames it onto {@code target}
     * (creating the parent folder first).
     *
     * @return what the writer returned
     * @throws IOException the writer's, or a rename that failed (the temporary file is then removed)
     */
    public static <T, E extends Exception> T write(Path target, Writer<T, E> writer) throws IOException, E {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = temporaryFor(target.toAbsolutePath());
        // deleted by the shutdown hook if the JVM exits mid-write (and refused once it is exiting)
        org.spacetimelens.files.AtomicFiles.track(temporary);
        boolean done = false;
        try {
            T value = writer.write(temporary);
            if (!Files.isRegularFile(temporary)) {
                throw new IOException("nothing was written for " + target);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // same folder, so only exotic file systems get here; a plain replace is the best they offer
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            return value;
        } catch (IOException e) {
            // the user knows the final name, not the temporary one the writer saw
            String m = e.getMessage();
            if (m != null && m.contains(temporary.toString())) {
                throw new IOException(m.replace(temporary.toString(), target.toString()), e);
            }
            throw e;
        } finally {
            if (!done) {
                Files.deleteIfExists(temporary);
            }
            org.spacetimelens.files.AtomicFiles.forget(temporary);
        }
    }

    /** True for the temporary names {@link #write} uses (so listings can skip a killed export's leftovers). */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.contains(".partial-");
    }

    /** {@code dir/.stem.partial-RANDOM.ext}, a name that does not exist yet; the writer creates it. */
    static Path temporaryFor(Path target) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        Path dir = target.getParent();
        while (true) {
            String random = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
            Path p = dir.resolve("." + stem + ".partial-" + random + ext);
            if (!Files.exists(p)) {
                return p;
            }
        }
    }
}
