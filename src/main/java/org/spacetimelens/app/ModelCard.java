package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.List;

/**
 * What the side panel shows about a loaded checkpoint, and the shape facts the controls need
 * (layers, heads, frames, patch grid).
 */
public record ModelCard(String name, Path path, String attentionType, int frames, int imageSize, int patchSize,
        int layers, int heads, int hiddenSize, long parameters, List<String> labels, String device,
        double loadSeconds) {

    public ModelCard {
        labels = List.copyOf(labels);
    }

    public int gridSize() {
        return imageSize / patchSize;
    }
}
