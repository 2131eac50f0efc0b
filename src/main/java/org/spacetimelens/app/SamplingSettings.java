package org.spacetimelens.app;

/** Clip sampling: uniform over the video, or a window of T frames every {@code rate} frames at the playhead. */
public record SamplingSettings(SamplingMode mode, int rate) {
}
