package org.spacetimelens.app;

import java.util.List;

/**
 * What a video's sidecar says about it (the demo video's {@code demo.json}): how the model is meant
 * to sample it, and per frame the ground-truth label and target box in source pixels
 * ({@code [x0, y0, x1, y1]}, null where the target is not visible).
 */
public record VideoHints(int modelFrames, int samplingRate, List<String> labels, List<double[]> boxes) {

    public VideoHints {
        labels = List.copyOf(labels);
        boxes = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(boxes));
    }

    /** The truth label of a frame, or null. */
    public String labelAt(int frame) {
        return frame >= 0 && frame < labels.size() ? labels.get(frame) : null;
    }

    /** The target box of a frame, or null. */
    public double[] boxAt(int frame) {
        return frame >= 0 && frame < boxes.size() ? boxes.get(frame) : null;
    }
}
