package org.spacetimelens.app;

import java.nio.file.Path;

/** What the viewer needs to know about an open video. */
public record VideoMeta(Path path, int frameCount, double fps, int width, int height, double durationSeconds) {

    public String fileName() {
        return path.getFileName() == null ? path.toString() : path.getFileName().toString();
    }

    /** Seconds of frame {@code index} (frame-rate based; for display only). */
    public double secondsOf(int index) {
        return fps > 0 ? index / fps : 0;
    }
}
