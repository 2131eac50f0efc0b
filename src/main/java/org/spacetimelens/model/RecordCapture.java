package org.spacetimelens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an {@link AttentionRecord} layer by layer as the forward pass produces the attention, on the heap or
 * straight into a mapped {@link AttentionFile} ({@link AttentionStorage}): each layer leaves the engine as soon
 * as it is made, so native memory holds about one layer's maps, never the record. The file (with its free-space
 * check) is opened before the forward pass, so a folder that cannot take the record fails at once.
 */
final class RecordCapture implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordCapture.class);

    private final AttentionType type;
    private final TokenLayout layout;
    private final int layers;
    private final int frames;
    private final int gridH;
    private final int gridW;
    private final int heads;
    private final boolean half;
    private final AttentionFile file;
    private final float[][] s32;
    private final float[][] t32;
    private final short[][] s16;
    private final short[][] t16;
    private boolean built;

    /**
     * @param layout joint token order (null for divided and space-only; {@link TokenLayout#TIMESFORMER_JOINT}
     *               for TimeSformer's joint attention)
     */
    RecordCapture(AttentionType type, TokenLayout layout, int layers, int frames, int gridH, int gridW, int heads,
            AttentionStorage storage) {
        this.type = type;
        this.layout = layout;
        this.layers = layers;
        this.frames = frames;
        this.gridH = gridH;
        this.gridW = gridW;
        this.heads = heads;
        this.half = storage.half();
        long bytes = AttentionRecord.bytesOf(type, layout, layers, frames, gridH, gridW, heads, half);
        boolean divided = type == AttentionType.DIVIDED_SPACE_TIME;
        if (storage.mapped(bytes)) {
            long g = (long) gridH * gridW;
            long n = layout == null ? 1 + g : (layout.cls() ? 1 + g * frames : g * frames);
            long spatial = type == AttentionType.JOINT_SPACE_TIME ? heads * n * n : (long) frames * heads * n * n;
            long[] slabs = new long[divided ? 2 * layers : layers];
            for (int l = 0; l < layers; l++) {
                slabs[l] = spatial;
                if (divided) {
                    slabs[layers + l] = g * heads * frames * frames;
                }
            }
            file = AttentionFile.create(storage.directory(), slabs, half);
            LOG.info("attention record: {}", storage.describe(bytes));
            s32 = null;
            t32 = null;
            s16 = null;
            t16 = null;
        } else {
            file = null;
            LOG.debug("attention record: {}", storage.describe(bytes));
            s32 = half ? null : new float[layers][];
            t32 = half || !divided ? null : new float[layers][];
            s16 = half ? new short[layers][] : null;
            t16 = half && divided ? new short[layers][] : null;
        }
    }

    /** Layer {@code l}'s spatial (or joint) probabilities, in the record's layout. */
    void spatial(int l, NDArray probs) {
        if (file != null) {
            write(l, probs);
        } else if (half) {
            s16[l] = AttentionCopies.halfBits(probs);
        } else {
            s32[l] = AttentionCopies.floats(probs);
        }
    }

    /** Layer {@code l}'s temporal probabilities (divided space-time). */
    void temporal(int l, NDArray probs) {
        if (file != null) {
            write(layers + l, probs);
        } else if (half) {
            t16[l] = AttentionCopies.halfBits(probs);
        } else {
            t32[l] = AttentionCopies.floats(probs);
        }
    }

    /** The engine's bytes, converted on the device when float16, written without a heap copy. */
    private void write(int slab, NDArray probs) {
        NDArray h = half ? probs.toType(DataType.FLOAT16, false) : probs;
        try {
            ByteBuffer b = h.toByteBuffer(true).order(ByteOrder.nativeOrder());
            file.write(slab, b);
        } finally {
            if (h != probs) {
                h.close(); // the next layer's maps must not pile up on this one
            }
        }
    }

    /** The finished record; this capture then no longer owns its file. */
    AttentionRecord build() {
        built = true;
        if (file != null) {
            return AttentionRecord.ofFile(type, layout, layers, frames, gridH, gridW, heads, file);
        }
        if (type == AttentionType.JOINT_SPACE_TIME && layout != null && !layout.equals(TokenLayout.TIMESFORMER_JOINT)) {
            return half ? AttentionRecord.ofJointHalf(layout, frames, gridH, gridW, heads, s16)
                    : AttentionRecord.ofJoint(layout, frames, gridH, gridW, heads, s32);
        }
        return half ? AttentionRecord.ofHalf(type, frames, gridH, gridW, heads, s16, t16)
                : AttentionRecord.ofFloat(type, frames, gridH, gridW, heads, s32, t32);
    }

    /** Deletes the file of a capture that did not finish (the forward pass failed). */
    @Override
    public void close() {
        if (!built && file != null) {
            file.close();
        }
    }
}
