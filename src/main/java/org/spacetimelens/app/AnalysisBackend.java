package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.pipeline.ExportFormat;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.RolloutParams;

/**
 * The viewer's port to the UI-free core: the whole pipeline of src/docs/ARCHITECTURE.md as the app calls it.
 * Every method except {@link #sampleClip} (index arithmetic) may block and is
 * called from background threads only, never the FX thread.
 * Failures arrive as {@link BackendException} with a message fit for the user.
 */
public interface AnalysisBackend extends AutoCloseable {

    /** Opens a video file or frame folder. */
    VideoHandle openVideo(Path path) throws BackendException;

    /** A second decoder of the same video for the filmstrip, so thumbnails never hold up the frames. */
    default VideoHandle openThumbnailer(Path path) throws BackendException {
        return openVideo(path);
    }

    /** Loads a checkpoint (HF folder, weights file, .pyth). */
    ModelHandle loadModel(Path path) throws BackendException;

    /** The source frames the model should see for this sampling at this playhead. */
    int[] sampleClip(VideoMeta video, ModelSummary model, SamplingSettings sampling, int playhead)
            throws BackendException;

    /**
     * Decodes, preprocesses and runs the forward pass with attention capture.
     *
     * @param half store the attention as float16 (half the memory; maps differ by ~1e-3)
     */
    ClipAnalysis analyse(ModelHandle model, VideoHandle video, int[] frameIndices, boolean half,
            ProgressListener progress)
            throws BackendException;

    /**
     * Rollout or a single-layer view; milliseconds once the record exists. One map per clip frame t:
     * with tubelets (VideoMAE, ViViT), map t' is repeated on each of the frames it covers, so the views
     * index maps by clip frame whatever the model; the query token's t is the record's slot t'
     * ({@link ClipAnalysis#slotOf}).
     */
    AttentionMaps maps(ClipAnalysis analysis, RolloutParams params) throws BackendException;

    /**
     * The gradient of class {@code targetClass}'s logit (minus {@code contrastClass}'s, or
     * {@link AttentionGradients#NO_CONTRAST}) with respect to every layer's attention of the analysed clip:
     * one forward and backward pass of the model (seconds), for {@link #maps(ClipAnalysis, AttentionGradients,
     * RolloutParams)}.
     */
    default AttentionGradients gradients(ModelHandle model, ClipAnalysis analysis, int targetClass, int contrastClass,
            ProgressListener progress) throws BackendException {
        throw new BackendException("Class evidence needs attention gradients, which this backend does not compute.");
    }

    /**
     * The class-evidence map (gradient-weighted rollout, {@code params.method()} GRAD_ROLLOUT) of the analysed clip
     * from its gradients; milliseconds, laid out per clip frame as {@link #maps(ClipAnalysis, RolloutParams)}.
     */
    default AttentionMaps maps(ClipAnalysis analysis, AttentionGradients gradients, RolloutParams params)
            throws BackendException {
        throw new BackendException("Class evidence needs attention gradients, which this backend does not compute.");
    }

    /** The frame with clip frame {@code t}'s map drawn over the model's crop. */
    BufferedImage overlay(BufferedImage frame, ClipAnalysis analysis, AttentionMaps maps, int t,
            RenderOptions options) throws BackendException;

    /**
     * Writes artefacts of the analysed clip into {@code outDir} exactly as {@code spacetime-lens export}
     * lays them out ({@code sheet.png} = the figure, {@code maps.npz}, {@code overlay.mp4}…) with the
     * {@code params.json} that {@code export --replay} re-runs; no forward pass is repeated.
     */
    void export(ExportJob job, Set<ExportFormat> formats, Path outDir, ProgressListener progress)
            throws BackendException;

    /**
     * {@link #export(ExportJob, Set, Path, ProgressListener)} with the export dialog's choices: the scale of
     * the drawn formats, the overlay video's span, and whether existing files are replaced (the user agreed;
     * the CLI's {@code --force}). Default: the four-argument form (scale 1, refuse).
     */
    default void export(ExportJob job, ExportChoice choice, Path outDir, ProgressListener progress)
            throws BackendException {
        export(job, choice.formats(), outDir, progress);
    }

    /** The existing files that export would replace (empty: none), to ask the user first. Default: none. */
    default java.util.List<Path> conflicts(ExportJob job, Set<ExportFormat> formats, Path outDir)
            throws BackendException {
        return java.util.List.of();
    }

    /**
     * A sidecar for an artefact the CLI cannot write itself (a canvas screenshot): the view's
     * parameters, and replay arguments that re-create its maps and figure with {@code export}.
     */
    void writeSidecar(ExportJob job, Path artefact, Path sidecar) throws BackendException;

    /**
     * A screenshot's sidecar that also records the view it pictures ({@code shot}), with replay
     * arguments that re-draw that picture. Default: {@link #writeSidecar(ExportJob, Path, Path)}.
     */
    default void writeSidecar(ExportJob job, Path artefact, Path sidecar, org.spacetimelens.render.ViewShot shot)
            throws BackendException {
        writeSidecar(job, artefact, sidecar);
    }

    /**
     * Writes the compare figure ({@code png}: the panes side by side, each with its colour bar, and A − B
     * when asked) with one sidecar beside it that {@code export --replay} re-draws.
     */
    default void exportCompare(CompareExportJob job, Path png) throws BackendException {
        throw new BackendException("This backend cannot write compare figures.");
    }

    /** Ground truth and sampling advice from a sidecar next to the video, if it has one. */
    default Optional<VideoHints> hints(Path video) {
        return Optional.empty();
    }

    /** The bundled demo video, if present. */
    Optional<Path> demoVideo();

    /** The bundled demo checkpoint, if present. */
    Optional<Path> demoModel();

    @Override
    void close();
}
