package org.spacetimelens.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor exactly as a checkpoint stores it: dtype, shape and its contiguous row-major
 * little-endian bytes (a read-only view, often memory-mapped). Nothing is converted until
 * {@link #toFloatArray()} is called, so loading a big file costs no heap until the weights are used.
 */
public final class RawTensor {
    private final String name;
    private final TensorDType dtype;
    private final long[] shape;
    private final ByteBuffer data;

    /**
     * @param data exactly {@code numel(shape) * dtype.bytes()} bytes from position 0; it is
     *             duplicated and set to little-endian order
     */
    public RawTensor(String name, TensorDType dtype, long[] shape, ByteBuffer data) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long expected = numel(shape) * dtype.bytes();
        if (this.data.remaining() != expected) {
            throw new IllegalArgumentException("tensor " + name + ": " + this.data.remaining()
                    + " bytes for shape " + Arrays.toString(shape) + " " + dtype + " (expected " + expected + ")");
        }
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

    /** A read-only little-endian view of the bytes, positioned at 0. */
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The values widened or narrowed to float32 (F64 is rounded, F16/BF16 are exact). */
    public float[] toFloatArray() {
        int n = Math.toIntExact(numel());
        float[] out = new float[n];
        ByteBuffer b = data();
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble(i * 8);
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Half.toFloat(b.getShort(i * 2));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xFFFF) << 16);
                }
            }
            default -> throw new IllegalStateException("tensor " + name + " has dtype " + dtype
                    + ", which cannot be used as a weight (expected F32, F16, BF16 or F64)");
        }
        return out;
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
