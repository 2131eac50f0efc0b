package org.spacetimelens.app;

/**
 * A failure the user can act on. The message is what the viewer shows (one or two sentences:
 * which file, what was wrong, what to do); the cause is kept for the log only.
 */
public class BackendException extends Exception {
    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
