package org.spacetimelens.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A frame image whose header claims a huge size is refused before any pixel buffer is allocated. */
class ImageHeaderLimitTest {

    @TempDir
    Path dir;

    @Test
    void pngClaimingMorePixelsThanItsBytesCanHoldIsRefused() throws Exception {
        Files.write(dir.resolve("img_00001.png"), pngWithSize(67_108_868, 3));
        assertThatThrownBy(() -> VideoSource.open(dir)).isInstanceOf(VideoException.class)
                .hasMessageContaining("img_00001.png").hasMessageContaining("claims 67108868x3 pixels");
    }

    @Test
    void ordinaryFramesStillRead() throws Exception {
        Files.write(dir.resolve("img_00001.png"), pngWithSize(0, 0));
        try (VideoSource s = VideoSource.open(dir)) {
            assertThat(s.frame(0).getWidth()).isEqualTo(4);
        }
    }

    /** A valid 4x3 PNG, its IHDR then patched to {@code w x h} (CRC fixed) unless w is 0. */
    private static byte[] pngWithSize(int w, int h) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 3, BufferedImage.TYPE_3BYTE_BGR), "png", out);
        byte[] b = out.toByteArray();
        if (w > 0) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            buf.putInt(16, w); // signature (8) + length (4) + "IHDR" (4)
            buf.putInt(20, h);
            CRC32 crc = new CRC32();
            crc.update(b, 12, 17); // "IHDR" + 13 data bytes
            buf.putInt(29, (int) crc.getValue());
        }
        return b;
    }
}
