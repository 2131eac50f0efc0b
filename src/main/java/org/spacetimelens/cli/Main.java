package org.spacetimelens.cli;

import org.spacetimelens.pipeline.ToolInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code spacetime-lens.jar}: picocli subcommands. */
@Command(name = "spacetime-lens", mixinStandardHelpOptions = true, version = "Spacetime Lens " + ToolInfo.VERSION,
        description = "Attention rollout for TimeSformer video transformers.",
        subcommands = {ExportCommand.class, PredictCommand.class, TrainDemoCommand.class, DemoEvalCommand.class,
                EvaluateCommand.class,
                ViewCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    public static void main(String[] args) {
        org.spacetimelens.model.Engines.ensureOffline(); // before anything can start the engine
        System.exit(commandLine().execute(args));
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
