package org.spacetimelens.pipeline;

/**
 * The tool's version, shown by {@code --version} and recorded in every sidecar (where the jar manifest's
 * implementation version wins when present, see {@link Provenance#versions}).
 */
public final class ToolInfo {
    /** The version of this source tree (keep in step with the pom's). */
    public static final String VERSION = "0.1.0";

    private ToolInfo() {
    }
}
