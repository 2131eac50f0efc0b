package org.spacetimelens.app;

/** Which frames of the video the model sees. */
public enum SamplingMode {
    UNIFORM("Uniform"), WINDOW("Window");

    private final String label;

    SamplingMode(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
