package org.spacetimelens.app;

import java.awt.image.BufferedImage;

/**
 * An open video in the core. Called from background threads only, one call at a time per handle
 * (the viewer's services serialise their use); {@link #close()} releases the decoder.
 */
public interface VideoHandle extends AutoCloseable {
    VideoMeta meta();

    /** Frame {@code index} at source resolution, exactly that frame. */
    BufferedImage frame(int index) throws BackendException;

    /** A small copy of frame {@code index}, {@code height} pixels high, for the filmstrip. */
    BufferedImage thumbnail(int index, int height) throws BackendException;

    @Override
    void close();
}
