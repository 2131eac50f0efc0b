package org.spacetimelens.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.spacetimelens.model.CheckpointException;
import org.spacetimelens.video.VideoException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed command into one line on stderr and exit code 1 (the stack trace only with
 * {@code --verbose}). Expected failures (bad files, bad options, unreadable checkpoints) print their
 * message; anything else is labelled an internal error with its type.
 */
final class ErrorHandler implements IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    static final int BAD_INPUT = 1;
    static final int INTERNAL = 70; // EX_SOFTWARE

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean expected = ex instanceof CliException || ex instanceof CheckpointException || ex instanceof VideoException
                || ex instanceof IllegalArgumentException || ex instanceof java.io.IOException;
        err.println(cmd.getCommandName() + ": error: " + describe(ex));
        if (cmd.getCommand() instanceof Verbosity v && v.verbose()) {
            ex.printStackTrace(err);
        } else if (!expected) {
            err.println("(run with --verbose for the stack trace)");
        }
        err.flush();
        return expected ? BAD_INPUT : INTERNAL;
    }

    /**
     * Bad flags: one line with the reason and where to find help (instead of the whole usage text), and
     * exit 1 like every other bad input (README's exit statuses; picocli's own default would be 2).
     */
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandName() + ": error: " + oneLine(ex.getMessage()) + " (see '"
                + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return BAD_INPUT;
    }

    static String describe(Exception ex) {
        if (ex instanceof NoSuchFileException e) {
            return "no such file: " + e.getFile();
        }
        if (ex instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (ex instanceof CliException || ex instanceof CheckpointException || ex instanceof VideoException
                || ex instanceof IllegalArgumentException || ex instanceof java.io.IOException) {
            return oneLine(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
        }
        return "internal error: " + ex.getClass().getName() + (ex.getMessage() == null ? "" : ": " + oneLine(ex.getMessage()));
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
