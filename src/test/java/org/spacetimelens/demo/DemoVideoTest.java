package org.spacetimelens.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoVideoTest {

    /** Centroid of the saturated red pixels of a frame, or null when there are too few. */
    static double[] redCentroid(BufferedImage img) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (SceneGeneratorTest.red(img.getRGB(x, y))) {
                    sx += x + 0.5;
                    sy += y + 0.5;
                    n++;
                }
            }
        }
        return n < 20 ? null : new double[] {sx / n, sy / n};
    }

    /** Decoded frame count and size match the sidecar; the red target sits in the sidecar's box. */
    static void assertVideoMatchesSidecar(Path video, DemoSidecar sc) throws Exception {
        List<BufferedImage> frames = DemoVideoCheck.decode(video);
        assertThat(frames).hasSize(sc.frameCount());
        assertThat(sc.frames()).hasSize(sc.frameCount());
        assertThat(frames.get(0).getWidth()).isEqualTo(sc.width());
        assertThat(frames.get(0).getHeight()).isEqualTo(sc.height());
        assertThat(sc.episodes().get(sc.episodes().size() - 1).endFrame()).isEqualTo(sc.frameCount() - 1);
        int checked = 0;
        for (int i = 0; i < frames.size(); i++) {
            DemoSidecar.FrameTruth ft = sc.frames().get(i);
            assertThat(ft.frame()).isEqualTo(i);
            if (!ft.visible() || ft.occluded() || ft.partlyOutOfFrame()) {
                continue;
            }
            double[] c = redCentroid(frames.get(i));
            assertThat(c).as("frame %d shows the red target", i).isNotNull();
            double[] b = ft.box();
            assertThat(c[0]).as("frame %d centroid x", i).isBetween(b[0], b[2]);
            assertThat(c[1]).as("frame %d centroid y", i).isBetween(b[1], b[3]);
            checked++;
        }
        assertThat(checked).isGreaterThan(sc.frameCount() / 2);
    }

    @Test
    void writtenVideoDecodesWithItsSidecarsFramesAndBoxes(@TempDir Path dir) throws Exception {
        DemoVideo.Options o = new DemoVideo.Options(128, 8, 4, 2, 77);
        DemoVideo.Written w = DemoVideo.write(dir.resolve("v.mp4"), dir.resolve("v.json"), o);
        assertThat(w.codec()).isEqualTo("h264");
        DemoSidecar sc = DemoSidecar.read(dir.resolve("v.json"));
        assertThat(sc.frameCount()).isEqualTo(DemoVideo.EPISODES.length * 8);
        assertThat(sc.episodes()).extracting(DemoSidecar.Episode::label)
                .containsExactly(java.util.Arrays.stream(DemoVideo.EPISODES).map(Motion::label).toArray(String[]::new));
        assertVideoMatchesSidecar(dir.resolve("v.mp4"), sc);
    }

    @Test
    void shippedDemoVideoMatchesItsSidecar() throws Exception {
        DemoAssets assets = DemoAssets.locate();
        DemoSidecar sc = DemoSidecar.read(assets.sidecar());
        double seconds = sc.frameCount() / sc.fps();
        assertThat(seconds).isBetween(10.0, 20.0);
        assertThat(Files.size(assets.video())).isLessThan(5L << 20);
        assertVideoMatchesSidecar(assets.video(), sc);
    }
}
