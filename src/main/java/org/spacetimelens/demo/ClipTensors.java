package org.spacetimelens.demo;

import java.awt.image.BufferedImage;
import java.util.List;
import org.spacetimelens.model.ModelGeometry;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.video.ClipTensor;
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

    /**
     * A scene's canonical clip as input for a model of geometry {@code g}: {@code g.numFrames()} frames, and
     * <ul>
     *   <li>where the preprocessor's square crop fits the model (TimeSformer takes any size; a fixed-size model
     *       whose input is that square), the scene rendered at the crop size and preprocessed as a video
     *       would be;</li>
     *   <li>otherwise (e.g. a VideoMAE with a non-square {@code image_size}, which no square crop fits) the scene
     *       rendered square at the longer side, the centre {@code imageWidth × imageSize} cut out, and
     *       rescaled and normalised with the preprocessor's values — the {@link Preprocessor} only makes
     *       square crops, so this is the one place that builds a non-square input.</li>
     * </ul>
     */
    public static ClipTensor scene(Scene scene, ModelGeometry g, PreprocessConfig pp) {
        int frames = g.numFrames();
        int crop = pp.cropSize();
        if (g.flexibleSize() || (g.imageSize() == crop && g.imageWidth() == crop)) {
            DemoClip clip = scene.clip(frames, crop);
            return new ClipTensor(of(clip.frames(), pp), frames, crop, crop, null);
        }
        int h = g.imageSize();
        int w = g.imageWidth();
        int side = Math.max(h, w);
        DemoClip clip = scene.clip(frames, side);
        int x0 = (side - w) / 2;
        int y0 = (side - h) / 2;
        int plane = h * w;
        float[] data = new float[frames * 3 * plane];
        for (int t = 0; t < frames; t++) {
            BufferedImage img = clip.frames().get(t);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x0 + x, y0 + y);
                    for (int c = 0; c < 3; c++) {
                        int v = (rgb >> (16 - 8 * c)) & 0xFF;
                        float s = (float) (v * pp.rescaleFactor());
                        data[(t * 3 + c) * plane + y * w + x] = (s - pp.mean()[c]) / pp.std()[c];
                    }
                }
            }
        }
        return new ClipTensor(data, frames, h, w, null);
    }
}
