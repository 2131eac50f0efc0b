package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javax.imageio.ImageIO;

/**
 * Copy image with its provenance. The picture on screen goes on the clipboard at once; on the copy thread
 * the same PNG and sidecar that the screenshot (single view) or the compare figure export writes, replayable
 * with {@code export --replay}, are written into a per-user folder ({@link #folder()}), and the clipboard
 * holds the image and both files (no text: pasting into a document still pastes the picture). Once they are
 * written, the clipboard's image becomes the written PNG's pixels, unless something else was copied since.
 * The folder keeps the newest {@value #KEEP} copies.
 */
final class ClipboardCopy {
    /** How many copies the folder keeps (older ones are deleted with their sidecars). */
    static final int KEEP = 50;
    /** Overrides the copies folder (tests; a user who wants them elsewhere). */
    static final String DIR_PROPERTY = "spacetimelens.copiesDir";

    private static final String PREFIX = "copy-";
    private static final String SIDECAR = ".params.json";
    // fixed width, so the names sort in time order
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT);

    /** What the copy thread wrote: the PNG, its sidecar and the PNG's pixels as read back. */
    record Written(Path png, Path sidecar, BufferedImage image) {
    }

    /** Writes the PNG and its sidecar (copy thread). */
    @FunctionalInterface
    interface Writer {
        void write() throws Exception;
    }

    /** Captures on the FX thread what the PNG {@code png} will show; null when it cannot (said why). */
    @FunctionalInterface
    interface Preparer {
        Writer prepare(Path png);
    }

    private ClipboardCopy() {
    }

    /**
     * {@value #DIR_PROPERTY}, else {@code $XDG_STATE_HOME/spacetime-lens/copies} ({@code ~/.local/state/...}
     * without it), next to the viewer's log ({@link org.spacetimelens.logging.Logs}): the user's own
     * artefacts, not a cache to be cleared.
     */
    static Path folder() {
        String own = System.getProperty(DIR_PROPERTY);
        if (own != null && !own.isBlank()) {
            return Path.of(own).toAbsolutePath();
        }
        return org.spacetimelens.logging.Logs.stateDir().resolve("copies");
    }

    /** A free name {@code copy-YYYYMMDD-HHMMSS-mmm.png} in {@code dir} for a copy made at {@code now}. */
    static Path nextPng(Path dir, LocalDateTime now) {
        LocalDateTime t = now;
        while (true) {
            Path png = dir.resolve(PREFIX + STAMP.format(t) + ".png");
            if (!Files.exists(png) && !Files.exists(FileKinds.sidecarOf(png))) {
                return png;
            }
            t = t.plusNanos(1_000_000); // two copies within one millisecond
        }
    }

    /** Deletes all but the newest {@code keep} copies (PNG and sidecar) in {@code dir}; returns how many went. */
    static int prune(Path dir, int keep) throws IOException {
        TreeSet<String> stems = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                if (n.endsWith(SIDECAR)) {
                    stems.add(n.substring(0, n.length() - SIDECAR.length()));
                } else if (n.endsWith(".png")) {
                    stems.add(n.substring(0, n.length() - ".png".length()));
                }
            }
        }
        int removed = 0;
        while (stems.size() > keep) {
            String oldest = stems.pollFirst();
            Files.deleteIfExists(dir.resolve(oldest + ".png"));
            Files.deleteIfExists(dir.resolve(oldest + SIDECAR));
            removed++;
        }
        return removed;
    }

    /** Puts only {@code image} on the clipboard, and says why no files come with it. */
    static void imageOnly(ViewerController controller, Image image, String why) {
        ClipboardContent content = new ClipboardContent();
        content.putImage(image);
        Clipboard.getSystemClipboard().setContent(content);
        controller.status("Image copied to the clipboard (no sidecar: " + why + ")");
    }

    /**
     * Puts {@code image} on the clipboard with the PNG and sidecar that {@code preparer}'s writer then writes
     * into the copies folder on the copy thread (FX thread; the FX thread only picks a name there).
     */
    static void copy(ViewerController controller, Image image, Preparer preparer) {
        Path dir = folder();
        Path png;
        try {
            Files.createDirectories(dir);
            png = nextPng(dir, LocalDateTime.now());
        } catch (IOException | RuntimeException e) {
            imageOnly(controller, image, "the copies folder " + dir + " cannot be created: " + e.getMessage());
            return;
        }
        Writer writer = preparer.prepare(png);
        if (writer == null) {
            imageOnly(controller, image, "the view could not be described");
            return;
        }
        Path sidecar = FileKinds.sidecarOf(png);
        List<File> files = List.of(png.toFile(), sidecar.toFile());
        put(image, files);
        controller.status("Image copied to the clipboard; writing its PNG and sidecar to " + dir + "…");
        controller.runCopy("Copy with its sidecar", ctx -> {
            writer.write();
            BufferedImage written = ImageIO.read(png.toFile());
            try {
                prune(dir, KEEP);
            } catch (IOException e) {
                // an old copy that cannot be deleted does not spoil this one
                org.slf4j.LoggerFactory.getLogger(ClipboardCopy.class).warn("cannot prune {}: {}", dir, e.toString());
            }
            return new Written(png, sidecar, written);
        }, w -> {
            Clipboard cb = Clipboard.getSystemClipboard();
            if (w.image() != null && cb.hasFiles() && cb.getFiles().equals(files)) {
                put(SwingFXUtils.toFXImage(w.image(), null), files); // exactly the PNG's pixels
            }
            controller.status("Image copied to the clipboard with its PNG and sidecar " + w.sidecar()
                    + " (export --replay re-draws it)");
        });
    }

    private static void put(Image image, List<File> files) {
        ClipboardContent content = new ClipboardContent();
        content.putImage(image);
        content.putFiles(new ArrayList<>(files));
        Clipboard.getSystemClipboard().setContent(content);
    }
}
