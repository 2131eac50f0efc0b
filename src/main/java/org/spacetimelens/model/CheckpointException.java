package org.spacetimelens.model;

import java.nio.file.Path;

/**
 * A checkpoint could not be read or does not fit the model: the message names the file, the
 * key or field, what was found and what was expected, and what the user can do.
 */
public class CheckpointException extends Exception {
    private final transient Path file;

    public CheckpointException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public CheckpointException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
