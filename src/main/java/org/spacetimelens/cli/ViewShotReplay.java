package org.spacetimelens.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.pipeline.ClipExport;
import org.spacetimelens.pipeline.ExportSettings;
import org.spacetimelens.pipeline.ReplayArgs;
import org.spacetimelens.pipeline.ScreenshotReplay;
import org.spacetimelens.pipeline.Sidecar;
import org.spacetimelens.render.ViewShot;

/** {@code export --view-shot SIDECAR}: re-draws a viewer screenshot ({@link ScreenshotReplay}). */
final class ViewShotReplay {
    private ViewShotReplay() {
    }

    static int run(ExportCommand c, ExportSettings settings) throws Exception {
        Path file = c.viewShot;
        if (!Files.isRegularFile(file)) {
            throw new CliException(ReplayArgs.VIEW_SHOT + " " + file + ": no such sidecar");
        }
        ViewShot shot = Sidecar.readView(file);
        if (shot == null) {
            throw new CliException(file + ": has no \"view\"; only a viewer screenshot's sidecar can be re-drawn");
        }
        String name = Sidecar.readArtefact(file);
        if (name == null || !name.toLowerCase(java.util.Locale.ROOT).endsWith(".png") || name.contains("/")
                || name.contains("\\")) {
            throw new CliException(file + ": its \"artefact\" must name the screenshot's PNG, found " + name);
        }
        c.model.checkPaths();
        try (VideoModel net = c.model.load()) {
            ClipExport export = new ClipExport(net, c.checkpoint());
            Path png = ScreenshotReplay.run(export, c.model.clip, settings, shot, name, c.out, c.overwrite());
            c.spec.commandLine().getOut().println("wrote " + png + " and " + ScreenshotReplay.sidecarOf(png)
                    .getFileName());
        }
        return 0;
    }

    /** In replay arguments, points {@code --view-shot} at the sidecar being replayed (it may have moved). */
    static void pointAt(List<String> args, Path replayed) {
        int i = args.indexOf(ReplayArgs.VIEW_SHOT);
        if (i >= 0 && i + 1 < args.size()) {
            args.set(i + 1, replayed.toAbsolutePath().normalize().toString());
        }
    }
}
