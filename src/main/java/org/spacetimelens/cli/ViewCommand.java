package org.spacetimelens.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spacetimelens.app.ViewerLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code view [VIDEO] [--model PATH]}: opens the viewer (the demo video and model by default). */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = "Open the viewer on a video (default: the bundled demo video and model).")
public final class ViewCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "VIDEO",
            description = "Video file or folder of frames (default: the demo video).")
    Path video;

    @Option(names = "--model", paramLabel = "PATH",
            description = "Checkpoint: Hugging Face folder, weights file or .pyth (default: the demo model).")
    Path model;

    @Override
    public Integer call() {
        // Goes through the launcher class so this package never touches JavaFX itself.
        return ViewerLauncher.launch(video, model);
    }
}
