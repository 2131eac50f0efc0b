package org.spacetimelens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Copies captured attention out of the engine (as {@link TimeSformer} does for its own record). */
final class AttentionCopies {

    private AttentionCopies() {
    }

    /**
     * The values, read through a view of the tensor's own memory: DJL's {@code toFloatArray()} first copies
     * into a heap byte[] (1.4 GB of garbage per base VideoMAE pass).
     */
    static float[] floats(NDArray a) {
        FloatBuffer b = a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    /** Converted on the device (round to nearest even, as {@link Half#fromFloat}); half the bytes copied. */
    static short[] halfBits(NDArray a) {
        NDArray h = a.toType(DataType.FLOAT16, false);
        ByteBuffer b = h.toByteBuffer(true).order(ByteOrder.nativeOrder());
        short[] out = new short[b.remaining() / 2];
        b.asShortBuffer().get(out);
        return out;
    }
}
