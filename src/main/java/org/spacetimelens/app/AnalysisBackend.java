package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Optional;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.RolloutParams;

/**
 * The viewer's port to the UI-free core: the whole pipeline of DESIGN.md as the app calls it.
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
    int[] sampleClip(VideoMeta video, ModelCard model, SamplingSettings sampling, int playhead)
            throws BackendException;

    /**
     * Decodes, preprocesses and runs the forward pass with attention capture.
     *
     * @param half store the attention as float16 (half the memory; maps differ by ~1e-3)
     */
    ClipAnalysis analyse(ModelHandle model, VideoHandle video, int[] frameIndices, boolean half,
            ProgressListener progress)
            throws BackendException;

    /** Rollout or a single-layer view; milliseconds once the record exists. */
    AttentionMaps maps(ClipAnalysis analysis, RolloutParams params) throws BackendException;

    /** The frame with clip frame {@code t}'s map drawn over the model's crop. */
    BufferedImage overlay(BufferedImage frame, ClipAnalysis analysis, AttentionMaps maps, int t,
            RenderOptions options) throws BackendException;

    /** The published figure: contact sheet with title and colour bar. */
    BufferedImage figure(ExportJob job) throws BackendException;

    /** Overlay video of the clip span (maps held between sampled frames), at the source fps. */
    void exportOverlayVideo(ExportJob job, Path out, ProgressListener progress) throws BackendException;

    /** maps.npz as the CLI {@code export} writes it. */
    void exportMaps(ExportJob job, Path out) throws BackendException;

    /**
     * The params sidecar JSON that the CLI {@code export} can replay; {@code artefact} names the
     * file it describes.
     */
    void writeSidecar(ExportJob job, Path artefact, Path sidecar) throws BackendException;

    /** The bundled demo video, if present. */
    Optional<Path> demoVideo();

    /** The bundled demo checkpoint, if present. */
    Optional<Path> demoModel();

    @Override
    void close();
}
