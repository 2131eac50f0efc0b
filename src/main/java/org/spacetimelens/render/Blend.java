package org.spacetimelens.render;

/** How the coloured map is combined with the frame. */
public enum Blend {
    /**
     * The published style: {@code heat = jet(uint8(255·m))/255; cam = heat + img/255;
     * cam /= max(cam); uint8(255·cam)} — heat and image add up, then the whole picture is renormalised.
     */
    ADDITIVE,
    /** Alpha-over: {@code img·(1−a) + heat·a} with {@code a = opacity} (or {@code opacity·m} when value-weighted). */
    ALPHA,
    /** The frame untouched, with iso-lines of the map at the chosen levels, coloured by the colormap. */
    CONTOUR;

    /** Case-insensitive parse with a clear error listing the choices. */
    public static Blend byName(String name) {
        return Names.parse(Blend.class, name, "blend");
    }
}
