package org.spacetimelens.video;

import java.nio.file.Path;

/**
 * A video (file or frame folder) could not be used as asked. The message names the input, says what
 * was wrong and what the user can do; {@link #kind()} lets callers react without parsing text.
 */
public class VideoException extends Exception {

    /** What went wrong, one value per distinct user-facing situation. */
    public enum Kind {
        /** The path does not exist. */
        NOT_FOUND,
        /** Not readable as a video: empty, not a regular file, no permission, or FFmpeg cannot parse it. */
        UNREADABLE,
        /** The file has streams, but none is a video (audio only, or only a cover picture). */
        NO_VIDEO_STREAM,
        /** The video codec has no decoder in the bundled FFmpeg build. */
        UNSUPPORTED_CODEC,
        /** A video stream (or folder) without a single frame. */
        NO_FRAMES,
        /** Frame size zero, unknown or beyond what can be decoded even scaled down. */
        UNSUPPORTED_SIZE,
        /** The video has fewer frames than the clip needs and padding was not allowed. */
        CLIP_TOO_SHORT,
        /** A requested frame index lies outside the video. */
        INDEX_OUT_OF_RANGE,
        /** A frame the container lists could not be decoded (corrupt data). */
        DECODE_FAILED,
        /** The calling thread was interrupted while decoding. */
        CANCELLED
    }

    private final Kind kind;
    private final transient Path path;

    public VideoException(Kind kind, Path path, String message) {
        this(kind, path, message, null);
    }

    public VideoException(Kind kind, Path path, String message, Throwable cause) {
        super((path == null ? "" : path + ": ") + message, cause);
        this.kind = kind;
        this.path = path;
    }

    public Kind kind() {
        return kind;
    }

    /** The video file or folder, or {@code null} when the error arose from plain numbers (sampling). */
    public Path path() {
        return path;
    }
}
