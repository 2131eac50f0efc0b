package org.spacetimelens.model;

/**
 * How frames become the model's input (HF {@code preprocessor_config.json}): resize the shortest
 * edge to {@code shortestEdge} (bilinear), centre-crop {@code cropSize}, multiply by
 * {@code rescaleFactor} (1/255), then {@code (x - mean) / std} per RGB channel.
 */
public record PreprocessConfig(int shortestEdge, int cropSize, double rescaleFactor, float[] mean, float[] std) {

    /** The TimeSformer defaults (base: 224, mean 0.45, std 0.225). */
    public static PreprocessConfig defaults(int size) {
        return new PreprocessConfig(size, size, 1.0 / 255.0,
                new float[] {0.45f, 0.45f, 0.45f}, new float[] {0.225f, 0.225f, 0.225f});
    }
}
