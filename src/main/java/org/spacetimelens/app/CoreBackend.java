package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.spacetimelens.demo.DemoAssets;
import org.spacetimelens.model.AttentionGradientPass;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.VideoModel;
import org.spacetimelens.pipeline.CompareExport;
import org.spacetimelens.pipeline.CompareSection;
import org.spacetimelens.pipeline.ExportFormat;
import org.spacetimelens.pipeline.ExportSettings;
import org.spacetimelens.pipeline.Overwrite;
import org.spacetimelens.pipeline.Predictions;
import org.spacetimelens.pipeline.Sampling;
import org.spacetimelens.pipeline.Sidecar;
import org.spacetimelens.pipeline.ViewExport;
import org.spacetimelens.pipeline.VideoSpan;
import org.spacetimelens.render.ComparePanes;
import org.spacetimelens.render.OverlayRenderer;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.ClipSampler;
import org.spacetimelens.video.ClipTensor;
import org.spacetimelens.video.Preprocessor;
import org.spacetimelens.video.VideoException;
import org.spacetimelens.video.VideoSource;

/**
 * The real {@link AnalysisBackend}: JavaCV decoding ({@code video}, {@link CoreVideo}), the DJL
 * models of every family ({@code model}: TimeSformer, VideoMAE, ViViT; {@link CoreModel}), {@link Rollout}, the {@code render} package and the
 * pipeline's exports ({@link ViewExport}). Translates every core failure into a
 * {@link BackendException} whose message the viewer can show as is.
 */
public class CoreBackend implements AnalysisBackend {

    /**
     * Decoded-frame cache of the viewer's main decoder (the core's default is 256 MB): ~140 frames
     * of 640×360, 36 of 720p, enough to scrub back and forth around the playhead; kept small
     * because it shares the 2 GB the viewer aims at with the model and the clip cache.
     */
    static final long FRAME_CACHE_BYTES = 96L << 20;
    /** The filmstrip decoder keeps only its thumbnails. */
    static final long THUMBNAIL_CACHE_BYTES = 8L << 20;
    /**
     * Fused-layer cache per record: a base-size combination of heads/fusion/discard is ~15 MB for 12
     * layers, so this keeps the last three combinations for quick toggling.
     */
    static final long ROLLOUT_CACHE_BYTES = 48L << 20;
    /** Rollouts (each with its cache) kept for the most recently used records. */
    private final LruCache<AttentionRecord, Rollout> rollouts = LruCache.ofEntries(2);
    private final ThreadLocal<OverlayRenderer> renderers = ThreadLocal.withInitial(OverlayRenderer::new);

    // --- video and model ----------------------------------------------------------------------

    @Override
    public VideoHandle openVideo(Path path) throws BackendException {
        return CoreVideo.open(path, FRAME_CACHE_BYTES);
    }

    @Override
    public VideoHandle openThumbnailer(Path path) throws BackendException {
        return CoreVideo.open(path, THUMBNAIL_CACHE_BYTES);
    }

    @Override
    public ModelHandle loadModel(Path path) throws BackendException {
        return CoreModel.load(path);
    }

    /** A checkpoint's display name: its folder, or its file name without extension. */
    static String nameOf(Path path) {
        return CoreModel.nameOf(path);
    }

    // --- clip and forward pass -------------------------------------------------------------

    @Override
    public int[] sampleClip(VideoMeta video, ModelSummary model, SamplingSettings sampling, int playhead)
            throws BackendException {
        try {
            return switch (sampling.mode()) {
                case UNIFORM -> ClipSampler.uniform(video.frameCount(), model.frames());
                case WINDOW -> ClipSampler.window(video.frameCount(), model.frames(), Math.max(1, sampling.rate()),
                        playhead, true);
            };
        } catch (VideoException | IllegalArgumentException e) {
            throw new BackendException(e.getMessage(), e);
        }
    }

    @Override
    public ClipAnalysis analyse(ModelHandle model, VideoHandle video, int[] frameIndices, boolean half,
            ProgressListener progress)
            throws BackendException {
        long t0 = System.nanoTime();
        VideoModel m = CoreModel.modelOf(model);
        VideoSource source = CoreVideo.sourceOf(video);
        Clip clip;
        try {
            progress.progress(0.05, "Decoding " + frameIndices.length + " frames");
            clip = source.clip(frameIndices);
        } catch (VideoException e) {
            throw new BackendException(e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new BackendException("The video was closed while its clip was being read.", e);
        }
        progress.progress(0.2, "Preprocessing");
        ClipTensor tensor = new Preprocessor(m.preprocess()).apply(clip);
        try {
            m.geometry().checkClip(tensor.frames(), tensor.height(), tensor.width());
        } catch (IllegalArgumentException e) {
            throw new BackendException(e.getMessage() + ". The size comes from the checkpoint's "
                    + "preprocessor_config.json (crop_size); make it match the model's image_size.", e);
        }
        progress.progress(0.3, "Forward pass on " + m.deviceName());
        HeapPolicy.beforePass();
        ForwardResult r;
        try {
            r = m.forward(tensor.data(), tensor.frames(), tensor.height(), tensor.width(),
                    org.spacetimelens.model.AttentionStorage.auto(half)); // a mapped file when over the heap budget
        } catch (RuntimeException e) {
            throw new BackendException("The forward pass failed: " + e.getMessage(), e);
        }
        progress.progress(1, null);
        List<Prediction> top = Predictions.top(r.logits(), m.labels(), 5).stream()
                .map(p -> new Prediction(p.index(), p.label(), p.probability())).toList();
        ClipKey key = ClipKey.of(model.card().path(), video.meta().path(), frameIndices, half);
        return new ClipAnalysis(key, clip.frameIndices(), clip.timestamps(), clip.frames(), tensor.geometry(),
                r.attention(), r.logits(), top, (System.nanoTime() - t0) / 1e9);
    }

    // --- maps and overlays ------------------------------------------------------------------

    @Override
    public AttentionMaps maps(ClipAnalysis analysis, RolloutParams params) throws BackendException {
        Rollout r;
        synchronized (rollouts) {
            r = rollouts.get(analysis.record());
            if (r == null) {
                r = new Rollout(analysis.record(), ROLLOUT_CACHE_BYTES);
                rollouts.put(analysis.record(), r);
            }
        }
        try {
            return r.compute(params).perFrame(analysis.tubelet());
        } catch (IllegalArgumentException e) {
            throw new BackendException(e.getMessage(), e);
        }
    }

    @Override
    public AttentionGradients gradients(ModelHandle model, ClipAnalysis analysis, int targetClass, int contrastClass,
            ProgressListener progress) throws BackendException {
        VideoModel m = CoreModel.modelOf(model);
        HeapPolicy.beforePass(); // first: the memory check below then sees the compacted heap, not a second collection
        GradientMemory.check(analysis.record());
        progress.progress(0.1, "Preprocessing");
        // The tensor is re-made from the kept frames (milliseconds), as the analysis made it.
        ClipTensor tensor = new Preprocessor(m.preprocess()).apply(new Clip(analysis.frameIndices(),
                analysis.timestamps(), analysis.frames()));
        progress.progress(0.2, "Forward and backward pass on " + m.deviceName());
        ForwardResult r;
        try {
            // the clip's attention is already in the analysis: the pass computes the gradients only
            r = m.gradientsOnly(tensor.data(), tensor.frames(), tensor.height(), tensor.width(), targetClass,
                    contrastClass, AttentionGradientPass.defaultGraphLimit());
        } catch (IllegalArgumentException e) {
            throw new BackendException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new BackendException("The gradient pass failed: " + e.getMessage(), e);
        }
        progress.progress(1, null);
        if (!r.gradients().fits(analysis.record())) {
            throw new BackendException("The gradients do not have the shape of the clip's attention.");
        }
        return r.gradients();
    }

    @Override
    public AttentionMaps maps(ClipAnalysis analysis, AttentionGradients gradients, RolloutParams params)
            throws BackendException {
        try {
            // Gradient-weighted layers are not cached by the rollout (one class per call): no instance to keep.
            return Rollout.compute(analysis.record(), gradients, params).perFrame(analysis.tubelet());
        } catch (IllegalArgumentException e) {
            throw new BackendException(e.getMessage(), e);
        }
    }

    @Override
    public BufferedImage overlay(BufferedImage frame, ClipAnalysis analysis, AttentionMaps maps, int t,
            RenderOptions options) {
        return renderers.get().render(frame, maps.frame(t), maps.gridH(), maps.gridW(), analysis.crop(), options);
    }

    // --- exports: adapters over pipeline.ViewExport ------------------------------------------

    /**
     * The pipeline's settings for what the viewer shows: the clip as its exact source frames (so a
     * replay reads the same frames whatever sampling picked them), the view's rollout and render
     * options, the overlay video over the clip's span in window sampling and the whole video otherwise.
     * The attention precision is decided by {@link ViewExport}.
     */
    static ExportSettings settings(ExportJob job, Set<ExportFormat> formats) {
        return ExportSettings.defaults().toBuilder()
                .sampling(Sampling.explicit(job.analysis().frameIndices()))
                .rollout(job.rolloutParams())
                .render(job.renderOptions())
                .formats(formats)
                .fullFrame(job.fullFrame())
                .classTarget(job.classTarget())
                .videoSpan(job.sampling().mode() == SamplingMode.WINDOW ? VideoSpan.CLIP : VideoSpan.ALL)
                .build();
    }

    private static ViewExport.Analysed analysed(ExportJob job) throws BackendException {
        ClipAnalysis a = job.analysis();
        return new ViewExport.Analysed(job.video().meta().path(), CoreVideo.sourceOf(job.video()),
                new Clip(a.frameIndices(), a.timestamps(), a.frames()), new ForwardResult(a.logits(), a.record(), job.gradients()),
                a.seconds());
    }

    private static ViewExport exporter(ExportJob job) throws BackendException {
        return new ViewExport(CoreModel.modelOf(job.model()), job.model().card().path());
    }

    @Override
    public void export(ExportJob job, Set<ExportFormat> formats, Path outDir, ProgressListener progress)
            throws BackendException {
        export(job, ExportChoice.of(formats), outDir, progress);
    }

    @Override
    public List<Path> conflicts(ExportJob job, Set<ExportFormat> formats, Path outDir) throws BackendException {
        try {
            return ViewExport.conflicts(job.video().meta().path(), settings(job, formats), outDir);
        } catch (IOException e) {
            throw new BackendException("Could not look into " + outDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void export(ExportJob job, ExportChoice choice, Path outDir, ProgressListener progress)
            throws BackendException {
        try {
            exporter(job).export(analysed(job), choice.apply(settings(job, choice.formats())), outDir,
                    choice.replace() ? org.spacetimelens.pipeline.Overwrite.REPLACE
                            : org.spacetimelens.pipeline.Overwrite.REFUSE, progress::progress);
        } catch (VideoException e) {
            throw new BackendException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new BackendException("Could not export to " + outDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A screenshot's sidecar: the export's record ({@code checkpoint}, {@code config}, {@code clip},
     * {@code rollout}, {@code render}...) naming the screenshot as its {@code artefact}, with replay
     * arguments that write this view's maps and figure next to it ({@code export --replay} accepts it).
     */
    @Override
    public void writeSidecar(ExportJob job, Path artefact, Path sidecar) throws BackendException {
        try {
            exporter(job).screenshotSidecar(analysed(job), settings(job, Set.of(ExportFormat.NPZ, ExportFormat.SHEET)),
                    artefact).write(sidecar);
        } catch (VideoException e) {
            throw new BackendException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new BackendException("Could not write " + sidecar + ": " + e.getMessage(), e);
        }
    }

    /** A screenshot's sidecar that records the view pictured, so that {@code export --replay} re-draws it. */
    @Override
    public void writeSidecar(ExportJob job, Path artefact, Path sidecar, org.spacetimelens.render.ViewShot shot)
            throws BackendException {
        try {
            exporter(job).screenshotSidecar(analysed(job), settings(job, Set.of()), artefact, shot, sidecar)
                    .write(sidecar);
        } catch (VideoException e) {
            throw new BackendException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new BackendException("Could not write " + sidecar + ": " + e.getMessage(), e);
        }
    }

    /**
     * The compare figure, drawn by the core's {@link ComparePanes#figure} from each pane's maps (as the viewer
     * holds them) on the shown frame, and its sidecar: pane A's record with every pane's own record in
     * its {@code compare} section ({@link CompareExport}).
     */
    @Override
    public void exportCompare(CompareExportJob job, Path png) throws BackendException {
        try {
            List<ComparePanes.Pane> panes = new ArrayList<>();
            List<Sidecar> sidecars = new ArrayList<>();
            for (int i = 0; i < job.panes().size(); i++) {
                ExportJob j = job.panes().get(i);
                boolean grad = j.rolloutParams().method() == org.spacetimelens.rollout.RolloutMethod.GRAD_ROLLOUT;
                if (grad && j.gradients() == null) {
                    throw new BackendException("Pane " + job.labels().get(i) + " shows class evidence but has no "
                            + "gradients yet; export once its map shows.");
                }
                // a class-evidence pane is drawn from the gradients the viewer drew it from
                AttentionMaps m = grad ? maps(j.analysis(), j.gradients(), j.rolloutParams())
                        : maps(j.analysis(), j.rolloutParams());
                panes.add(new ComparePanes.Pane(job.labels().get(i), job.captions().get(i), m,
                        j.rolloutParams().normalization(), j.renderOptions(), j.analysis().crop()));
                sidecars.add(exporter(j).screenshotSidecar(analysed(j), settings(j, Set.of(ExportFormat.NPZ,
                        ExportFormat.SHEET)), png));
            }
            BufferedImage frame = job.panes().get(0).video().frame(job.frame());
            BufferedImage figure = ComparePanes.figure(job.title(), frame, panes, job.clipFrame(), job.difference(),
                    job.paneHeight(), job.scale());
            String units = job.difference() && panes.size() >= 2 ? ComparePanes.units(panes.get(0), panes.get(1)) : null;
            CompareSection layout = new CompareSection(job.frame(), job.clipFrame(), job.difference(), units,
                    job.title(), job.paneHeight(), job.scale(), List.of());
            Sidecar s = CompareExport.sidecar(png, job.labels(), job.captions(), sidecars, layout, figure.getWidth(),
                    figure.getHeight());
            CompareExport.write(figure, s, png, Overwrite.REPLACE); // the save dialog asked before replacing
        } catch (VideoException e) {
            throw new BackendException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new BackendException("Could not write the compare figure " + png + ": " + e.getMessage(), e);
        }
    }

    // --- demo -------------------------------------------------------------------------------

    @Override
    public Optional<VideoHints> hints(Path video) {
        return DemoHints.of(video);
    }

    @Override
    public Optional<Path> demoVideo() {
        return DemoAssets.find().map(DemoAssets::video).filter(Files::exists);
    }

    @Override
    public Optional<Path> demoModel() {
        return DemoAssets.find().map(DemoAssets::modelDir).filter(Files::isDirectory);
    }

    @Override
    public void close() {
        rollouts.clear();
    }
}
