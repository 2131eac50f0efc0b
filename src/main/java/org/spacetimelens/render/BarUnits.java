package org.spacetimelens.render;

/** Which numbers the colour bar's scale shows. */
public enum BarUnits {
    /** The map's values as normalised by the rollout parameters (0..1). */
    NORMALISED,
    /** Rollout mass before normalisation (comparable across clips). */
    RAW;

    public static BarUnits byName(String name) {
        return Names.parse(BarUnits.class, name, "colour-bar units");
    }
}
