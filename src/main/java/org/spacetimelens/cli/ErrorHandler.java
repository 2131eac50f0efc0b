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
 * message; anything else is labelled an internal error with its type, on the same line, and exits 1 too:
 * the user's next step is the same (check the input, or report the line), and scripts see one failure code.
 */
final class ErrorHandler implements IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    static final int BAD_INPUT = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean expected = ex instanceof CliException || ex instanceof CheckpointException || ex instanceof VideoException
                || ex instanceof IllegalArgumentException || ex instanceof java.io.IOException;
        boolean verbose = cmd.getCommand() instanceof Verbosity v && v.verbose();
        err.println(cmd.getCommandName() + ": error: " + describe(ex)
                + (expected || verbose ? "" : " (run with --verbose for the stack trace)"));
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return BAD_INPUT;
    }

    /**
     * picocli's default strategy ({@code RunLast}), with an {@link Error} (out of memory, stack overflow) handed to
     * {@link #handleExecutionException} as well: picocli lets Errors escape {@code execute}, which would print a
     * raw stack trace.
     */
    static int execute(ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (Error e) {
            ParseResult last = parsed;
            while (last.hasSubcommand()) {
                last = last.subcommand();
            }
            throw new CommandLine.ExecutionException(last.commandSpec().commandLine(), e.toString(), e);
        }
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
                || ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
                || ex instanceof org.spacetimelens.model.AttentionStoreException) {
            return oneLine(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage());
        }
        // picocli wraps what is not an Exception (an Error) in its ExecutionException: name the real cause
        Throwable t = ex instanceof CommandLine.ExecutionException && ex.getCause() != null ? ex.getCause() : ex;
        return "internal error: " + t.getClass().getName() + (t.getMessage() == null ? "" : ": " + oneLine(t.getMessage()));
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
