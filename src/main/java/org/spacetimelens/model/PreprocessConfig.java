package org.spacetimelens.model;

/**
 * How frames become the model's input (HF {@code preprocessor_config.json}): resize the shortest
 * edge to {@code shortestEdge} (bilinear) — or, when {@code size} was {@code {height, width}},
 * to exactly {@code resizeWidth × resizeHeight} as HF does, whatever the frame's aspect —
 * centre-crop {@code cropSize}, multiply by {@code rescaleFactor} (1/255), then
 * {@code (x - mean) / std} per RGB channel.
 *
 * @param shortestEdge the resize target of the shortest edge (in exact mode, the smaller of the two sizes)
 * @param resizeWidth  exact resize width, or 0 to resize by the shortest edge
 * @param resizeHeight exact resize height, or 0 to resize by the shortest edge
 */
public record PreprocessConfig(int shortestEdge, int cropSize, double rescaleFactor, float[] mean, float[] std,
        int resizeWidth, int resizeHeight) {

    /** Resize by the shortest edge (HF {@code size: {shortest_edge: n}}, what TimeSformer checkpoints use). */
    public PreprocessConfig(int shortestEdge, int cropSize, double rescaleFactor, float[] mean, float[] std) {
        this(shortestEdge, cropSize, rescaleFactor, mean, std, 0, 0);
    }

    public PreprocessConfig {
        if ((resizeWidth > 0) != (resizeHeight > 0) || resizeWidth < 0 || resizeHeight < 0) {
            throw new IllegalArgumentException("exact resize needs both a width and a height > 0, got "
                    + resizeWidth + " x " + resizeHeight);
        }
    }

    /** Whether frames are resized to exactly {@code resizeWidth × resizeHeight} (HF {@code size: {height, width}}). */
    public boolean exactResize() {
        return resizeWidth > 0;
    }

    /** The same settings, resizing every frame to exactly {@code width × height}. */
    public PreprocessConfig withExactResize(int width, int height) {
        return new PreprocessConfig(Math.min(width, height), cropSize, rescaleFactor, mean, std, width, height);
    }

    /** The TimeSformer defaults (base: 224, mean 0.45, std 0.225). */
    public static PreprocessConfig defaults(int size) {
        return new PreprocessConfig(size, size, 1.0 / 255.0,
                new float[] {0.45f, 0.45f, 0.45f}, new float[] {0.225f, 0.225f, 0.225f});
    }
}
