package org.spacetimelens.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.spacetimelens.pipeline.NpyFile;

/** Writes .npy files for tests, including malformed ones. */
final class NpyTestFiles {

    private NpyTestFiles() {
    }

    static Path float32(Path file, long[] shape, float[] values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(NpyFile.header(shape));
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        out.write(b.array());
        Files.write(file, out.toByteArray());
        return file;
    }

    /** A file with a hand-made header dictionary and raw data bytes. */
    static Path raw(Path file, String dict, int dataBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String text = dict + "\n";
        out.write(NpyFile.MAGIC);
        out.write(new byte[] {1, 0, (byte) text.length(), (byte) (text.length() >> 8)});
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.write(new byte[dataBytes]);
        Files.write(file, out.toByteArray());
        return file;
    }

    static float[] ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * 0.25f - 3;
        }
        return v;
    }
}
