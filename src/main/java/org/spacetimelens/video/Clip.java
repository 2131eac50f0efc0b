package org.spacetimelens.video;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The frames the model sees: source frame indices, their timestamps (seconds) and the decoded RGB
 * frames at source resolution ({@code TYPE_INT_RGB} or {@code TYPE_3BYTE_BGR}).
 */
public record Clip(int[] frameIndices, double[] timestamps, List<BufferedImage> frames) {

    public Clip {
        if (frameIndices.length != timestamps.length || frameIndices.length != frames.size()) {
            throw new IllegalArgumentException("clip indices, timestamps and frames differ in length: "
                    + frameIndices.length + ", " + timestamps.length + ", " + frames.size());
        }
        frames = List.copyOf(frames);
    }

    public int size() {
        return frameIndices.length;
    }
}
