package org.spacetimelens.cli;

/** Bad input the user can fix; its message is printed as the one-line reason. */
public final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }
}
