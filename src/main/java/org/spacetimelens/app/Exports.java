package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.spacetimelens.pipeline.ExportFormat;
import org.spacetimelens.render.ViewShot;
import org.spacetimelens.render.ViewShotRenderer;
import org.spacetimelens.rollout.AttentionMaps;

/**
 * Export commands: canvas screenshot (1×/2×/4×) with its sidecar, and the figure (contact sheet),
 * overlay video and maps NPZ written by the pipeline in the CLI's folder layout with the
 * {@code params.json} that {@code export --replay} re-runs; and copy to clipboard. The dialog
 * variants ask for a file or folder; the others take one (tests, scripts).
 */
public final class Exports {
    private final ViewerController controller;
    private final IntFunction<BufferedImage> snapshot;
    private final AppPreferences prefs;
    private Window owner;
    private Shots shots;

    /** @param snapshot renders what the centre view shows at the given scale (FX thread) */
    public Exports(ViewerController controller, IntFunction<BufferedImage> snapshot, AppPreferences prefs) {
        this.controller = controller;
        this.snapshot = snapshot;
        this.prefs = prefs;
    }

    void setOwner(Window owner) {
        this.owner = owner;
    }

    /** Writes the centre view at {@code scale}× as PNG, plus the sidecar when a clip is analysed. */
    public void screenshot(Path file, int scale) {
        screenshot(file, scale, false);
    }

    /**
     * Writes the centre view at {@code scale}× as PNG with its sidecar. With an analysed clip the picture
     * is drawn by the core from a {@link ViewShot} of the view ({@link ScreenshotView}): the frame's
     * visible part (no letterbox) or the grid, every overlay, the colour bar when it is on and the
     * caption when asked, so that {@code export --replay} of the sidecar re-draws the same pixels.
     * Before that, the canvas as it is, without a sidecar.
     */
    public void screenshot(Path file, int scale, boolean caption) {
        ExportJob job = controller.currentJob();
        ViewState st = controller.state();
        AttentionMaps maps = st.mapsProperty().get();
        if (job == null || maps == null || shots == null) {
            BufferedImage image = snapshot.apply(scale);
            controller.runExport("Screenshot", ctx -> {
                writePng(image, file);
                return file;
            });
            return;
        }
        ViewShot shot;
        try {
            shot = shots.shot(job, scale, caption);
        } catch (RuntimeException e) {
            controller.fail("Could not take the screenshot", new BackendException(e.getMessage(), e));
            return;
        }
        ClipAnalysis a = job.analysis();
        AttentionMaps drawn = MapDisplay.forDisplay(maps, st.normalisationProperty().get());
        controller.runExport("Screenshot", ctx -> {
            BufferedImage shown = shot.frame() == null ? null : job.video().frame(shot.frame().frameIndex());
            BufferedImage image = ViewShotRenderer.render(shot, new ViewShotRenderer.Inputs(shown, a.frames(),
                    a.frameIndices(), a.timestamps(), drawn, a.crop(), job.renderOptions(),
                    job.rolloutParams().query(), a.tubelet()));
            writePng(image, file);
            controller.backend().writeSidecar(job, file, FileKinds.sidecarOf(file), shot);
            return file;
        });
    }

    /** Describes the centre view for a screenshot (FX thread). */
    @FunctionalInterface
    interface Shots {
        ViewShot shot(ExportJob job, int scale, boolean caption);
    }

    void setShots(Shots shots) {
        this.shots = shots;
    }

    /**
     * Writes {@code formats} of the analysed clip into {@code dir} in the CLI's layout (the figure is
     * {@code sheet.png}) with the {@code params.json} that {@code export --replay} re-runs.
     */
    public void export(Path dir, Set<ExportFormat> formats) {
        ExportJob job = requireJob();
        if (job != null) {
            String what = formats.stream().map(ExportFormat::id).sorted().collect(Collectors.joining(", "));
            controller.runExport("Export " + what, ctx -> {
                Files.createDirectories(dir);
                controller.backend().export(job, formats, dir, ctx);
                return dir;
            });
        }
    }

    /** The published figure: contact sheet with title and colour bar ({@code sheet.png}). */
    public void figure(Path dir) {
        export(dir, Set.of(ExportFormat.SHEET));
    }

    /** Overlay video ({@code overlay.mp4}, {@code .webm} or {@code .gif}). */
    public void overlayVideo(Path dir, ExportFormat format) {
        export(dir, Set.of(format));
    }

    /** {@code maps.npz} as the CLI writes it. */
    public void maps(Path dir) {
        export(dir, Set.of(ExportFormat.NPZ));
    }

    /** Puts the centre view (1×) on the system clipboard. */
    public void copyToClipboard() {
        ClipboardContent content = new ClipboardContent();
        content.putImage(SwingFXUtils.toFXImage(snapshot.apply(1), null));
        Clipboard.getSystemClipboard().setContent(content);
        controller.status("Image copied to the clipboard");
    }

    /** The Export dialog (formats, screenshot scale, folder); shown, not waited for. Null without a clip. */
    javafx.scene.control.Dialog<ExportDialog.Request> exportDialog() {
        ExportJob job = requireJob();
        if (job == null) {
            return null;
        }
        var d = ExportDialog.create(owner, job, prefs.lastFolder("export"));
        d.setOnHidden(e -> {
            ExportDialog.Request r = d.getResult();
            if (r != null) {
                prefs.setLastFolder("export", r.folder());
                if (!r.formats().isEmpty()) {
                    export(r.folder(), r.formats());
                }
                if (r.screenshotScale() > 0) {
                    screenshot(r.folder().resolve("screenshot@" + r.screenshotScale() + "x.png"), r.screenshotScale());
                }
            }
        });
        d.show();
        return d;
    }

    void screenshotDialog(int scale) {
        Path f = choose("Save screenshot", "screenshot" + (scale > 1 ? "@" + scale + "x" : "") + ".png", "PNG image",
                "*.png");
        if (f != null) {
            screenshot(f, scale);
        }
    }

    void figureDialog() {
        Path dir = chooseFolder("Export figure (sheet.png + params.json) into");
        if (dir != null) {
            figure(dir);
        }
    }

    void overlayVideoDialog(ExportFormat format) {
        Path dir = chooseFolder("Export overlay video (overlay." + format.id() + " + params.json) into");
        if (dir != null) {
            overlayVideo(dir, format);
        }
    }

    void mapsDialog() {
        Path dir = chooseFolder("Export maps (maps.npz + params.json) into");
        if (dir != null) {
            maps(dir);
        }
    }

    private Path chooseFolder(String title) {
        if (requireJob() == null) {
            return null;
        }
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle(title);
        Path last = prefs.lastFolder("export");
        if (last != null) {
            dc.setInitialDirectory(last.toFile());
        }
        java.io.File f = dc.showDialog(owner);
        if (f == null) {
            return null;
        }
        prefs.setLastFolder("export", f.toPath());
        return f.toPath();
    }

    private ExportJob requireJob() {
        ExportJob job = controller.currentJob();
        if (job == null) {
            controller.fail("Nothing to export", new BackendException(
                    "Open a video and a model first; exports describe an analysed clip."));
        }
        return job;
    }

    private Path choose(String title, String name, String what, String... patterns) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.setInitialFileName(name);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, patterns));
        Path dir = prefs.lastFolder("export");
        if (dir != null) {
            fc.setInitialDirectory(dir.toFile());
        }
        java.io.File f = fc.showSaveDialog(owner);
        if (f == null) {
            return null;
        }
        prefs.setLastFolder("export", f.toPath().getParent());
        return f.toPath();
    }

    private static void writePng(BufferedImage image, Path file) throws IOException, BackendException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new BackendException("No PNG writer available to save " + file);
        }
    }
}
