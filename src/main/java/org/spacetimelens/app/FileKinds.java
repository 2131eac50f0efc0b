package org.spacetimelens.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** Tells a dropped or command-line path that is a checkpoint from one that is a video. */
final class FileKinds {
    static final Set<String> CHECKPOINT_EXT = Set.of("safetensors", "bin", "pyth", "pth", "pt");
    static final Set<String> VIDEO_EXT = Set.of("mp4", "m4v", "mov", "avi", "mkv", "webm", "gif", "mpg", "mpeg",
            "wmv", "flv", "ogv");

    private FileKinds() {
    }

    static boolean isCheckpoint(Path p) {
        if (Files.isDirectory(p)) {
            return Files.exists(p.resolve("config.json"));
        }
        return CHECKPOINT_EXT.contains(ext(p));
    }

    static String ext(Path p) {
        String n = p.getFileName() == null ? "" : p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** {@code out.png} → {@code out.params.json}: the sidecar beside an artefact. */
    static Path sidecarOf(Path artefact) {
        String n = artefact.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String stem = dot < 0 ? n : n.substring(0, dot);
        return artefact.resolveSibling(stem + ".params.json");
    }
}
