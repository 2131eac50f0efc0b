package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.List;

/**
 * A summary of the checkpoint loaded in the viewer: what the side panel shows about it, and the
 * shape facts the controls need (layers, heads, frames, patch grid). Not to be confused with
 * {@code demo.ModelSummary}, the demo model's written model card.
 */
public record ModelSummary(String name, Path path, String attentionType, int frames, int imageSize, int patchSize,
        int layers, int heads, int hiddenSize, long parameters, List<String> labels, String device,
        double loadSeconds) {

    public ModelSummary {
        labels = List.copyOf(labels);
    }

    public int gridSize() {
        return imageSize / patchSize;
    }
}
