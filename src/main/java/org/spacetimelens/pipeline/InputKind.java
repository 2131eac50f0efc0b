package org.spacetimelens.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What an export's input is, told by the path alone (nothing is opened). */
public enum InputKind {
    /** A {@code .npy} float32 tensor {@code (T, 3, H, W)}, already sampled and preprocessed. */
    TENSOR,
    /** A video file FFmpeg reads (mp4, webm, mov, avi, mkv, gif...). */
    VIDEO_FILE,
    /** A folder of numbered frame images. */
    FRAME_FOLDER;

    /** A directory is a frame folder, a {@code .npy} name a tensor, anything else a video file. */
    public static InputKind of(Path path) {
        if (Files.isDirectory(path)) {
            return FRAME_FOLDER;
        }
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".npy") ? TENSOR : VIDEO_FILE;
    }

    /** True for inputs with source frames (and a frame rate) to draw on. */
    public boolean isVideo() {
        return this != TENSOR;
    }
}
