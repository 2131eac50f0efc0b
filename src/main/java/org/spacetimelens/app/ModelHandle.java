package org.spacetimelens.app;

/** A loaded checkpoint in the core; used from one background thread at a time. */
public interface ModelHandle extends AutoCloseable {
    ModelSummary card();

    @Override
    void close();
}
