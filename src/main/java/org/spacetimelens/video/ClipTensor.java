package org.spacetimelens.video;

/**
 * A preprocessed clip ready for {@code TimeSformer.forward}: {@code data} is float32 in the HF layout
 * {@code (frames, 3, height, width)} row-major, channels RGB, already rescaled and normalised; {@code
 * geometry} says where the model's square sits in the source frames.
 */
public record ClipTensor(float[] data, int frames, int height, int width, CropGeometry geometry) {

    public ClipTensor {
        if ((long) frames * 3 * height * width != data.length) {
            throw new IllegalArgumentException("tensor length " + data.length + " is not " + frames
                    + " x 3 x " + height + " x " + width);
        }
    }

    /** Value at frame t, channel c (0 = R), row y, column x. */
    public float at(int t, int c, int y, int x) {
        return data[((t * 3 + c) * height + y) * width + x];
    }
}
