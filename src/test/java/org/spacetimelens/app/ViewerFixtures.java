package org.spacetimelens.app;

import ai.djl.ndarray.NDManager;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.Engines;
import org.spacetimelens.model.PreprocessConfig;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.model.TimeSformerNet;
import org.spacetimelens.model.testing.RandomWeights;
import org.spacetimelens.model.testing.TinyConfigs;

/** Tiny real inputs for viewer tests: a random-weight checkpoint on disk and a generated video. */
final class ViewerFixtures {
    private ViewerFixtures() {
    }

    /**
     * A divided space-time checkpoint with random (not near-zero) weights, so its attention is far
     * from uniform: 4 frames, 32 px, patch 8 (4 × 4 tokens), 2 layers, 3 heads.
     */
    static TimeSformerConfig tinyConfig() {
        return TinyConfigs.of(AttentionType.DIVIDED_SPACE_TIME, 2, 24, 3, 4, 32, 8, 5);
    }

    /** Writes {@code config} with seeded random weights as a Hugging Face folder. */
    static Path checkpoint(Path dir, TimeSformerConfig config, long seed) throws IOException {
        Engines.ensureOffline();
        try (NDManager manager = NDManager.newBaseManager();
                TimeSformerNet net = TimeSformerNet.fromTensors(config, manager.newSubManager(),
                        RandomWeights.generate(config, seed))) {
            net.save(dir, PreprocessConfig.defaults(config.imageSize()));
        }
        return dir;
    }

    /**
     * A folder of {@code n} numbered PNG frames, {@code w × h}: a horizontal gradient whose hue
     * changes per frame and a white square moving left to right.
     */
    static Path frameFolder(Path dir, int n, int w, int h) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            for (int x = 0; x < w; x++) {
                g.setColor(Color.getHSBColor(i / (float) n, 0.5f, 0.3f + 0.5f * x / w));
                g.fillRect(x, 0, 1, h);
            }
            int side = Math.max(4, h / 4);
            g.setColor(Color.WHITE);
            g.fillRect((int) ((w - side) * (i / (double) Math.max(1, n - 1))), (h - side) / 2, side, side);
            g.dispose();
            ImageIO.write(img, "png", dir.resolve(String.format("frame_%04d.png", i)).toFile());
        }
        return dir;
    }
}
