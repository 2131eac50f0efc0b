package org.spacetimelens.video;

import java.nio.file.Path;
import java.util.List;

/**
 * What is known about a video after opening it.
 *
 * @param path                the file or frame folder
 * @param codec               FFmpeg codec name ("h264", "vp9", "mpeg4", "gif"...) or "images" for a folder
 * @param frameCount          exact number of frames sequential decoding yields (see {@code frameCountMethod})
 * @param frameCountMethod    how the count was established
 * @param containerFrameCount the count the container header claims, or -1 when it has none
 * @param fps                 frames per second (stream average; for folders the configured rate)
 * @param durationSeconds     {@code frameCount / fps}
 * @param width               width of the frames {@link VideoSource#frame} returns (after rotation and any
 *                            decode-time downscaling)
 * @param height              height of the returned frames
 * @param codedWidth          width as stored in the stream, before rotation and scaling
 * @param codedHeight         height as stored in the stream
 * @param rotation            clockwise rotation in degrees (0, 90, 180, 270) from the display matrix or rotate
 *                            tag, already applied to returned frames
 * @param notes               human-readable warnings (assumed fps, scaled decode, count corrections...)
 */
public record VideoInfo(
        Path path,
        String codec,
        int frameCount,
        FrameCountMethod frameCountMethod,
        int containerFrameCount,
        double fps,
        double durationSeconds,
        int width,
        int height,
        int codedWidth,
        int codedHeight,
        int rotation,
        List<String> notes) {

    public VideoInfo {
        notes = List.copyOf(notes);
    }

    /** Timestamp (seconds) of a frame index, {@code index / fps}: the clock clips and exports use. */
    public double timeOf(int index) {
        return index / fps;
    }

    /** Whether frames are decoded smaller than stored because the stored size is absurdly large. */
    public boolean scaledDecode() {
        boolean swap = rotation == 90 || rotation == 270;
        return (swap ? codedHeight : codedWidth) != width || (swap ? codedWidth : codedHeight) != height;
    }
}
