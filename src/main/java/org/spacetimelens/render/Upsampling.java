package org.spacetimelens.render;

/** How a patch-grid map is brought to pixel size. */
public enum Upsampling {
    /** Smooth: {@code cv2.resize(..., INTER_LINEAR)} semantics (half-pixel centres, clamped edges). */
    BILINEAR,
    /** Blocky: every pixel takes the value of the token (patch) that covers it. */
    NEAREST;

    /** Case-insensitive parse with a clear error listing the choices. */
    public static Upsampling byName(String name) {
        return Names.parse(Upsampling.class, name, "upsampling");
    }
}
