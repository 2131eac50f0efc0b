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
    private FaithfulnessWindow faithfulness;

    /** @param snapshot renders what the centre view shows at the given scale (FX thread) */
    public Exports(ViewerController controller, IntFunction<BufferedImage> snapshot, AppPreferences prefs) {
        this.controller = controller;
        this.snapshot = snapshot;
        this.prefs = prefs;
    }

    void setOwner(Window owner) {
        this.owner = owner;
    }

    /** The Faithfulness window whose current curves the Export dialog offers to write with the rest. */
    void setFaithfulness(FaithfulnessWindow faithfulness) {
        this.faithfulness = faithfulness;
    }

    /** Writes the centre view at {@code scale}× as PNG, plus the sidecar when a clip is analysed. */
    public void screenshot(Path file, int scale) {
        controller.runExport("Screenshot", screenshotJob(file, scale));
    }

    /** Takes the snapshot now (FX thread); the job writes it and its sidecar. */
    private BackgroundJob<Path> screenshotJob(Path file, int scale) {
        ExportJob job = controller.currentJob();
        ViewState st = controller.state();
        BufferedImage image = ScreenshotImage.compose(snapshot.apply(scale), job, st.mapsProperty().get(),
                st.normalisationProperty().get(), scale);
        return ctx -> {
            writePng(image, file);
            if (job != null) {
                controller.backend().writeSidecar(job, file, FileKinds.sidecarOf(file));
            }
            return file;
        };
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
        boolean hasCurves = faithfulness != null && faithfulness.runner().currentResult() != null;
        var d = ExportDialog.create(owner, job, prefs.lastFolder("export"), hasCurves);
        d.setOnHidden(e -> {
            ExportDialog.Request r = d.getResult();
            if (r != null) {
                prefs.setLastFolder("export", r.folder());
                FaithfulnessResult curves = r.faithfulness() ? faithfulness.runner().currentResult() : null;
                if (!r.formats().isEmpty() && r.screenshotScale() <= 0 && curves == null) {
                    export(r.folder(), r.formats());
                } else if ((r.screenshotScale() > 0 || curves != null) && requireJob() != null) {
                    // One job: the export service's latest request wins, so separate jobs could drop each other.
                    ExportJob now = controller.currentJob(); // what is shown when the dialog closes, as export()
                    BackgroundJob<Path> shot = r.screenshotScale() <= 0 ? null : screenshotJob(
                            r.folder().resolve("screenshot@" + r.screenshotScale() + "x.png"), r.screenshotScale());
                    controller.runExport("Export", ctx -> {
                        Files.createDirectories(r.folder());
                        if (!r.formats().isEmpty()) {
                            controller.backend().export(now, r.formats(), r.folder(), ctx);
                        }
                        if (shot != null) {
                            shot.run(ctx);
                        }
                        if (curves != null) {
                            FaithfulnessExport.write(r.folder(), curves);
                        }
                        return r.folder();
                    });
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
