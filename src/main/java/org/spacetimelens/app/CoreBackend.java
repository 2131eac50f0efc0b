package org.spacetimelens.app;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.spacetimelens.cli.ReplayArgs;
import org.spacetimelens.demo.DemoAssets;
import org.spacetimelens.demo.DemoSidecar;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;
import org.spacetimelens.model.CheckpointException;
import org.spacetimelens.model.ForwardResult;
import org.spacetimelens.model.TimeSformer;
import org.spacetimelens.model.TimeSformerConfig;
import org.spacetimelens.render.ContactSheet;
import org.spacetimelens.render.FigureCaption;
import org.spacetimelens.render.FigureOptions;
import org.spacetimelens.render.IndexedFrame;
import org.spacetimelens.render.MapTimeline;
import org.spacetimelens.render.OverlayRenderer;
import org.spacetimelens.render.OverlayVideo;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.render.VideoFormat;
import org.spacetimelens.pipeline.ClipExport;
import org.spacetimelens.pipeline.ExportFormat;
import org.spacetimelens.pipeline.ExportSettings;
import org.spacetimelens.pipeline.Fingerprint;
import org.spacetimelens.pipeline.InputKind;
import org.spacetimelens.pipeline.LoadedClip;
import org.spacetimelens.pipeline.Predictions;
import org.spacetimelens.pipeline.Provenance;
import org.spacetimelens.pipeline.Sampling;
import org.spacetimelens.pipeline.Sidecar;
import org.spacetimelens.pipeline.VideoSpan;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.Rollout;
import org.spacetimelens.rollout.RolloutMethod;
import org.spacetimelens.rollout.RolloutParams;
import org.spacetimelens.video.Clip;
import org.spacetimelens.video.ClipSampler;
import org.spacetimelens.video.ClipTensor;
import org.spacetimelens.video.Preprocessor;
import org.spacetimelens.video.VideoException;
import org.spacetimelens.video.VideoInfo;
import org.spacetimelens.video.VideoOptions;
import org.spacetimelens.video.VideoSource;

/**
 * The real {@link AnalysisBackend}: JavaCV decoding ({@code video}), the DJL TimeSformer
 * ({@code model}), {@link Rollout} and the {@code render} package. Translates every core failure into a
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

    // --- video ------------------------------------------------------------------------------

    /** A decoder in the core; the source serialises its own calls, so several services may share it. */
    static final class CoreVideo implements VideoHandle {
        private final VideoSource source;
        private final VideoMeta meta;

        CoreVideo(VideoSource source) {
            this.source = source;
            VideoInfo i = source.info();
            this.meta = new VideoMeta(i.path(), i.frameCount(), i.fps(), i.width(), i.height(), i.durationSeconds());
        }

        VideoSource source() {
            return source;
        }

        @Override
        public VideoMeta meta() {
            return meta;
        }

        @Override
        public BufferedImage frame(int index) throws BackendException {
            try {
                return source.frame(index);
            } catch (VideoException e) {
                throw new BackendException(e.getMessage(), e);
            } catch (IllegalStateException e) {
                throw new BackendException("The video " + meta.fileName() + " was closed.", e);
            }
        }

        @Override
        public BufferedImage thumbnail(int index, int height) throws BackendException {
            int maxSide = (int) Math.ceil(height * Math.max(meta.width(), meta.height()) / (double) meta.height());
            try {
                return source.thumbnail(index, Math.max(8, maxSide));
            } catch (VideoException e) {
                throw new BackendException(e.getMessage(), e);
            } catch (IllegalStateException e) {
                throw new BackendException("The video " + meta.fileName() + " was closed.", e);
            }
        }

        @Override
        public void close() {
            source.close();
        }
    }

    @Override
    public VideoHandle openVideo(Path path) throws BackendException {
        return open(path, FRAME_CACHE_BYTES);
    }

    @Override
    public VideoHandle openThumbnailer(Path path) throws BackendException {
        return open(path, THUMBNAIL_CACHE_BYTES);
    }

    private static VideoHandle open(Path path, long cacheBytes) throws BackendException {
        try {
            return new CoreVideo(VideoSource.open(path, VideoOptions.defaults().withCacheBytes(cacheBytes)));
        } catch (VideoException e) {
            throw new BackendException(e.getMessage(), e);
        }
    }

    // --- model ------------------------------------------------------------------------------

    /** A loaded checkpoint and its card. */
    static final class CoreModel implements ModelHandle {
        private final TimeSformer model;
        private final ModelSummary card;

        CoreModel(TimeSformer model, ModelSummary card) {
            this.model = model;
            this.card = card;
        }

        TimeSformer model() {
            return model;
        }

        @Override
        public ModelSummary card() {
            return card;
        }

        @Override
        public void close() {
            model.close();
        }
    }

    @Override
    public ModelHandle loadModel(Path path) throws BackendException {
        System.setProperty("ai.djl.offline", "true");
        long t0 = System.nanoTime();
        TimeSformer model;
        try {
            model = TimeSformer.load(path, TimeSformer.LoadOptions.defaults());
        } catch (CheckpointException e) {
            throw new BackendException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new BackendException("Could not load " + path + ": " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        TimeSformerConfig c = model.config();
        long params = 0;
        for (NDArray p : model.net().parameters().values()) {
            params += p.size();
        }
        String device = model.deviceName() + (model.deviceWarning() != null ? " (" + model.deviceWarning() + ")" : "");
        return new CoreModel(model, new ModelSummary(nameOf(path), path, c.attentionType().configName(), c.numFrames(),
                c.imageSize(), c.patchSize(), c.numLayers(), c.numHeads(), c.hiddenSize(), params, c.labels(), device,
                seconds));
    }

    /** A checkpoint's display name: its folder, or its file name without extension. */
    static String nameOf(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(p) && p.getParent() != null && Files.exists(p.getParent().resolve("config.json"))) {
            p = p.getParent();
        }
        String n = p.getFileName() == null ? p.toString() : p.getFileName().toString();
        if (n.equals("model") && p.getParent() != null && p.getParent().getFileName() != null) {
            n = p.getParent().getFileName() + "/" + n; // e.g. "demo/model"
        }
        int dot = n.lastIndexOf('.');
        return Files.isDirectory(p) || dot <= 0 ? n : n.substring(0, dot);
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
        TimeSformer m = ((CoreModel) model).model();
        VideoSource source = ((CoreVideo) video).source();
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
        progress.progress(0.3, "Forward pass on " + m.deviceName());
        ForwardResult r;
        try {
            r = m.forward(tensor.data(), tensor.frames(), tensor.height(), tensor.width(), true, half);
        } catch (RuntimeException e) {
            throw new BackendException("The forward pass failed: " + e.getMessage(), e);
        }
        progress.progress(1, null);
        List<Prediction> top = Predictions.top(r.logits(), m.config().labels(), 5).stream()
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
            return r.compute(params);
        } catch (IllegalArgumentException e) {
            throw new BackendException(e.getMessage(), e);
        }
    }

    @Override
    public BufferedImage overlay(BufferedImage frame, ClipAnalysis analysis, AttentionMaps maps, int t,
            RenderOptions options) {
        return renderers.get().render(frame, maps.frame(t), maps.gridH(), maps.gridW(), analysis.crop(), options);
    }

    // --- exports ----------------------------------------------------------------------------

    private static Clip clipOf(ClipAnalysis a) {
        return new Clip(a.frameIndices(), a.timestamps(), a.frames());
    }

    /**
     * The pipeline's settings for what the viewer shows: the clip as its exact source frames (so a
     * replay reads the same frames whatever sampling picked them), the view's rollout and render
     * options, the overlay video over the clip's span in window sampling and the whole video otherwise.
     */
    static ExportSettings settings(ExportJob job, Set<ExportFormat> formats) {
        return settings(job, formats, job.analysis().record().isHalf());
    }

    private static ExportSettings settings(ExportJob job, Set<ExportFormat> formats, boolean fp16) {
        return ExportSettings.defaults().toBuilder()
                .sampling(Sampling.explicit(job.analysis().frameIndices()))
                .rollout(job.rolloutParams())
                .render(job.renderOptions())
                .formats(formats)
                .fullFrame(job.fullFrame())
                .videoSpan(job.sampling().mode() == SamplingMode.WINDOW ? VideoSpan.CLIP : VideoSpan.ALL)
                .fp16(fp16)
                .build();
    }

    @Override
    public void export(ExportJob job, Set<ExportFormat> formats, Path outDir, ProgressListener progress)
            throws BackendException {
        CoreModel model = (CoreModel) job.model();
        CoreVideo video = (CoreVideo) job.video();
        ClipAnalysis a = job.analysis();
        Path videoPath = video.meta().path();
        progress.progress(0.1, "Preprocessing");
        Clip clip = clipOf(a);
        // The tensor is re-made from the kept frames (milliseconds) rather than kept per cached clip.
        ClipTensor tensor = new Preprocessor(model.model().preprocess()).apply(clip);
        ForwardResult result = new ForwardResult(a.logits(), a.record());
        AttentionMaps maps;
        if (a.record().isHalf()) {
            // The view keeps float16 attention to save memory; written numbers are float32, exactly
            // what the CLI's export (and a replay of this export's params.json) computes.
            progress.progress(0.15, "Forward pass in float32 for the exported numbers");
            try {
                result = model.model().forward(tensor.data(), tensor.frames(), tensor.height(), tensor.width(), true,
                        false);
                maps = Rollout.compute(result.attention(), job.rolloutParams());
            } catch (RuntimeException | OutOfMemoryError e) {
                throw new BackendException("Could not recompute the clip in float32 for the export: " + e.getMessage(), e);
            }
        } else {
            maps = maps(a, job.rolloutParams());
        }
        ExportSettings s = settings(job, formats, result.attention().isHalf());
        LoadedClip loaded = new LoadedClip(videoPath, InputKind.of(videoPath), tensor, clip, video.source(), null,
                List.of());
        List<String> replay = ReplayArgs.of(model.card().path(), 0, model.model().deviceName(), videoPath, s, outDir);
        ClipExport export = new ClipExport(model.model(), new ClipExport.Checkpoint(model.card().path(), 0,
                model.model().deviceName().startsWith("gpu") ? "gpu" : "cpu"), ReplayArgs.version());
        progress.progress(0.2, "Writing " + formats.stream().map(ExportFormat::id).sorted().toList());
        try {
            // Not closed: the LoadedClip borrows the viewer's open decoder.
            export.write(loaded, result, maps, s, outDir, replay, a.seconds());
        } catch (VideoException e) {
            throw new BackendException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new BackendException("Could not export to " + outDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A screenshot's sidecar: the same {@code checkpoint}, {@code config}, {@code rollout} and
     * {@code render} objects as {@code params.json}, the input's fingerprint, and replay arguments
     * that write this view's maps and figure next to the screenshot ({@code export --replay} accepts
     * this file).
     */
    @Override
    public void writeSidecar(ExportJob job, Path artefact, Path sidecar) throws BackendException {
        CoreModel model = (CoreModel) job.model();
        ClipAnalysis a = job.analysis();
        VideoMeta video = job.video().meta();
        Path outDir = artefact.toAbsolutePath().getParent();
        ExportSettings s = settings(job, Set.of(ExportFormat.NPZ, ExportFormat.SHEET));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", "viewer screenshot");
        root.put("createdAt", java.time.Instant.now().toString());
        root.put("artefact", artefact.getFileName().toString());
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        Path weights = model.model().weightsFile();
        checkpoint.put("path", model.card().path().toString());
        checkpoint.put("weightsFile", weights.toString());
        try {
            checkpoint.put("sha256", Provenance.sha256(weights));
            Map<String, Object> clip = new LinkedHashMap<>();
            clip.put("path", video.path().toString());
            clip.put("fingerprint", Fingerprint.of(video.path()).describe());
            clip.put("sampling", s.sampling().describe());
            clip.put("frameIndices", a.frameIndices());
            clip.put("timestamps", a.timestamps());
            clip.put("crop", a.crop());
            root.put("checkpoint", checkpoint);
            root.put("config", model.model().config());
            root.put("preprocess", model.model().preprocess());
            root.put("clip", clip);
            root.put("attentionStorage", a.record().isHalf() ? "float16" : "float32");
            root.put("rollout", job.rolloutParams());
            root.put("render", job.renderOptions().describe());
            root.put("prediction", a.predictions());
            root.put("replay", ReplayArgs.of(model.card().path(), 0, model.model().deviceName(), video.path(), s,
                    outDir));
            Sidecar.write(sidecar, root);
        } catch (IOException e) {
            throw new BackendException("Could not write " + sidecar + ": " + e.getMessage(), e);
        }
    }

    // --- demo -------------------------------------------------------------------------------

    /**
     * Reads a demo sidecar ({@code <stem>.json} or {@code demo.json} beside the video) that describes
     * this video; anything unreadable or describing another file is ignored (hints are optional).
     */
    @Override
    public Optional<VideoHints> hints(Path video) {
        Path dir = video.toAbsolutePath().getParent();
        if (dir == null || Files.isDirectory(video)) {
            return Optional.empty();
        }
        String name = video.getFileName().toString();
        int dot = name.lastIndexOf('.');
        for (Path candidate : List.of(dir.resolve((dot > 0 ? name.substring(0, dot) : name) + ".json"),
                dir.resolve("demo.json"))) {
            if (!Files.isRegularFile(candidate)) {
                continue;
            }
            try {
                DemoSidecar s = DemoSidecar.read(candidate);
                if (!name.equals(s.video()) || s.frames() == null) {
                    continue;
                }
                List<String> labels = new ArrayList<>();
                List<double[]> boxes = new ArrayList<>();
                for (DemoSidecar.FrameTruth f : s.frames()) {
                    labels.add(f.label());
                    boxes.add(f.visible() ? f.box() : null);
                }
                return Optional.of(new VideoHints(s.modelFrames(), s.samplingRate(), labels, boxes));
            } catch (IOException | RuntimeException e) {
                // Not a demo sidecar: the video opens without hints.
            }
        }
        return Optional.empty();
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
