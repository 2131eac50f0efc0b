package org.spacetimelens.pipeline;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The names an export writes into its output folder, and the pre-flight check against overwriting them.
 *
 * <p>Sidecar scheme: every artefact has its own sidecar beside it that describes only that artefact and
 * whose {@code replay} re-makes only it ({@code --format} of its own format):
 * <pre>
 *   maps.npz         maps.params.json
 *   overlays/        overlays.params.json      (the per-frame PNGs are one artefact)
 *   sheet.png        sheet.params.json
 *   overlay.mp4      overlay.mp4.params.json   (videos keep their extension: mp4, gif and webm share a stem)
 *   params.json      the record of the whole run (every format it wrote), as before
 * </pre>
 * Still pictures drop their extension as a viewer screenshot's sidecar does ({@code shot.png} →
 * {@code shot.params.json}). So a later export of another format into the same folder leaves the
 * earlier artefacts' sidecars alone; {@code params.json} always describes the run that wrote it, and
 * replacing it (like any existing file) needs {@link Overwrite#REPLACE}.
 */
public final class ExportFiles {
    private ExportFiles() {
    }

    /** The run's sidecar: every format the export wrote. */
    public static final String RUN_SIDECAR = "params.json";
    /** The folder of per-frame overlay PNGs. */
    public static final String OVERLAYS = "overlays";
    /** Prefix of an overlay PNG's name: {@code overlay_tNN_FFFFFF.png}. */
    static final String OVERLAY_PREFIX = "overlay_t";

    /** The artefact's name in the output folder ({@code overlays} for the PNG folder). */
    public static String artefact(ExportFormat f) {
        return switch (f) {
            case NPZ -> SidecarBuilder.MAPS_NPZ;
            case PNG -> OVERLAYS;
            case SHEET -> "sheet.png";
            case MP4, GIF, WEBM -> "overlay." + f.videoFormat().extension();
        };
    }

    /** The name of the sidecar that describes the artefact of this format. */
    public static String sidecar(ExportFormat f) {
        return switch (f) {
            case NPZ -> "maps.params.json";
            case PNG -> OVERLAYS + ".params.json";
            case SHEET -> "sheet.params.json";
            case MP4, GIF, WEBM -> artefact(f) + ".params.json";
        };
    }

    /**
     * The files an export of {@code formats} into {@code outDir} would replace, in a stable order: each
     * artefact and its sidecar, the overlay PNGs already in {@code overlays/}, and {@code params.json}.
     * Empty when nothing would be overwritten. Checked by the export itself under {@link Overwrite#REFUSE};
     * a front end calls it first to ask the user.
     */
    public static List<Path> conflicts(Path outDir, Set<ExportFormat> formats) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(outDir)) {
            return out;
        }
        for (ExportFormat f : ExportFormat.values()) {
            if (!formats.contains(f)) {
                continue;
            }
            if (f == ExportFormat.PNG) {
                out.addAll(overlayPngs(outDir.resolve(OVERLAYS)));
            } else {
                addIfExists(out, outDir.resolve(artefact(f)));
            }
            addIfExists(out, outDir.resolve(sidecar(f)));
        }
        addIfExists(out, outDir.resolve(RUN_SIDECAR));
        return out;
    }

    /** Throws {@link ExistsException} when {@code policy} refuses and the export would overwrite something. */
    static void check(Path outDir, Set<ExportFormat> formats, Overwrite policy) throws IOException {
        if (policy == Overwrite.REPLACE) {
            return;
        }
        List<Path> existing = conflicts(outDir, formats);
        if (!existing.isEmpty()) {
            throw new ExistsException(existing);
        }
    }

    /** The overlay PNGs in {@code dir} ({@code overlay_t*.png}), sorted; empty when there is no such folder. */
    static List<Path> overlayPngs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(OVERLAY_PREFIX) && n.endsWith(".png") && Files.isRegularFile(p);
            }).sorted().toList();
        }
    }

    private static void addIfExists(List<Path> out, Path p) {
        if (Files.exists(p)) {
            out.add(p);
        }
    }

    /**
     * An export refused to overwrite existing files ({@link Overwrite#REFUSE}); nothing was written. The
     * message is one line naming the first file.
     */
    public static final class ExistsException extends FileAlreadyExistsException {
        private static final long serialVersionUID = 1L;
        private final transient List<Path> existing;

        ExistsException(List<Path> existing) {
            super(existing.get(0).toString(), null, message(existing));
            this.existing = List.copyOf(existing);
        }

        /** Every file the export would have replaced. */
        public List<Path> existing() {
            return existing;
        }

        private static String message(List<Path> existing) {
            int more = existing.size() - 1;
            return "already exists" + (more > 0 ? " (and " + more + " more file" + (more > 1 ? "s" : "")
                    + " this export writes)" : "") + "; refusing to overwrite: choose another output folder or "
                    + "allow replacing (--force)";
        }

        @Override
        public String getMessage() {
            return getFile() + " " + getReason();
        }
    }
}
