package org.spacetimelens.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code spacetime-lens.jar}: picocli subcommands. */
@Command(name = "spacetime-lens", mixinStandardHelpOptions = true, version = "Spacetime Lens " + Main.VERSION,
        description = "Attention rollout for TimeSformer video transformers.",
        subcommands = {ExportCommand.class, PredictCommand.class, TrainDemoCommand.class, DemoEvalCommand.class,
                EvaluateCommand.class,
                ViewCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    static final String VERSION = "0.1.0";

    public static void main(String[] args) {
        org.spacetimelens.model.Engines.ensureOffline(); // before anything can start the engine
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (error handling included); tests execute it directly. */
    public static CommandLine commandLine() {
        ErrorHandler errors = new ErrorHandler();
        return new CommandLine(new Main()).setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors);
    }

    /** No subcommand: open the viewer on the demo assets (as {@code view}). */
    @Override
    public Integer call() {
        return new ViewCommand().call();
    }
}
