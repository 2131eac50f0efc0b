package org.spacetimelens.cli;

/** A command with a {@code --verbose} flag: errors then print their stack trace. */
interface Verbosity {
    boolean verbose();
}
