package org.spacetimelens.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One tensor exactly as a checkpoint stores it: dtype, shape and its contiguous row-major
 * little-endian bytes — in memory, or a region of a file that is only read when the values are
 * used. Nothing is converted until {@link #toFloatArray()} or {@link #writeFloat32} is called, so
 * opening a big file costs no memory until the weights are used.
 */
public final class RawTensor {
    /** Conversions from a file read it in pieces of this many bytes. */
    private static final int CHUNK = 1 << 20;

    private final String name;
    private final TensorDType dtype;
    private final long[] shape;
    /** In-memory bytes, or null for a file region. */
    private final ByteBuffer data;
    private final Path file;
    private final long offset;

    /**
     * @param data exactly {@code numel(shape) * dtype.bytes()} bytes from position 0; it is
     *             duplicated and set to little-endian order
     */
    public RawTensor(String name, TensorDType dtype, long[] shape, ByteBuffer data) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.file = null;
        this.offset = 0;
        long expected = byteSize();
        if (this.data.remaining() != expected) {
            throw new IllegalArgumentException("tensor " + name + ": " + this.data.remaining()
                    + " bytes for shape " + Arrays.toString(shape) + " " + dtype + " (expected " + expected + ")");
        }
    }

    private RawTensor(String name, TensorDType dtype, long[] shape, Path file, long offset) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = null;
        this.file = file;
        this.offset = offset;
        if (byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor " + name + " spans " + byteSize()
                    + " bytes; tensors over 2 GiB are not supported");
        }
    }

    /**
     * A tensor whose {@code numel(shape) * dtype.bytes()} bytes start at {@code offset} in {@code file}
     * (the caller has checked that they lie inside it). Reading it later does not keep the file
     * mapped, so loaded weights do not stay resident twice (once as file pages, once as tensors).
     */
    public static RawTensor inFile(String name, TensorDType dtype, long[] shape, Path file, long offset) {
        return new RawTensor(name, dtype, shape, file, offset);
    }

    /** Bytes of the stored values. */
    public long byteSize() {
        return numel(shape) * dtype.bytes();
    }

    /** A float32 tensor from values (used by writers and tests). */
    public static RawTensor ofFloats(String name, long[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new RawTensor(name, TensorDType.F32, shape, b);
    }

    public String name() {
        return name;
    }

    public TensorDType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long numel() {
        return numel(shape);
    }

    /**
     * A read-only little-endian view of the bytes, positioned at 0 (a file region is memory-mapped
     * for as long as the view is referenced).
     *
     * @throws UncheckedIOException when a file region can no longer be read
     */
    public ByteBuffer data() {
        if (data != null) {
            return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }
        if (byteSize() == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, offset, byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read tensor " + name + ": " + e.getMessage(), e);
        }
    }

    /** The values widened or narrowed to float32 (F64 is rounded, F16/BF16 are exact). */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(numel())];
        writeFloats(FloatBuffer.wrap(out));
        return out;
    }

    /**
     * Writes the values as float32 in {@code dst}'s byte order at its position, advancing it (F64
     * is rounded, F16/BF16 are exact). Lets weights go straight into the engine's native buffers
     * without a heap copy. A file region is read with positional reads, piece by piece.
     *
     * @throws IllegalStateException for a dtype that is not a floating-point weight
     * @throws UncheckedIOException  when a file region can no longer be read (file changed or truncated)
     */
    public void writeFloat32(ByteBuffer dst) {
        FloatBuffer view = dst.asFloatBuffer(); // in dst's byte order
        writeFloats(view);
        dst.position(dst.position() + view.position() * 4);
    }

    private void writeFloats(FloatBuffer dst) {
        if (dtype != TensorDType.F32 && dtype != TensorDType.F64 && dtype != TensorDType.F16
                && dtype != TensorDType.BF16) {
            throw new IllegalStateException("tensor " + name + " has dtype " + dtype
                    + ", which cannot be used as a weight (expected F32, F16, BF16 or F64)");
        }
        if (data != null) {
            convert(data(), dst);
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer piece = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(byteSize(), 8)))
                    .order(ByteOrder.LITTLE_ENDIAN);
            long done = 0;
            long total = byteSize();
            while (done < total) {
                piece.clear();
                piece.limit((int) Math.min(piece.capacity(), total - done));
                while (piece.hasRemaining()) {
                    if (ch.read(piece, offset + done + piece.position()) < 0) {
                        throw new IOException("file ended inside the tensor (was it changed or truncated after opening?)");
                    }
                }
                piece.flip();
                done += piece.remaining();
                convert(piece, dst);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read tensor " + name + ": " + e.getMessage(), e);
        }
    }

    /** Converts all of {@code src} (little-endian, this dtype, a whole number of elements) into dst. */
    private void convert(ByteBuffer src, FloatBuffer dst) {
        int n = src.remaining() / dtype.bytes();
        int at = src.position();
        switch (dtype) {
            case F32 -> dst.put(src.asFloatBuffer()); // bulk when the byte orders match
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    dst.put((float) src.getDouble(at + i * 8));
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst.put(Half.toFloat(src.getShort(at + i * 2)));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst.put(Float.intBitsToFloat((src.getShort(at + i * 2) & 0xFFFF) << 16));
                }
            }
            default -> throw new IllegalStateException("unreachable: " + dtype);
        }
    }

    /** Shape as "(a, b, c)". */
    public String shapeString() {
        return shapeString(shape);
    }

    static String shapeString(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    /** Product of the dimensions; throws ArithmeticException on overflow. */
    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " " + dtype + shapeString();
    }
}
