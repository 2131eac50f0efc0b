package org.spacetimelens.app;

/** Progress of long backend work (0..1); implementations must be thread-safe. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, message) -> { };

    void progress(double done, String message);
}
