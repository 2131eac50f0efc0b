package org.spacetimelens.app;

/** What playback does at the end. */
public enum LoopMode {
    OFF("No loop"), VIDEO("Loop video"), CLIP("Loop clip span");

    private final String label;

    LoopMode(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
