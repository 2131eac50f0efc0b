package org.spacetimelens.app;

/** How the heat map is combined with the frame. */
public enum Blend {
    ADDITIVE("Additive (paper)"), ALPHA("Alpha over"), CONTOUR("Contours");

    private final String label;

    Blend(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
