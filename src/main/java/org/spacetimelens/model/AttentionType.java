package org.spacetimelens.model;

import java.util.Locale;

/** The three attention layouts a TimeSformer config can declare ({@code attention_type}). */
public enum AttentionType {
    /** Temporal attention per patch position, then spatial attention per frame (the paper's default). */
    DIVIDED_SPACE_TIME("divided_space_time"),
    /** Spatial attention per frame only; CLS averaged over frames after the last block. */
    SPACE_ONLY("space_only"),
    /** One attention over all (1 + G·T) tokens. */
    JOINT_SPACE_TIME("joint_space_time");

    private final String configName;

    AttentionType(String configName) {
        this.configName = configName;
    }

    /** The spelling used in Hugging Face {@code config.json}. */
    public String configName() {
        return configName;
    }

    /** Parses the HF spelling; throws with the accepted values when unknown. */
    public static AttentionType fromConfig(String name) {
        for (AttentionType t : values()) {
            if (t.configName.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown attention_type '" + name
                + "' (expected divided_space_time, space_only or joint_space_time)");
    }
}
