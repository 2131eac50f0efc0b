package org.spacetimelens.render;

import java.nio.file.Path;
import java.util.Locale;

/** Container/codec families the overlay video writer produces. */
public enum VideoFormat {
    /** MP4 with H.264 (OpenH264 in the bundled LGPL FFmpeg); MPEG-4 Part 2 if H.264 cannot start. */
    MP4("mp4"),
    /** WebM with VP9. */
    WEBM("webm"),
    /** Animated GIF, a 256-colour palette per frame. */
    GIF("gif");

    private final String extension;

    VideoFormat(String extension) {
        this.extension = extension;
    }

    /** File extension without the dot. */
    public String extension() {
        return extension;
    }

    public static VideoFormat byName(String name) {
        return Names.parse(VideoFormat.class, name, "video format");
    }

    /** The format a file name asks for by its extension. */
    public static VideoFormat ofFile(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? "" : n.substring(dot + 1);
        for (VideoFormat f : values()) {
            if (f.extension.equals(ext)) {
                return f;
            }
        }
        throw new IllegalArgumentException("cannot tell the video format of '" + file.getFileName()
                + "': use a .mp4, .webm or .gif name");
    }
}
