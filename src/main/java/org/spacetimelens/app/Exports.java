package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Dialog;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
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
        ShotWriter w = prepareShot(file, scale, caption);
        if (w != null) {
            controller.runExport("Screenshot", ctx -> w.write());
        }
    }

    /** Writes one prepared screenshot (background thread). */
    @FunctionalInterface
    private interface ShotWriter {
        Path write() throws Exception;
    }

    /** Captures on the FX thread what the screenshot shows; null when it cannot be taken (said so). */
    private ShotWriter prepareShot(Path file, int scale, boolean caption) {
        ExportJob job = controller.currentJob();
        ViewState st = controller.state();
        AttentionMaps maps = st.mapsProperty().get();
        if (job == null || maps == null || shots == null) {
            BufferedImage image = snapshot.apply(scale);
            return () -> {
                writePng(image, file);
                return file;
            };
        }
        ViewShot shot;
        try {
            shot = shots.shot(job, scale, caption);
        } catch (RuntimeException e) {
            controller.fail("Could not take the screenshot", new BackendException(e.getMessage(), e));
            return null;
        }
        ClipAnalysis a = job.analysis();
        AttentionMaps drawn = MapDisplay.forDisplay(maps, st.normalisationProperty().get());
        return () -> {
            BufferedImage shown = shot.frame() == null ? null : job.video().frame(shot.frame().frameIndex());
            BufferedImage image = ViewShotRenderer.render(shot, new ViewShotRenderer.Inputs(shown, a.frames(),
                    a.frameIndices(), a.timestamps(), drawn, a.crop(), job.renderOptions(),
                    job.rolloutParams().query(), a.tubelet()));
            writePng(image, file);
            controller.backend().writeSidecar(job, file, FileKinds.sidecarOf(file), shot);
            return file;
        };
    }

    /** Describes the centre view for a screenshot (FX thread). */
    @FunctionalInterface
    interface Shots {
        ViewShot shot(ExportJob job, int scale, boolean caption);
    }

    void setShots(Shots shots) {
        this.shots = shots;
    }

    /** The Faithfulness window whose current curves the Export dialog offers to write with the rest. */
    void setFaithfulness(FaithfulnessWindow faithfulness) {
        this.faithfulness = faithfulness;
    }

    /**
     * Writes {@code formats} of the analysed clip into {@code dir} in the CLI's layout (the figure is
     * {@code sheet.png}) with the {@code params.json} that {@code export --replay} re-runs. When files
     * there would be replaced, asks first ({@link ReplaceDialog}): Replace does what {@code --force} does,
     * Choose another folder asks for one.
     */
    public void export(Path dir, Set<ExportFormat> formats) {
        ExportJob job = requireJob();
        if (job == null) {
            return;
        }
        ExportChoice c = ExportChoice.of(formats);
        askThen(dir, conflicts(job, formats, dir, null, false), replace -> run(job, dir, replace ? c.replacing() : c,
                null, null),
                () -> {
                    Path other = chooseFolder("Export into another folder");
                    if (other != null) {
                        export(other, formats);
                    }
                });
    }

    /**
     * One background job (the export service's latest request wins, so separate jobs could drop each
     * other): the pipeline's formats (if any), then the screenshot (if any), then the Faithfulness
     * pane's curves (if any).
     */
    private void run(ExportJob job, Path dir, ExportChoice c, ShotWriter shot, FaithfulnessResult curves) {
        String what = c.formats().stream().map(ExportFormat::id).sorted().collect(Collectors.joining(", "));
        if (shot != null) {
            what = what.isEmpty() ? "screenshot" : what + ", screenshot";
        }
        if (curves != null) {
            what = what.isEmpty() ? "faithfulness curves" : what + ", faithfulness curves";
        }
        controller.runExport("Export " + what, ctx -> {
            if (!c.formats().isEmpty()) {
                Files.createDirectories(dir);
                controller.backend().export(job, c, dir, ctx);
            }
            Path written = shot != null ? shot.write() : dir;
            if (curves != null) {
                FaithfulnessExport.write(dir, curves);
            }
            return written;
        });
    }

    /**
     * The files an export of {@code formats} (and {@code screenshot}, may be null) into {@code dir} would
     * replace; an unreadable folder counts as none (the export itself then says what is wrong).
     */
    private List<Path> conflicts(ExportJob job, Set<ExportFormat> formats, Path dir, Path screenshot,
            boolean curves) {
        List<Path> out = new ArrayList<>();
        try {
            out.addAll(controller.backend().conflicts(job, formats, dir));
        } catch (BackendException e) {
            return out;
        }
        if (screenshot != null) {
            for (Path p : List.of(screenshot, FileKinds.sidecarOf(screenshot))) {
                if (Files.exists(p)) {
                    out.add(p);
                }
            }
        }
        if (curves) {
            for (String name : FaithfulnessExport.FILES) {
                if (Files.exists(dir.resolve(name))) {
                    out.add(dir.resolve(name));
                }
            }
        }
        return out;
    }

    /**
     * Runs {@code write.accept(false)} when nothing would be replaced; else shows the question and runs
     * {@code write.accept(true)} on Replace, {@code chooseAnother} on Choose another folder.
     */
    private void askThen(Path dir, List<Path> existing, Consumer<Boolean> write, Runnable chooseAnother) {
        if (existing.isEmpty()) {
            write.accept(false);
            return;
        }
        Dialog<ReplaceDialog.Choice> d = ReplaceDialog.create(owner, dir, existing);
        d.setOnHidden(e -> {
            ReplaceDialog.Choice c = d.getResult();
            if (c == ReplaceDialog.Choice.REPLACE) {
                write.accept(true);
            } else if (c == ReplaceDialog.Choice.CHOOSE_ANOTHER) {
                chooseAnother.run();
            } else {
                controller.status("Export cancelled: nothing was written");
            }
        });
        d.show();
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

    /**
     * Puts the centre view (1×) on the system clipboard at once, with the screenshot's PNG and sidecar written
     * into the copies folder ({@link ClipboardCopy}); before a clip is analysed, the image alone.
     */
    public void copyToClipboard() {
        javafx.scene.image.Image now = SwingFXUtils.toFXImage(snapshot.apply(1), null);
        ViewState st = controller.state();
        if (controller.currentJob() == null || st.mapsProperty().get() == null || shots == null) {
            ClipboardCopy.imageOnly(controller, now, "no clip is analysed yet");
            return;
        }
        ClipboardCopy.copy(controller, now, png -> {
            ShotWriter w = prepareShot(png, 1, false); // exactly what the screenshot export writes
            return w == null ? null : w::write;
        });
    }

    /** The Export dialog (formats, screenshot, scale, frames, folder); shown, not waited for. Null without a clip. */
    javafx.scene.control.Dialog<ExportDialog.Request> exportDialog() {
        return exportDialog(null);
    }

    /** The dialog with {@code previous}'s choices (after "Choose another folder") and an empty folder. */
    private Dialog<ExportDialog.Request> exportDialog(ExportDialog.Request previous) {
        ExportJob job = requireJob();
        if (job == null) {
            return null;
        }
        boolean hasCurves = faithfulness != null && faithfulness.runner().currentResult() != null;
        var d = ExportDialog.create(owner, job, previous != null ? null : prefs.lastFolder("export"), previous,
                hasCurves);
        d.setOnHidden(e -> {
            ExportDialog.Request r = d.getResult();
            if (r != null) {
                prefs.setLastFolder("export", r.folder());
                exportRequest(job, r);
            }
        });
        d.show();
        return d;
    }

    /** What the export dialog asked for, after asking about files it would replace. */
    private void exportRequest(ExportJob job, ExportDialog.Request r) {
        Path shotFile = r.screenshotFile();
        FaithfulnessResult curves = r.faithfulness() && faithfulness != null
                ? faithfulness.runner().currentResult() : null;
        askThen(r.folder(), conflicts(job, r.formats(), r.folder(), shotFile, curves != null), replace -> {
            ShotWriter shot = shotFile == null ? null : prepareShot(shotFile, r.scale(), r.caption());
            if (!r.formats().isEmpty() || shot != null || curves != null) {
                run(job, r.folder(), replace ? r.choice().replacing() : r.choice(), shot, curves);
            }
        }, () -> exportDialog(r));
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

    private static void writePng(BufferedImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        org.spacetimelens.render.PngExporter.write(image, file); // under a temporary name, then renamed
    }
}
