package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javax.imageio.ImageIO;

/**
 * Export commands: canvas screenshot (1×/2×/4×), the figure (contact sheet), overlay video and maps
 * NPZ, each written in the background with its params sidecar beside it; and copy to clipboard.
 * The dialog variants ask for a file; the others take one (tests, scripts).
 */
public final class Exports {
    private final ViewerController controller;
    private final IntFunction<BufferedImage> snapshot;
    private final AppPreferences prefs;
    private Window owner;

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
        BufferedImage image = snapshot.apply(scale);
        ExportJob job = controller.currentJob();
        controller.runExport("Screenshot", ctx -> {
            writePng(image, file);
            if (job != null) {
                controller.backend().writeSidecar(job, file, FileKinds.sidecarOf(file));
            }
            return file;
        });
    }

    /** The published figure: contact sheet with title and colour bar. */
    public void figure(Path file) {
        ExportJob job = requireJob();
        if (job != null) {
            controller.runExport("Figure", ctx -> {
                writePng(controller.backend().figure(job), file);
                controller.backend().writeSidecar(job, file, FileKinds.sidecarOf(file));
                return file;
            });
        }
    }

    /** Overlay video of the clip span. */
    public void overlayVideo(Path file) {
        ExportJob job = requireJob();
        if (job != null) {
            controller.runExport("Overlay video", ctx -> {
                controller.backend().exportOverlayVideo(job, file, ctx);
                controller.backend().writeSidecar(job, file, FileKinds.sidecarOf(file));
                return file;
            });
        }
    }

    /** maps.npz as the CLI writes it. */
    public void maps(Path file) {
        ExportJob job = requireJob();
        if (job != null) {
            controller.runExport("Maps", ctx -> {
                controller.backend().exportMaps(job, file);
                controller.backend().writeSidecar(job, file, FileKinds.sidecarOf(file));
                return file;
            });
        }
    }

    /** Puts the centre view (1×) on the system clipboard. */
    public void copyToClipboard() {
        ClipboardContent content = new ClipboardContent();
        content.putImage(SwingFXUtils.toFXImage(snapshot.apply(1), null));
        Clipboard.getSystemClipboard().setContent(content);
        controller.status("Image copied to the clipboard");
    }

    void screenshotDialog(int scale) {
        Path f = choose("Save screenshot", "screenshot" + (scale > 1 ? "@" + scale + "x" : "") + ".png", "PNG image",
                "*.png");
        if (f != null) {
            screenshot(f, scale);
        }
    }

    void figureDialog() {
        if (requireJob() == null) {
            return;
        }
        Path f = choose("Save figure", "figure.png", "PNG image", "*.png");
        if (f != null) {
            figure(f);
        }
    }

    void overlayVideoDialog() {
        if (requireJob() == null) {
            return;
        }
        Path f = choose("Save overlay video", "overlay.mp4", "Video", "*.mp4", "*.webm", "*.gif");
        if (f != null) {
            overlayVideo(f);
        }
    }

    void mapsDialog() {
        if (requireJob() == null) {
            return;
        }
        Path f = choose("Save maps", "maps.npz", "NumPy archive", "*.npz");
        if (f != null) {
            maps(f);
        }
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
