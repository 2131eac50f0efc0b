package org.spacetimelens.pipeline;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.spacetimelens.render.VideoFormat;

/** The artefacts an export can write into its output folder. */
public enum ExportFormat {
    /** {@code maps.npz}: logits, maps, attentions, frame indices and timestamps. */
    NPZ,
    /** {@code overlays/overlay_tNN_FFFFFF.png}: one overlay per clip frame (clip position, source frame). */
    PNG,
    /** {@code sheet.png}: the contact sheet of the published figures. */
    SHEET,
    /** {@code overlay.mp4}: overlay video, H.264. */
    MP4,
    /** {@code overlay.gif}: overlay video, animated GIF. */
    GIF,
    /** {@code overlay.webm}: overlay video, VP9. */
    WEBM;

    /** Formats written when none are asked for: maps and the sheet for videos, maps alone for a tensor. */
    public static Set<ExportFormat> defaults(InputKind kind) {
        return kind.isVideo() ? EnumSet.of(NPZ, SHEET) : EnumSet.of(NPZ);
    }

    /** Parses a comma-separated list such as {@code npz,png,mp4} (case-insensitive). */
    public static Set<ExportFormat> parseList(String list) {
        Set<ExportFormat> out = EnumSet.noneOf(ExportFormat.class);
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            out.add(byName(p));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no export format given; choose from " + choices());
        }
        return out;
    }

    public static ExportFormat byName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown export format '" + name + "'; choose from " + choices());
        }
    }

    static String choices() {
        return Arrays.stream(values()).map(ExportFormat::id).collect(Collectors.joining(", "));
    }

    /** Lower-case name as the command line spells it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The overlay video format, or {@code null} for the still formats. */
    public VideoFormat videoFormat() {
        return switch (this) {
            case MP4 -> VideoFormat.MP4;
            case GIF -> VideoFormat.GIF;
            case WEBM -> VideoFormat.WEBM;
            default -> null;
        };
    }

    /** True when the format draws maps over frames (everything but the npz). */
    public boolean isDrawn() {
        return this != NPZ;
    }
}
