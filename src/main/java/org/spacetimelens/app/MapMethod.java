package org.spacetimelens.app;

/** What the heat map shows (ROLLOUT.md: rollout, or one layer's raw attention). */
public enum MapMethod {
    ROLLOUT("Rollout"),
    SPATIAL("Spatial attention"),
    TEMPORAL("Temporal attention");

    private final String label;

    MapMethod(String label) {
        this.label = label;
    }

    public MapMethod next() {
        return values()[(ordinal() + 1) % values().length];
    }

    @Override
    public String toString() {
        return label;
    }
}
