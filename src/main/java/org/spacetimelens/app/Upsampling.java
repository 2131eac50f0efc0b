package org.spacetimelens.app;

/** How the patch grid is brought to pixel size. */
public enum Upsampling {
    BILINEAR("Bilinear"), NEAREST("Nearest (tokens)");

    private final String label;

    Upsampling(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
