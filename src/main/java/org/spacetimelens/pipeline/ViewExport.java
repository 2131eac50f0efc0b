package org.spacetimelens.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.ClipTensor;
import org.spacetimelens.video.Preprocessor;
import org.spacetimelens.video.VideoException;
import org.spacetimelens.video.VideoInfo;
import org.spacetimelens.video.VideoSource;

/**
 * Exports of a clip an interactive view has already decoded and run (the viewer's cached analysis): the
 * same files and the same {@link Sidecar} as the CLI's {@code export}, without decoding again. The
 * checkpoint is recorded as named with no {@code --heads} override, and the device as the one the model
 * runs on.
 */
public final class ViewExport {

    /** Progress of an export, 0..1, with what is being done. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (fraction, message) -> { };

        void update(double fraction, String message);
    }

    /**
     * What the view holds for one clip.
     *
     * @param input          the video file or frame folder
     * @param source         its open decoder (borrowed: not closed here); needed for overlay videos
     * @param clip           the decoded source frames with their indices and timestamps
     * @param result         the view's forward pass (its attention may be float16)
     * @param forwardSeconds the view's decode + forward time, recorded in the sidecar
     */
    public record Analysed(Path input, VideoSource source, Clip clip, ForwardResult result, double forwardSeconds) {
    }

    private final ClipExport export;

    /** @param checkpoint the checkpoint as the user named it (folder, weights file or .pyth) */
    public ViewExport(VideoModel net, Path checkpoint) {
        this.export = new ClipExport(net, new ClipExport.Checkpoint(checkpoint, 0,
                net.deviceName().startsWith("gpu") ? "gpu" : "cpu"));
    }

    /**
     * Writes {@code settings.formats()} of the analysed clip into {@code outDir}, exactly as {@code export}
     * lays them out, with the {@code params.json} that {@code export --replay} re-runs. The numbers written
     * are always float32, what the CLI computes: when the view keeps float16 attention (to save memory),
     * the clip's forward pass is re-run in float32 here; otherwise the view's pass is used as is.
     * {@code settings.fp16()} is ignored. Refuses to overwrite existing files
     * ({@link ExportFiles.ExistsException}); ask {@link #conflicts} first and pass {@link Overwrite#REPLACE}
     * to replace them.
     *
     * @throws IllegalStateException the float32 re-run failed (message says so)
     */
    public ExportResult export(Analysed a, ExportSettings settings, Path outDir, Progress progress)
            throws IOException, VideoException {
        return export(a, settings, outDir, Overwrite.REFUSE, progress);
    }

    /** {@link #export(Analysed, ExportSettings, Path, Progress)} with the given overwrite policy. */
    public ExportResult export(Analysed a, ExportSettings settings, Path outDir, Overwrite overwrite,
            Progress progress) throws IOException, VideoException {
        long start = System.nanoTime();
        ExportFiles.check(outDir, settings.formatsFor(InputKind.of(a.input())), overwrite); // before any work
        export.overwrite(overwrite);
        progress.update(0.1, "Preprocessing");
        // The tensor is re-made from the kept frames (milliseconds) rather than kept per cached clip.
        LoadedClip loaded = loaded(a, settings);
        ForwardResult result = a.result();
        double forwardSeconds = a.forwardSeconds();
        boolean grad = settings.rollout().method() == RolloutMethod.GRAD_ROLLOUT;
        if (result.attention().isHalf() || grad && result.gradients() == null) {
            progress.update(0.15, "Forward pass in float32 for the exported numbers");
            long t0 = System.nanoTime();
            ClipTensor t = loaded.tensor();
            try {
                if (grad) {
                    int[] c = classes(settings.classTarget(), result.logits());
                    result = export.model().forwardWithGradients(t.data(), t.frames(), t.height(), t.width(), false,
                            c[0], c[1]);
                } else {
                    result = export.model().forward(t.data(), t.frames(), t.height(), t.width(),
                            org.spacetimelens.model.AttentionStorage.auto(false)); // mapped when over the heap budget
                }
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException | OutOfMemoryError e) {
                throw new IllegalStateException("Could not recompute the clip in float32 for the export: "
                        + e.getMessage(), e);
            }
            forwardSeconds = (System.nanoTime() - t0) / 1e9;
        }
        ExportSettings s = settings.toBuilder().fp16(false).build();
        if (grad) {
            checkGradients(s.classTarget(), result);
        } else if (result.gradients() != null) {
            result = new ForwardResult(result.logits(), result.attention()); // not a class map: no gradients written
        }
        try {
            AttentionMaps maps = Rollout.compute(result.attention(), grad ? result.gradients() : null, s.rollout());
            progress.update(0.2, "Writing " + s.formatsFor(loaded.kind()).stream().map(ExportFormat::id).sorted()
                    .toList());
            return export.write(loaded, result, maps, s, outDir, export.replayArgs(a.input(), s, outDir),
                    forwardSeconds, start, Sidecar.VIEWER_EXPORT);
        } finally {
            if (result.attention() != a.result().attention()) {
                result.attention().close(); // the float32 re-run's record (its mapped file); the view keeps its own
            }
        }
    }

    /**
     * The existing files an export of {@code settings.formats()} of {@code input} into {@code outDir} would
     * replace (empty: nothing); a front end asks the user before passing {@link Overwrite#REPLACE}.
     */
    public static List<Path> conflicts(Path input, ExportSettings settings, Path outDir) throws IOException {
        return ExportFiles.conflicts(outDir, settings.formatsFor(InputKind.of(input)));
    }

    /**
     * Writes the sidecar of a picture of the view that the CLI cannot make itself (a screenshot): the same
     * record as an export's, with {@code artefact} naming the picture and replay arguments that write the
     * view's maps and figure ({@code settings.formats()}) beside it. Unlike {@link #export}, the replay
     * keeps the view's attention precision ({@code --fp16} when the view holds float16), so that it
     * reproduces exactly the maps on screen.
     */
    public Sidecar screenshotSidecar(Analysed a, ExportSettings settings, Path artefact)
            throws IOException, VideoException {
        return screenshotSidecar(a, settings, artefact, null, null);
    }

    /**
     * The sidecar of a screenshot that records the view it pictures ({@code shot}, see
     * {@link org.spacetimelens.render.ViewShot}): its replay arguments re-draw that picture
     * ({@link ReplayArgs#forScreenshot}, {@link ScreenshotReplay}) rather than write maps and figure. With
     * {@code shot} null it is {@link #screenshotSidecar(Analysed, ExportSettings, Path)}.
     *
     * @param sidecar where the sidecar will be written (named in its replay arguments)
     */
    public Sidecar screenshotSidecar(Analysed a, ExportSettings settings, Path artefact,
            org.spacetimelens.render.ViewShot shot, Path sidecar) throws IOException, VideoException {
        ExportSettings s = settings.toBuilder().fp16(a.result().attention().isHalf()).build();
        LoadedClip loaded = loaded(a, s);
        Set<ExportFormat> formats = s.formatsFor(loaded.kind());
        Path outDir = artefact.toAbsolutePath().getParent();
        List<Predictions.Prediction> top = Predictions.top(a.result().logits(), export.model().labels(),
                ClipExport.TOP_K);
        List<String> notes = new ArrayList<>(loaded.notes());
        if (export.model().deviceWarning() != null) {
            notes.add(export.model().deviceWarning());
        }
        Sidecar.ClassTargetInfo classTarget = null;
        if (s.rollout().method() == RolloutMethod.GRAD_ROLLOUT) {
            if (a.result().gradients() != null) {
                checkGradients(s.classTarget(), a.result());
            }
            int[] c = classes(s.classTarget(), a.result().logits());
            classTarget = export.classTarget(s.classTarget(), a.result().logits(), c[0], c[1]);
        }
        List<String> replay = export.replayArgs(a.input(), s, outDir);
        if (shot != null) {
            replay = ReplayArgs.forScreenshot(replay, sidecar);
            formats = Set.of(); // the replay re-draws the picture, no export format
        }
        Sidecar written = export.sidecars().build(loaded, s, new SidecarBuilder.Run(Sidecar.VIEWER_SCREENSHOT,
                artefact.getFileName().toString(), formats, top, Map.of(),
                List.of(artefact.getFileName().toString()), notes, replay, a.forwardSeconds(), null, classTarget));
        return shot == null ? written : written.withView(shot);
    }

    /** The class indices {@code asked} names for a clip with these logits: {target ("top" = arg-max), contrast}. */
    private int[] classes(ClassTarget asked, float[] logits) {
        int[] c = asked.resolve(export.model().labels(), logits.length);
        if (c[0] < 0) {
            c[0] = Predictions.top(logits, export.model().labels(), 1).get(0).index();
        }
        if (c[0] == c[1]) {
            throw new IllegalArgumentException("the contrast class " + asked.contrast() + " is the top class of this "
                    + "clip itself; contrast with another class");
        }
        return c;
    }

    /** The view's gradients must be those of the class the settings name (a mismatch would mislabel the map). */
    private void checkGradients(ClassTarget asked, ForwardResult result) {
        int[] c = classes(asked, result.logits());
        if (result.gradients().targetClass() != c[0] || result.gradients().contrastClass() != c[1]) {
            throw new IllegalArgumentException("the view's gradients explain class " + result.gradients().targetClass()
                    + " (contrast " + result.gradients().contrastClass() + "), not " + asked);
        }
    }

    /**
     * The view's clip as the pipeline's loaded input (the decoder borrowed, so never closed), with the
     * selection and notes {@link LoadedClip#load} would give for the same sampling, so that the sidecar
     * says the same as the CLI's.
     */
    private LoadedClip loaded(Analysed a, ExportSettings s) throws VideoException {
        ClipTensor tensor = new Preprocessor(export.model().preprocess()).apply(a.clip());
        VideoInfo info = a.source().info();
        Sampling.Selection sel = s.sampling().select(info.frameCount(), a.clip().size());
        List<String> notes = new ArrayList<>(info.notes());
        notes.addAll(sel.notes());
        return new LoadedClip(a.input(), InputKind.of(a.input()), tensor, a.clip(), a.source(), sel, notes);
    }
}
