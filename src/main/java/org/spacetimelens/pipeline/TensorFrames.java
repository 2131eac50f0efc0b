package org.spacetimelens.pipeline;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.video.ClipTensor;

/**
 * Pictures of a preprocessed clip tensor, for drawing maps on a {@code .npy} input that has no source
 * frames: the normalisation undone ({@code (x·std + mean) / rescale}, rounded, clamped to 0..255).
 */
final class TensorFrames {

    private TensorFrames() {
    }

    static List<BufferedImage> images(ClipTensor tensor, PreprocessConfig pre) {
        List<BufferedImage> out = new ArrayList<>(tensor.frames());
        int w = tensor.width();
        int h = tensor.height();
        for (int t = 0; t < tensor.frames(); t++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int[] rgb = new int[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = 0xFF;
                    for (int c = 0; c < 3; c++) {
                        double v = (tensor.at(t, c, y, x) * (double) pre.std()[c] + pre.mean()[c]) / pre.rescaleFactor();
                        p = (p << 8) | (int) Math.max(0, Math.min(255, Math.round(v)));
                    }
                    rgb[y * w + x] = p;
                }
            }
            img.setRGB(0, 0, w, h, rgb, 0, w);
            out.add(img);
        }
        return out;
    }
}
