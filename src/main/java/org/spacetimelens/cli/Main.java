package org.spacetimelens.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code spacetime-lens.jar}: picocli subcommands. */
@Command(name = "spacetime-lens", mixinStandardHelpOptions = true, version = "Spacetime Lens 0.1.0",
        description = "Attention rollout for TimeSformer video transformers.",
        subcommands = {CommandLine.HelpCommand.class, TrainDemoCommand.class, DemoEvalCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
