package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.List;

/** Identifies one forward pass: which checkpoint saw which frames of which video. */
public record ClipKey(Path model, Path video, List<Integer> frameIndices) {
    public ClipKey {
        frameIndices = List.copyOf(frameIndices);
    }

    public static ClipKey of(Path model, Path video, int[] frames) {
        return new ClipKey(model, video, java.util.Arrays.stream(frames).boxed().toList());
    }
}
