package org.spacetimelens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Whatever a command throws reaches the user as exit 1 and one line (the stack trace only with --verbose). */
class ErrorHandlerTest {

    @Command(name = "boom")
    static final class Boom implements Callable<Integer>, Verbosity {
        @Option(names = "--verbose")
        boolean verbose;
        Throwable toThrow;

        @Override
        public Integer call() throws Exception {
            if (toThrow instanceof Exception e) {
                throw e;
            }
            throw (Error) toThrow;
        }

        @Override
        public boolean verbose() {
            return verbose;
        }
    }

    private static CliErrorsTest.Result run(Throwable t, String... args) {
        Boom boom = new Boom();
        boom.toThrow = t;
        ErrorHandler errors = new ErrorHandler();
        CommandLine cmd = new CommandLine(boom).setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors)
                .setExecutionStrategy(ErrorHandler::execute); // as Main.commandLine() sets them
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        return new CliErrorsTest.Result(cmd.execute(args), "", err.toString());
    }

    @Test
    void unexpectedExceptionsAndErrorsAreOneLineAndExitOne() {
        CliErrorsTest.Result r = run(new IllegalStateException("shape '[1, 2]' is\ninvalid"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("boom: error: internal error: java.lang.IllegalStateException: shape '[1, 2]' is")
                .contains("--verbose");
        r = run(new StackOverflowError());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("internal error: java.lang.StackOverflowError");
    }

    @Test
    void expectedFailuresAreTheirMessageAndVerboseAddsTheTrace() {
        CliErrorsTest.Result r = run(new IllegalArgumentException("query is outside the grid"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("boom: error: query is outside the grid");
        r = run(new IllegalStateException("x"), "--verbose");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines().count()).isGreaterThan(1);
        assertThat(r.err()).contains("at org.spacetimelens.cli.ErrorHandlerTest");
    }
}
