package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Export ▸ Compare figure: the shown panes as one PNG (side by side, with letters, settings and colour
 * bars, and A − B when it is shown) plus one sidecar that {@code export --replay} re-draws. The figure
 * is drawn by the core from the panes' maps, on the export thread.
 */
final class CompareExports {
    /** Each picture's height in the figure, in layout units. */
    static final double PANE_HEIGHT = 300;

    private CompareExports() {
    }

    /** What the figure of the panes shown now needs, or null (said in the status line) when there is nothing yet. */
    static CompareExportJob job(ViewerController controller, double scale) {
        return job(controller, scale, controller::fail);
    }

    /**
     * Copy image in compare mode: {@code image} (the panes on screen) on the clipboard at once, with the compare
     * figure's PNG and sidecar written into the copies folder ({@link ClipboardCopy}); the image alone when no
     * figure can be made (the status line says why).
     */
    static void copy(ViewerController controller, javafx.scene.image.Image image) {
        String[] why = new String[1];
        CompareExportJob job = job(controller, 1, (title, e) -> why[0] = e.getMessage());
        if (job == null) {
            ClipboardCopy.imageOnly(controller, image, why[0]);
            return;
        }
        AnalysisBackend backend = controller.backend();
        ClipboardCopy.copy(controller, image, png -> () -> backend.exportCompare(job, png));
    }

    private static CompareExportJob job(ViewerController controller, double scale,
            java.util.function.BiConsumer<String, Throwable> fail) {
        ViewState state = controller.state();
        CompareMode mode = state.compare();
        ExportJob base = controller.currentJob();
        if (base == null || !mode.activeProperty().get() || mode.shownFrameProperty().get() < 0) {
            fail.accept("Nothing to export", new BackendException(
                    "Turn on compare mode (C) with a video and a model open; the figure shows its panes."));
            return null;
        }
        if (mode.shownClipFrameProperty().get() < 0) {
            fail.accept("Nothing to export", new BackendException("The playhead is outside the analysed clip: "
                    + "the panes show no maps. Move it into the clip first."));
            return null;
        }
        List<ExportJob> panes = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (ComparePane p : mode.shownPanes()) {
            ViewState s = p.settings();
            boolean own = p.ownModel() != null;
            if (own && p.ownAnalysisProperty().get() == null) {
                fail.accept("Nothing to export", new BackendException("Pane " + p.label() + "'s model has not "
                        + "run on the clip yet."));
                return null;
            }
            ClipAnalysis a = own ? p.ownAnalysisProperty().get() : base.analysis();
            ClassChoice.Resolved classes = CompareEvidence.classes(p, a);
            org.spacetimelens.model.AttentionGradients g = controller.compare().gradientsOf(p);
            if (classes != null && g == null) {
                fail.accept("Nothing to export", new BackendException("Pane " + p.label() + "'s class evidence "
                        + "is still being computed; export once its map shows."));
                return null;
            }
            // a class-evidence pane: the class it explains (its replay arguments) and the gradients it was drawn from
            panes.add(new ExportJob(base.video(), own ? p.ownModel() : base.model(), a, base.sampling(),
                    s.rolloutParams().get(), s.renderOptions().get(), base.fullFrame(),
                    classes == null ? null : s.classChoiceProperty().get().classTarget(classes), g));
            labels.add(p.label());
            captions.add(p.summary());
        }
        int frame = mode.shownFrameProperty().get();
        int t = mode.shownClipFrameProperty().get();
        VideoMeta v = state.videoProperty().get();
        ModelSummary m = state.modelProperty().get();
        String title = (v == null ? "" : v.fileName() + " · ") + "frame " + frame + " (clip frame t " + t + ")"
                + (m == null ? "" : " · " + m.name());
        return new CompareExportJob(panes, labels, captions, frame, t,
                mode.differenceProperty().get() && panes.size() >= 2, title, PANE_HEIGHT, scale);
    }

    /** Writes the figure of the panes shown now to {@code png} (and its sidecar), in the background. */
    static void export(ViewerController controller, Path png, double scale) {
        CompareExportJob job = job(controller, scale);
        if (job == null) {
            return;
        }
        AnalysisBackend backend = controller.backend();
        controller.runExport("Compare figure", ctx -> {
            backend.exportCompare(job, png);
            return png;
        });
    }

    /** Asks where to save the figure, then writes it. */
    static void dialog(ViewerWindowParts w) {
        if (job(w.controller(), 1) == null) {
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Save compare figure (PNG + params sidecar)");
        fc.setInitialFileName("compare.png");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        Window owner = w.frameView().getScene() == null ? null : w.frameView().getScene().getWindow();
        java.io.File f = fc.showSaveDialog(owner);
        if (f != null) {
            export(w.controller(), f.toPath(), 1);
        }
    }
}
