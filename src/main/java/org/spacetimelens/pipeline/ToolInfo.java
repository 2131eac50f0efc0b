package org.spacetimelens.pipeline;

/**
 * The tool's name and version, recorded in every sidecar and shown by {@code --version}. The jar's
 * manifest wins when present (a packaged build); {@link #VERSION} covers classes run from a build folder.
 */
public final class ToolInfo {
    /** The version of this source tree (keep in step with the pom). */
    public static final String VERSION = "0.1.0";

    private ToolInfo() {
    }

    /** The manifest's implementation version when packaged, else {@link #VERSION}. */
    public static String version() {
        String packaged = ToolInfo.class.getPackage().getImplementationVersion();
        return packaged != null ? packaged : VERSION;
    }
}
