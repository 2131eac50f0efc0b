package org.spacetimelens.render;

/**
 * What a full-frame overlay shows outside the square the model saw. The model never looked there, so
 * the default dims it (to {@link #DIM_FACTOR}) instead of hiding it: the context stays readable and
 * nobody mistakes "no attention drawn" for "low attention".
 */
public enum OutsideCrop {
    /** The frame at {@link #DIM_FACTOR} brightness. */
    DIM,
    /** The frame unchanged. */
    KEEP;

    /** Brightness kept outside the crop with {@link #DIM}; about what ADDITIVE's renormalisation leaves inside. */
    public static final float DIM_FACTOR = 0.45f;

    public static OutsideCrop byName(String name) {
        return Names.parse(OutsideCrop.class, name, "outside-crop mode");
    }
}
