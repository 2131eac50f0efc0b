package org.spacetimelens.render;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A 256-entry colour lookup table. The tables are not re-invented: jet is OpenCV's
 * {@code COLORMAP_JET} exactly as {@code cv2.applyColorMap} returns it (the published figures use
 * it), viridis/inferno/magma are matplotlib's listed maps, turbo is Google's published table and rdbu_r is
 * matplotlib's RdBu_r (ColorBrewer's RdBu reversed; diverging, for signed differences)
 * (see {@code colormaps/*.txt} in the resources for source and licence of each).
 *
 * <p>A value {@code v} in [0, 1] is quantised the way the published recipe does it,
 * {@code uint8(255·v)} (float32 product, truncated), so index 255 is reached only at 1.0; values
 * outside [0, 1] are clamped and NaN maps to index 0.
 */
public enum Colormap {
    JET("jet", Kind.BYTES),
    VIRIDIS("viridis", Kind.UNIT_FLOATS),
    INFERNO("inferno", Kind.UNIT_FLOATS),
    MAGMA("magma", Kind.UNIT_FLOATS),
    TURBO("turbo", Kind.UNIT_FLOATS),
    GRAY("gray", Kind.RAMP),
    /** Diverging, for signed values (the compare mode's A − B): matplotlib's RdBu_r, blue · white · red. */
    RDBU_R("rdbu_r", Kind.UNIT_FLOATS);

    private enum Kind { BYTES, UNIT_FLOATS, RAMP }

    /** Number of entries in every table. */
    public static final int SIZE = 256;

    private final String id;
    private final int[] lut; // 0xFFRRGGBB

    Colormap(String id, Kind kind) {
        this.id = id;
        this.lut = kind == Kind.RAMP ? grayRamp() : load(id, kind);
    }

    /** Lower-case name used on the command line and in sidecars ({@code "jet"}, {@code "viridis"}…). */
    public String id() {
        return id;
    }

    /** All names {@link #byName} accepts, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Colormap::id).collect(Collectors.toUnmodifiableList());
    }

    /** The map called {@code name} (case-insensitive; "grey" is accepted for gray). */
    public static Colormap byName(String name) {
        if (name != null) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            if (key.equals("grey")) {
                key = "gray";
            }
            for (Colormap c : values()) {
                if (c.id.equals(key)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("unknown colormap '" + name + "'; choose one of " + names());
    }

    /** LUT index of a value, {@code uint8(255·v)} with clamping (see class comment). */
    public static int index(float v) {
        if (!(v > 0f)) {
            return 0; // also NaN
        }
        if (v >= 1f) {
            return SIZE - 1;
        }
        return (int) (255f * v);
    }

    /** Whether the map is diverging (its middle is the neutral colour): for signed values centred on 0. */
    public boolean diverging() {
        return this == RDBU_R;
    }

    /** Colour of LUT entry {@code i} (0..255) as {@code 0xFFRRGGBB}. */
    public int argbAt(int i) {
        return lut[i];
    }

    /** Colour of a value in [0, 1] as {@code 0xFFRRGGBB}. */
    public int argb(float v) {
        return lut[index(v)];
    }

    /** Colour of a value in [0, 1] as {@code 0xRRGGBB} (no alpha). */
    public int rgb(float v) {
        return lut[index(v)] & 0xFFFFFF;
    }

    /** A copy of the 256-entry table, {@code 0xFFRRGGBB} per entry. */
    public int[] lut() {
        return lut.clone();
    }

    /** Package-private view without copying, for the inner loops. */
    int[] lutView() {
        return lut;
    }

    @Override
    public String toString() {
        return id;
    }

    private static int[] grayRamp() {
        int[] t = new int[SIZE];
        for (int i = 0; i < SIZE; i++) {
            t[i] = 0xFF000000 | i << 16 | i << 8 | i;
        }
        return t;
    }

    private static int[] load(String id, Kind kind) {
        String res = "colormaps/" + id + ".txt";
        try (InputStream in = Colormap.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("colormap table " + res + " is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            int[] t = new int[SIZE];
            int n = 0;
            String line;
            while ((line = r.readLine()) != null) {
                line = line.trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\s+");
                if (f.length != 3 || n >= SIZE) {
                    throw new IllegalStateException("colormap table " + res + " is malformed at entry " + n);
                }
                int[] c = new int[3];
                for (int k = 0; k < 3; k++) {
                    c[k] = kind == Kind.BYTES ? Integer.parseInt(f[k]) : toByte(Double.parseDouble(f[k]));
                    if (c[k] < 0 || c[k] > 255) {
                        throw new IllegalStateException("colormap table " + res + " has an out-of-range value at entry " + n);
                    }
                }
                t[n++] = 0xFF000000 | c[0] << 16 | c[1] << 8 | c[2];
            }
            if (n != SIZE) {
                throw new IllegalStateException("colormap table " + res + " has " + n + " entries, expected " + SIZE);
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read colormap table " + res, e);
        }
    }

    /**
     * Unit float to byte by rounding to nearest: this reproduces the published 8-bit values of these
     * maps (e.g. viridis ends at #fde725; matplotlib's own {@code to_hex} rounds the same way).
     */
    private static int toByte(double u) {
        return (int) Math.round(u * 255.0);
    }
}
