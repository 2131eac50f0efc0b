package org.spacetimelens.demo;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A rendered clip of a {@link Scene}: episode times, frames ({@code TYPE_INT_RGB}, square) and the
 * target's box per frame (normalised; {@link TargetBox#pixels} scales them to the frame size).
 */
public record DemoClip(Scene scene, double[] taus, List<BufferedImage> frames, List<TargetBox> boxes) {

    public DemoClip {
        frames = List.copyOf(frames);
        boxes = List.copyOf(boxes);
        if (taus.length != frames.size() || taus.length != boxes.size()) {
            throw new IllegalArgumentException("clip times, frames and boxes differ in length");
        }
    }

    public Motion label() {
        return scene.label();
    }

    public int size() {
        return frames.size();
    }
}
