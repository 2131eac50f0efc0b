package org.spacetimelens.render;

import java.awt.image.BufferedImage;

/** A decoded source frame with its index in the video (what the overlay video writer consumes). */
public record IndexedFrame(int index, BufferedImage image) {

    public IndexedFrame {
        if (image == null) {
            throw new IllegalArgumentException("frame " + index + " has no image");
        }
    }
}
