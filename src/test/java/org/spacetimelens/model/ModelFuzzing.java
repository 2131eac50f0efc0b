package org.spacetimelens.model;

import java.util.Map;

/** Shared by the checkpoint fuzz tests. */
final class ModelFuzzing {
    private ModelFuzzing() {
    }

    /**
     * Reads every tensor the reader returned, as the model loader would (float32 for float dtypes, the
     * raw bytes otherwise): a size the reader let through unchecked shows up here as a huge allocation.
     */
    static void touch(Map<String, RawTensor> tensors) {
        for (RawTensor t : tensors.values()) {
            switch (t.dtype()) {
                case F32, F16, BF16, F64 -> t.toFloatArray();
                default -> t.data().remaining();
            }
        }
    }
}
