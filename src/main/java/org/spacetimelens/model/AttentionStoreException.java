package org.spacetimelens.model;

/**
 * The attention record's file could not be created, written or mapped (folder not writable, disk full); the
 * message names the folder, what went wrong and what to do.
 */
public final class AttentionStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AttentionStoreException(String message) {
        super(message);
    }

    public AttentionStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
