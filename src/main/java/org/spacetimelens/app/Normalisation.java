package org.spacetimelens.app;

/** How a map is scaled for display (ROLLOUT.md "Normalisation"). */
public enum Normalisation {
    GLOBAL("Global max"), PER_FRAME("Per frame"), NONE("None (raw)");

    private final String label;

    Normalisation(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
