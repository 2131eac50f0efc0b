package org.spacetimelens.app;

/** How the selected heads of a layer are fused into one map. */
public enum HeadFusion {
    MEAN("Mean"), MAX("Max"), MIN("Min");

    private final String label;

    HeadFusion(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
