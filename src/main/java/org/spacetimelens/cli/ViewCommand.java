package org.spacetimelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.spacetimelens.app.ViewerLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code view [VIDEO] [--model PATH]}: opens the viewer (the demo video and model by default). A missing
 * path is bad input: one line naming it, exit 1 (as every command); 2 means the viewer itself cannot start
 * (no display).
 */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = "Open the viewer on a video (default: the bundled demo video and model).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the viewer was closed",
            "1:bad input: VIDEO or --model does not exist (one line on stderr)",
            "2:the viewer cannot start (no display; the reason on stderr)"})
public final class ViewCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "VIDEO",
            description = "Video file or folder of frames (default: the demo video).")
    Path video;

    @Option(names = "--model", paramLabel = "PATH",
            description = "Checkpoint: Hugging Face folder, weights file or .pyth (default: the demo model).")
    Path model;

    @Override
    public Integer call() throws CliException {
        if (video != null && !Files.exists(video)) {
            throw new CliException("no such video file or folder: " + video.toAbsolutePath());
        }
        if (model != null && !Files.exists(model)) {
            throw new CliException("--model: no such file or folder: " + model.toAbsolutePath());
        }
        // Goes through the launcher class so this package never touches JavaFX itself.
        return ViewerLauncher.launch(video, model);
    }
}
