package org.spacetimelens.cli;

import java.util.Arrays;
import java.util.List;
import org.spacetimelens.logging.Logs;
import org.spacetimelens.pipeline.ToolInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code spacetime-lens.jar}: picocli subcommands. */
@Command(name = "spacetime-lens", mixinStandardHelpOptions = true, version = "Spacetime Lens " + ToolInfo.VERSION,
        description = "Attention rollout for TimeSformer video transformers.",
        footer = {"", "Engine and decoder logs (DJL, FFmpeg) go to cli.log (viewer.log for the viewer) in "
                + Logs.LOCATION_HELP + ", rewritten each run; --verbose prints them on stderr instead."},
        subcommands = {ExportCommand.class, PredictCommand.class, TrainDemoCommand.class, DemoEvalCommand.class,
                EvaluateCommand.class,
                ViewCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    public static void main(String[] args) {
        configureLogs(args); // before any class makes a logger
        org.spacetimelens.model.Engines.ensureOffline(); // before anything can start the engine
        System.exit(commandLine().execute(args));
    }

    /** Library logs to the CLI's (or, without a subcommand or with {@code view}, the viewer's) log file. */
    static void configureLogs(String[] args) {
        List<String> a = Arrays.asList(args);
        String sub = a.stream().filter(s -> !s.startsWith("-")).findFirst().orElse("view");
        Logs.configure(sub.equals("view") ? Logs.Program.VIEWER : Logs.Program.CLI, a.contains("--verbose"));
    }

    /** The configured command line (error handling included); tests execute it directly. */
    public static CommandLine commandLine() {
        ErrorHandler errors = new ErrorHandler();
        return new CommandLine(new Main()).setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors)
                .setExecutionStrategy(ErrorHandler::execute);
    }

    /** No subcommand: open the viewer on the demo assets (as {@code view}). */
    @Override
    public Integer call() throws CliException {
        return new ViewCommand().call();
    }
}
