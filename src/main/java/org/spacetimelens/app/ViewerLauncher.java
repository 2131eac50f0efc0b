package org.spacetimelens.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.application.Application;
import org.spacetimelens.model.Engines;

/**
 * Starts the viewer from a plain classpath ({@code java -jar}): JavaFX refuses to launch a main
 * class that extends {@link Application} when JavaFX is not on the module path, so this
 * non-Application class does it. The CLI's {@code view} command and {@code Main} without a
 * subcommand call {@link #launch}.
 */
public final class ViewerLauncher {
    private ViewerLauncher() {
    }

    /** {@code [VIDEO] [--model PATH]}. */
    public static void main(String[] args) {
        // library and decoder logs to the viewer's log file, as `spacetime-lens view` does
        org.spacetimelens.logging.Logs.configure(org.spacetimelens.logging.Logs.Program.VIEWER, false);
        Path video = null;
        Path model = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--model") && i + 1 < args.length) {
                model = Path.of(args[++i]);
            } else if (!args[i].startsWith("--")) {
                video = Path.of(args[i]);
            }
        }
        System.exit(launch(video, model));
    }

    /**
     * Opens the viewer and blocks until its window closes. Null paths mean the demo assets.
     *
     * @return 0 on a normal close, 2 when the viewer cannot start (reason printed to stderr)
     */
    public static int launch(Path video, Path model) {
        String problem = checkStart(video, model);
        if (problem != null) {
            System.err.println("spacetime-lens view: " + problem);
            return 2;
        }
        Engines.ensureOffline();
        List<String> params = new ArrayList<>();
        if (video != null) {
            params.add("--video=" + video.toAbsolutePath());
        }
        if (model != null) {
            params.add("--model=" + model.toAbsolutePath());
        }
        Application.launch(SpacetimeLensApp.class, params.toArray(String[]::new));
        return 0;
    }

    /** A one-line reason the viewer cannot start, or null. */
    static String checkStart(Path video, Path model) {
        if (video != null && !Files.exists(video)) {
            return "video not found: " + video.toAbsolutePath();
        }
        if (model != null && !Files.exists(model)) {
            return "model not found: " + model.toAbsolutePath();
        }
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        boolean monocle = "Monocle".equalsIgnoreCase(System.getProperty("glass.platform"));
        if (linux && !monocle && System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            return "no display found (DISPLAY is not set). The viewer needs a desktop session; on a headless "
                    + "machine use the command-line subcommands (export, predict), or run it under xvfb-run.";
        }
        return null;
    }
}
