package org.spacetimelens.video;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spacetimelens.model.testing.FuzzFiles;

/**
 * Fuzzes the frame-folder source: file names (numbering, series, extensions) and contents (image
 * headers claiming any size) come from the input; listing the folder and reading its first and last
 * frames may only fail with {@link VideoException}, and never allocate beyond the frame-size limits.
 *
 * <p>Input layout (simple, so seeds can be written: {@code FuzzSeeds}): per file, a name length byte,
 * the name (characters outside {@code [A-Za-z0-9_. -]} dropped), a 2-byte big-endian content length,
 * the content; at most 4 files.
 */
@org.junit.jupiter.api.Tag("fuzz")
class ImageFolderFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void openFolder(byte[] data) throws Exception {
        Path dir = FuzzFiles.emptyDir("frames");
        ByteBuffer in = ByteBuffer.wrap(data);
        for (int i = 0; i < 4 && in.remaining() >= 3; i++) {
            byte[] name = new byte[Math.min(in.get() & 0xFF, in.remaining())];
            in.get(name);
            String safe = new String(name, StandardCharsets.US_ASCII).replaceAll("[^A-Za-z0-9_. \\-]", "");
            if (safe.isEmpty() || safe.equals(".") || safe.equals("..") || in.remaining() < 2) {
                break;
            }
            byte[] content = new byte[Math.min(in.getShort() & 0xFFFF, in.remaining())];
            in.get(content);
            Files.write(dir.resolve(safe), content);
        }
        FuzzFiles.run(() -> {
            try (VideoSource source = VideoSource.open(dir, VideoOptions.defaults().withMaxFrameSide(256))) {
                int n = source.info().frameCount();
                source.frame(0);
                source.frame(n - 1);
            }
        }, VideoException.class);
    }
}
