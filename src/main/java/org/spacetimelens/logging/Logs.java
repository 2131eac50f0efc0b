package org.spacetimelens.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends library logs (DJL's engine start-up, FFmpeg's decoder complaints, our own {@code slf4j}
 * lines) to a log file instead of the terminal, so a command prints only its own lines; with
 * {@code verbose} they go to stderr as before.
 *
 * <p>Why slf4j-simple stays the binding: it already writes to a file or to stderr, chosen by system
 * properties read when the first logger is made, which is all we need; a binding with appenders
 * (logback) would add a dependency and a config file to tee both at once, which {@code --verbose}
 * users do not need. Call {@link #configure} first thing in {@code main}, before any class makes a
 * logger; later calls do nothing.
 *
 * <p>The file holds the latest run of each program (it is rewritten at start):
 * {@code $XDG_STATE_HOME/spacetime-lens/logs/<program>.log}, {@code ~/.local/state/...} without
 * that variable; {@code -Dspacetimelens.logFile=PATH} overrides it.
 */
public final class Logs {
    private Logs() {
    }

    /** Which program's log this is (one file each, so the viewer and a CLI run do not overwrite each other). */
    public enum Program {
        CLI("cli"), VIEWER("viewer");

        final String fileName;

        Program(String name) {
            this.fileName = name + ".log";
        }
    }

    /** Shown in {@code --help}: where the log file is, with the environment's variables unexpanded. */
    public static final String LOCATION_HELP = "$XDG_STATE_HOME/spacetime-lens/logs/ (default ~/.local/state/spacetime-lens/logs/)";

    private static final String LOG_FILE = "org.slf4j.simpleLogger.logFile";
    private static Path configured;
    private static boolean done;

    /**
     * Chooses the destination of every slf4j logger of this JVM. Returns the log file, or null when
     * the logs go to stderr ({@code verbose}, or the folder cannot be created: then only errors are
     * shown there, so a read-only home does not bring the engine's chatter back).
     */
    public static synchronized Path configure(Program program, boolean verbose) {
        if (done) {
            return configured;
        }
        done = true;
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        if (System.getProperty(LOG_FILE) != null) {
            return null; // the user chose
        }
        if (verbose) {
            System.setProperty(LOG_FILE, "System.err");
            return null;
        }
        Path file = logFile(program);
        try {
            Files.createDirectories(file.getParent());
            System.setProperty(LOG_FILE, file.toString());
            configured = file;
        } catch (IOException | SecurityException e) {
            System.setProperty(LOG_FILE, "System.err");
            setDefault("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        return configured;
    }

    /** The file {@link #configure} writes to for {@code program} (whether or not it has been called). */
    public static Path logFile(Program program) {
        String override = System.getProperty("spacetimelens.logFile");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        return stateDir().resolve("logs").resolve(program.fileName);
    }

    /**
     * The tool's per-user state folder: {@code $XDG_STATE_HOME/spacetime-lens} when that is an absolute path,
     * else {@code ~/.local/state/spacetime-lens} (logs, the viewer's copies: the user's own files, not a cache).
     */
    public static Path stateDir() {
        String state = System.getenv("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank() && Path.of(state).isAbsolute()
                ? Path.of(state)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("spacetime-lens");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
