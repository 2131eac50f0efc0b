package org.spacetimelens.model;

import java.util.Locale;

/**
 * Element types a checkpoint may store, with their safetensors spelling and byte width. Only the
 * floating-point ones can become model weights; the others are recognised so that a file holding
 * them is still validated (sizes, offsets) and refused with a precise message only if such a
 * tensor is actually needed.
 */
public enum TensorDType {
    F64(8, true), F32(4, true), F16(2, true), BF16(2, true),
    I64(8, false), I32(4, false), I16(2, false), I8(1, false), U8(1, false), BOOL(1, false);

    private final int bytes;
    private final boolean floating;

    TensorDType(int bytes, boolean floating) {
        this.bytes = bytes;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether values can be widened to float32 model weights. */
    public boolean isFloating() {
        return floating;
    }

    /** Parses a safetensors dtype string; null when unknown. */
    public static TensorDType fromSafetensors(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
