package org.spacetimelens.demo;

import java.awt.image.BufferedImage;
import java.util.List;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.video.Preprocessor;

/**
 * Frames → the model's input through the video package's {@link Preprocessor}, the very code the
 * CLI and viewer run at inference (shortest edge, centre crop, rescale, mean/std; layout
 * {@code (T, 3, S, S)}). Demo frames for training are rendered at the model's size, where resize
 * and crop are the identity.
 */
public final class ClipTensors {
    private ClipTensors() {
    }

    /** Writes one clip into {@code out} at {@code offset}; returns the number of values written. */
    public static int write(List<BufferedImage> frames, PreprocessConfig pp, float[] out, int offset) {
        float[] data = of(frames, pp);
        System.arraycopy(data, 0, out, offset, data.length);
        return data.length;
    }

    /** One clip as a new {@code (T, 3, S, S)} array. */
    public static float[] of(List<BufferedImage> frames, PreprocessConfig pp) {
        return new Preprocessor(pp).apply(frames).data();
    }
}
