package org.spacetimelens.pipeline;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict reader of float32 {@code .npy} files and the {@code .npy} header writer used by {@link NpzWriter}.
 *
 * <p>Hand-written rather than DJL's {@code NDList.decode}: that needs a started engine and an
 * NDManager just to read an input file, and reports malformed headers, other dtypes or absurd sizes
 * as generic errors (or tries to allocate them); here every defect is named before any allocation,
 * and the data lands directly in the {@code float[]} that {@code TimeSformer.forward} takes.
 */
public final class NpyFile {

    public static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 16;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** A float32 array in C order. */
    public record Array(int[] shape, float[] data) {
        public Array {
            if (count(shape) != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold "
                        + data.length + " values");
            }
        }
    }

    private NpyFile() {
    }

    /**
     * Reads a little-endian float32 C-order array.
     *
     * @throws NpyException naming the file and the defect (not npy, wrong dtype, Fortran order,
     *                      truncated data, trailing bytes, too large)
     */
    public static Array readFloat32(Path file) throws IOException {
        long fileSize = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(8);
            if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
                throw new NpyException(file, "not a .npy file (missing the \\x93NUMPY magic)");
            }
            int major = magic[6] & 0xFF;
            long headerLength;
            int prefix;
            if (major == 1) {
                byte[] len = in.readNBytes(2);
                check(file, len.length == 2, "truncated header");
                headerLength = (len[0] & 0xFF) | ((len[1] & 0xFF) << 8);
                prefix = 10;
            } else if (major == 2 || major == 3) {
                byte[] len = in.readNBytes(4);
                check(file, len.length == 4, "truncated header");
                headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
                prefix = 12;
            } else {
                throw new NpyException(file, "unsupported .npy format version " + major + "." + (magic[7] & 0xFF));
            }
            check(file, headerLength <= MAX_HEADER && prefix + headerLength <= fileSize,
                    "header length " + headerLength + " is impossible for a file of " + fileSize + " bytes");
            byte[] headerBytes = in.readNBytes((int) headerLength);
            check(file, headerBytes.length == headerLength, "truncated header");
            String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            String descr = find(file, DESCR, header, "descr");
            if (!descr.equals("<f4") && !(descr.equals("=f4") && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN)) {
                throw new NpyException(file, "dtype is '" + descr + "', expected float32 ('<f4'); convert with "
                        + "arr.astype(numpy.float32)");
            }
            if (find(file, FORTRAN, header, "fortran_order").equals("True")) {
                throw new NpyException(file, "array is in Fortran order; save numpy.ascontiguousarray(arr)");
            }
            int[] shape = parseShape(file, find(file, SHAPE, header, "shape"));
            long count = count(shape);
            long dataBytes = fileSize - prefix - headerLength;
            check(file, count <= Integer.MAX_VALUE - 8, "array of " + count + " values is too large");
            check(file, dataBytes == count * 4, "shape " + Arrays.toString(shape) + " needs " + count * 4
                    + " data bytes but the file has " + dataBytes + (dataBytes < count * 4 ? " (truncated)" : ""));
            float[] data = new float[(int) count];
            byte[] buffer = new byte[1 << 16];
            int done = 0;
            while (done < data.length) {
                int n = Math.min(buffer.length / 4, data.length - done);
                int got = in.readNBytes(buffer, 0, n * 4);
                if (got != n * 4) {
                    throw new EOFException(file + ": truncated data");
                }
                ByteBuffer.wrap(buffer, 0, got).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data, done, n);
                done += n;
            }
            return new Array(shape, data);
        }
    }

    /** The complete {@code .npy} v1.0 header of a little-endian float32 C-order array. */
    public static byte[] header(long[] shape) {
        return header(shape, "<f4");
    }

    /** The complete {@code .npy} v1.0 header of a C-order array of numpy dtype {@code descr} (e.g. {@code <i8}). */
    public static byte[] header(long[] shape, String descr) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)"
                : "(" + (shape.length == 0 ? "" : dims.substring(0, dims.length() - 2)) + ")";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64; // numpy aligns the data to 64 bytes
        String text = dict + " ".repeat(padding) + "\n";
        byte[] out = new byte[10 + text.length()];
        System.arraycopy(MAGIC, 0, out, 0, 6);
        out[6] = 1;
        out[7] = 0;
        out[8] = (byte) (text.length() & 0xFF);
        out[9] = (byte) (text.length() >>> 8);
        System.arraycopy(text.getBytes(StandardCharsets.ISO_8859_1), 0, out, 10, text.length());
        return out;
    }

    private static int[] parseShape(Path file, String tuple) throws NpyException {
        List<Integer> dims = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                int d = Integer.parseInt(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
                check(file, d >= 0, "negative dimension in shape (" + tuple + ")");
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new NpyException(file, "unreadable shape (" + tuple + ")");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String find(Path file, Pattern pattern, String header, String key) throws NpyException {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new NpyException(file, "header has no readable '" + key + "' entry");
        }
        return m.group(1);
    }

    private static void check(Path file, boolean ok, String message) throws NpyException {
        if (!ok) {
            throw new NpyException(file, message);
        }
    }

    static long count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Long.MAX_VALUE / 65536) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }

    /** A malformed or unsupported {@code .npy} file; the message names the file. */
    public static final class NpyException extends IOException {
        private static final long serialVersionUID = 1L;

        NpyException(Path file, String message) {
            super(file + ": " + message);
        }
    }
}
