package org.spacetimelens.demo;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.spacetimelens.model.PreprocessConfig;

/**
 * Frames → the model's input, the preprocessing of {@code preprocessor_config.json}: shortest edge
 * to {@code shortestEdge} (bilinear), centre crop, ×rescale, (x − mean)/std, layout
 * {@code (T, 3, S, S)}. Demo frames are rendered at the model's size, where resize and crop are
 * the identity, so training sees exactly what inference on a model-size render sees.
 */
public final class ClipTensors {
    private ClipTensors() {
    }

    /** Writes one clip into {@code out} at {@code offset}; returns the number of values written. */
    public static int write(List<BufferedImage> frames, PreprocessConfig pp, float[] out, int offset) {
        int s = pp.cropSize();
        int plane = s * s;
        int o = offset;
        float scale = (float) pp.rescaleFactor();
        int[] rgb = new int[plane];
        for (BufferedImage frame : frames) {
            BufferedImage img = fit(frame, pp);
            img.getRGB(0, 0, s, s, rgb, 0, s);
            for (int c = 0; c < 3; c++) {
                int shift = 16 - 8 * c;
                float mean = pp.mean()[c];
                float std = pp.std()[c];
                for (int i = 0; i < plane; i++) {
                    out[o + c * plane + i] = (((rgb[i] >> shift) & 255) * scale - mean) / std;
                }
            }
            o += 3 * plane;
        }
        return o - offset;
    }

    /** One clip as a new {@code (T, 3, S, S)} array. */
    public static float[] of(List<BufferedImage> frames, PreprocessConfig pp) {
        float[] out = new float[frames.size() * 3 * pp.cropSize() * pp.cropSize()];
        write(frames, pp, out, 0);
        return out;
    }

    /**
     * Resize-then-crop for frames not already at the crop size (e.g. the 384 px demo render).
     * Java2D bilinear is used as the stand-in resampler here; at the model's own size nothing is
     * resampled.
     */
    static BufferedImage fit(BufferedImage frame, PreprocessConfig pp) {
        int s = pp.cropSize();
        if (frame.getWidth() == s && frame.getHeight() == s && pp.shortestEdge() == s) {
            return frame;
        }
        int w = frame.getWidth();
        int h = frame.getHeight();
        double k = (double) pp.shortestEdge() / Math.min(w, h);
        int rw = Math.max(s, (int) Math.round(w * k));
        int rh = Math.max(s, (int) Math.round(h * k));
        BufferedImage out = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            int x0 = (rw - s) / 2;
            int y0 = (rh - s) / 2;
            g.drawImage(frame.getScaledInstance(rw, rh, java.awt.Image.SCALE_AREA_AVERAGING), -x0, -y0, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
