package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.List;

/** Identifies one forward pass: which checkpoint saw which frames of which video, stored how. */
public record ClipKey(Path model, Path video, List<Integer> frameIndices, boolean half) {
    public ClipKey {
        frameIndices = List.copyOf(frameIndices);
    }

    public static ClipKey of(Path model, Path video, int[] frames, boolean half) {
        return new ClipKey(model, video, java.util.Arrays.stream(frames).boxed().toList(), half);
    }
}
