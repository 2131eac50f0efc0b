package org.spacetimelens.model;

import java.nio.file.Path;

/**
 * A loaded TimeSformer ready for inference on one DJL device. Thread-safe for sequential use;
 * close to release native memory.
 *
 * <p>API contract (implementation pending in the model branch).
 */
public final class TimeSformer implements AutoCloseable {

    /** Loading options: device "auto" | "cpu" | "gpu"; heads override for .pyth (0 = hidden/64). */
    public record LoadOptions(String device, int heads) {
        public static LoadOptions defaults() {
            return new LoadOptions("auto", 0);
        }
    }

    private TimeSformer() {
    }

    /**
     * Loads a Hugging Face folder (config.json + model.safetensors | pytorch_model.bin
     * [+ preprocessor_config.json]), a weights file inside one, or a facebookresearch .pyth/.pth.
     */
    public static TimeSformer load(Path path, LoadOptions options) throws CheckpointException {
        throw new UnsupportedOperationException("pending");
    }

    public TimeSformerConfig config() {
        throw new UnsupportedOperationException("pending");
    }

    public PreprocessConfig preprocess() {
        throw new UnsupportedOperationException("pending");
    }

    /** Human-readable device, e.g. "cpu()" or "gpu(0)". */
    public String deviceName() {
        throw new UnsupportedOperationException("pending");
    }

    /** The checkpoint file the weights came from (for sha256 in params.json). */
    public Path weightsFile() {
        throw new UnsupportedOperationException("pending");
    }

    /**
     * One clip, HF layout {@code (T, 3, H, W)} row-major, already preprocessed.
     *
     * @param capture record every layer's attention
     * @param half    store the record as float16
     */
    public ForwardResult forward(float[] clip, int frames, int height, int width, boolean capture, boolean half) {
        throw new UnsupportedOperationException("pending");
    }

    @Override
    public void close() {
    }
}
