package org.spacetimelens.pipeline;

import java.util.Locale;

/** Which source frames an overlay video covers. */
public enum VideoSpan {
    /** Every frame of the source video; maps before the first / after the last sampled frame hold. */
    ALL,
    /** From the clip's first to its last sampled source frame. */
    CLIP;

    public static VideoSpan byName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown video span '" + name + "'; choose all or clip");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
