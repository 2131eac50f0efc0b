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
import org.spacetimelens.demo.DemoAssets;
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
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Decoded-frame cache of the viewer's main decoder (the core's default is 256 MB). */
    static final long FRAME_CACHE_BYTES = 160L << 20;
    /** The filmstrip decoder keeps only its thumbnails. */
    static final long THUMBNAIL_CACHE_BYTES = 8L << 20;
    /**
     * Fused-layer cache per record: a base-size combination of heads/fusion/discard is ~15 MB for 12
     * layers, so this keeps the last few combinations for quick toggling.
     */
    static final long ROLLOUT_CACHE_BYTES = 64L << 20;
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
        private final ModelCard card;

        CoreModel(TimeSformer model, ModelCard card) {
            this.model = model;
            this.card = card;
        }

        TimeSformer model() {
            return model;
        }

        @Override
        public ModelCard card() {
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
        return new CoreModel(model, new ModelCard(nameOf(path), path, c.attentionType().configName(), c.numFrames(),
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
    public int[] sampleClip(VideoMeta video, ModelCard model, SamplingSettings sampling, int playhead)
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
        List<Prediction> top = top(r.logits(), m.config().labels(), 5);
        ClipKey key = ClipKey.of(model.card().path(), video.meta().path(), frameIndices, half);
        return new ClipAnalysis(key, clip.frameIndices(), clip.timestamps(), clip.frames(), tensor.geometry(),
                r.attention(), r.logits(), top, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The k most probable classes. Softmax in double with the max subtracted; kept here because the
     * viewer is its only caller (the CLI {@code predict} prints the same numbers from the same logits).
     */
    static List<Prediction> top(float[] logits, List<String> labels, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, order.length); i++) {
            int c = order[i];
            out.add(new Prediction(c, c < labels.size() ? labels.get(c) : "class " + c, p[c] / sum));
        }
        return out;
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

    @Override
    public BufferedImage figure(ExportJob job) throws BackendException {
        AttentionMaps maps = maps(job.analysis(), job.rolloutParams());
        try {
            return ContactSheet.render(clipOf(job.analysis()), maps, job.analysis().crop(), caption(job),
                    job.renderOptions().withColorBar(true), FigureOptions.defaults());
        } catch (IllegalArgumentException e) {
            throw new BackendException("Could not lay out the figure: " + e.getMessage(), e);
        }
    }

    static FigureCaption caption(ExportJob job) {
        RolloutParams p = job.rolloutParams();
        ModelCard card = job.model().card();
        int last = p.lastLayer(card.layers());
        String method = switch (p.method()) {
            case ROLLOUT -> "attention rollout (space-time)" + (p.query().cls() ? ""
                    : ", query (y " + p.query().y() + ", x " + p.query().x() + ", t " + p.query().t() + ")");
            case SPATIAL -> "spatial attention";
            case TEMPORAL -> "temporal attention";
        };
        String layers = p.method() == RolloutMethod.ROLLOUT && p.startLayer() != last
                ? "layers " + (p.startLayer() + 1) + "–" + (last + 1) : "layer " + (last + 1);
        String heads = p.allHeads() ? "heads: " + p.fusion().name().toLowerCase(java.util.Locale.ROOT)
                : "heads " + p.heads().stream().map(h -> String.valueOf(h + 1)).toList() + " "
                        + p.fusion().name().toLowerCase(java.util.Locale.ROOT);
        List<Prediction> preds = job.analysis().predictions();
        Prediction best = preds.isEmpty() ? null : preds.get(0);
        return new FigureCaption(card.name(), method, layers, heads, best == null ? null : best.label(),
                best == null ? null : Math.min(1.0, best.probability()));
    }

    @Override
    public void exportOverlayVideo(ExportJob job, Path out, ProgressListener progress) throws BackendException {
        ClipAnalysis a = job.analysis();
        AttentionMaps maps = maps(a, job.rolloutParams());
        MapTimeline timeline = new MapTimeline(a.frameIndices(), maps, MapTimeline.Mode.HOLD);
        VideoSource source = ((CoreVideo) job.video()).source();
        int first = Arrays.stream(a.frameIndices()).min().orElse(0);
        int last = Arrays.stream(a.frameIndices()).max().orElse(0);
        int total = last - first + 1;
        BackendException[] failure = new BackendException[1];
        Iterable<IndexedFrame> frames = () -> new Iterator<>() {
            private int next = first;

            @Override
            public boolean hasNext() {
                return next <= last && failure[0] == null;
            }

            @Override
            public IndexedFrame next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                progress.progress((i - first + 1.0) / total, "Overlay video frame " + (i - first + 1) + "/" + total);
                try {
                    return new IndexedFrame(i, source.frame(i));
                } catch (VideoException e) {
                    failure[0] = new BackendException(e.getMessage(), e);
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
        };
        try {
            VideoFormat format = VideoFormat.ofFile(out);
            OverlayVideo.write(out, format, job.video().meta().fps(), frames, timeline::mapAt, maps.gridH(),
                    maps.gridW(), a.crop(), true, job.renderOptions());
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw failure[0] != null ? failure[0]
                    : new BackendException("Could not write " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code maps.npz} in the layout the CLI {@code export} writes (issue 2): logits, rollout,
     * rollout_raw, spatial_attention {@code (L, T, H, 1+G, 1+G)} and temporal_attention
     * {@code (L, G, H, T, T)}, float32.
     */
    @Override
    public void exportMaps(ExportJob job, Path out) throws BackendException {
        ClipAnalysis a = job.analysis();
        AttentionMaps maps = maps(a, job.rolloutParams());
        AttentionRecord rec = a.record();
        System.setProperty("ai.djl.offline", "true");
        try (NDManager manager = NDManager.newBaseManager();
                OutputStream os = Files.newOutputStream(out)) {
            NDList list = new NDList();
            list.add(named(manager.create(a.logits()), "logits"));
            Shape mapShape = new Shape(maps.frames(), maps.gridH(), maps.gridW());
            list.add(named(manager.create(maps.values(), mapShape), "rollout"));
            list.add(named(manager.create(maps.raw(), mapShape), "rollout_raw"));
            int n = rec.type() == AttentionType.JOINT_SPACE_TIME ? 1 + rec.patches() * rec.frames()
                    : rec.tokensPerFrame();
            int blocks = rec.type() == AttentionType.JOINT_SPACE_TIME ? 1 : rec.frames();
            list.add(named(manager.create(stack(rec, true), new Shape(rec.layers(), blocks, rec.heads(), n, n)),
                    "spatial_attention"));
            if (rec.type() == AttentionType.DIVIDED_SPACE_TIME) {
                list.add(named(manager.create(stack(rec, false), new Shape(rec.layers(), rec.patches(), rec.heads(),
                        rec.frames(), rec.frames())), "temporal_attention"));
            }
            list.encode(os, NDList.Encoding.NPZ);
        } catch (IOException | RuntimeException e) {
            throw new BackendException("Could not write " + out + ": " + e.getMessage(), e);
        }
    }

    private static NDArray named(NDArray a, String name) {
        a.setName(name);
        return a;
    }

    private static float[] stack(AttentionRecord rec, boolean spatial) {
        int size = spatial ? rec.spatialSize() : rec.temporalSize();
        float[] out = new float[Math.multiplyExact(rec.layers(), size)];
        for (int l = 0; l < rec.layers(); l++) {
            for (int i = 0; i < size; i++) {
                out[l * size + i] = spatial ? rec.spatialAt(l, i) : rec.temporalAt(l, i);
            }
        }
        return out;
    }

    /**
     * The sidecar mirrors the CLI's {@code params.json} (same {@code checkpoint}, {@code config},
     * {@code preprocess} and {@code rollout} objects) and adds what the viewer knows beyond it: the
     * source frames and crop, the render options, and the {@code export} arguments that replay it.
     */
    @Override
    public void writeSidecar(ExportJob job, Path artefact, Path sidecar) throws BackendException {
        ClipAnalysis a = job.analysis();
        ModelCard card = job.model().card();
        VideoMeta video = job.video().meta();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", "viewer");
        root.put("createdAt", java.time.Instant.now().toString());
        root.put("version", version());
        root.put("artefact", artefact.getFileName().toString());
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        checkpoint.put("path", card.path().toString());
        if (job.model() instanceof CoreModel cm) {
            Path weights = cm.model().weightsFile();
            checkpoint.put("weightsFile", weights.toString());
            checkpoint.put("sha256", sha256(weights));
            root.put("checkpoint", checkpoint);
            root.put("config", cm.model().config());
            root.put("preprocess", cm.model().preprocess());
            root.put("device", cm.model().deviceName());
        } else {
            root.put("checkpoint", checkpoint);
        }
        Map<String, Object> clip = new LinkedHashMap<>();
        clip.put("path", video.path().toString());
        clip.put("frameCount", video.frameCount());
        clip.put("fps", video.fps());
        clip.put("sampling", job.sampling().mode().name().toLowerCase(java.util.Locale.ROOT));
        clip.put("rate", job.sampling().rate());
        clip.put("frames", a.frameIndices());
        clip.put("timestamps", a.timestamps());
        clip.put("crop", a.crop());
        root.put("clip", clip);
        root.put("attentionStorage", a.record().isHalf() ? "float16" : "float32");
        root.put("rollout", job.rolloutParams());
        root.put("render", job.renderOptions().describe());
        root.put("predictions", a.predictions());
        root.put("replay", replay(job, artefact));
        try {
            JSON.writeValue(sidecar.toFile(), root);
        } catch (IOException e) {
            throw new BackendException("Could not write " + sidecar + ": " + e.getMessage(), e);
        }
    }

    /**
     * The {@code spacetime-lens export} arguments that reproduce this artefact: the rollout options
     * as {@code RolloutOptions} spells them, the clip as source frame indices of the video, and the
     * render choices.
     */
    static List<String> replay(ExportJob job, Path artefact) {
        RolloutParams p = job.rolloutParams();
        RenderOptions r = job.renderOptions();
        String name = artefact.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String format = name.endsWith(".npz") ? "npz" : name.endsWith(".mp4") ? "mp4" : name.endsWith(".webm")
                ? "webm" : name.endsWith(".gif") ? "gif" : "sheet";
        List<String> args = new ArrayList<>(List.of("export", "--model", job.model().card().path().toString(),
                "--clip", job.video().meta().path().toString(), "--frames",
                String.join(",", Arrays.stream(job.analysis().frameIndices()).mapToObj(String::valueOf).toList()),
                "--method", p.method().name().toLowerCase(java.util.Locale.ROOT),
                "--start-layer", String.valueOf(p.startLayer()),
                "--up-to-layer", String.valueOf(p.upToLayer()),
                "--fusion", p.fusion().name().toLowerCase(java.util.Locale.ROOT),
                "--discard-ratio", String.valueOf(p.discardRatio()),
                "--residual-weight", String.valueOf(p.residualWeight()),
                "--query", p.query().cls() ? "cls" : p.query().y() + "," + p.query().x() + "," + p.query().t(),
                "--normalization", switch (p.normalization()) {
                    case GLOBAL_MAX -> "global";
                    case PER_FRAME -> "per-frame";
                    case NONE -> "none";
                },
                "--colormap", r.colormap().id(),
                "--blend", r.blend().name().toLowerCase(java.util.Locale.ROOT),
                "--opacity", String.valueOf(r.opacity()),
                "--upsampling", r.upsampling().name().toLowerCase(java.util.Locale.ROOT),
                "--format", format));
        if (!p.heads().isEmpty()) {
            args.add("--select-heads");
            args.add(String.join(",", p.heads().stream().map(String::valueOf).toList()));
            if (p.headLayer() != RolloutParams.EVERY_LAYER) {
                args.add("--select-heads-layer");
                args.add(String.valueOf(p.headLayer()));
            }
        }
        if (job.analysis().record().isHalf()) {
            args.add("--fp16");
        }
        args.add("--out");
        Path parent = artefact.toAbsolutePath().getParent();
        args.add(parent == null ? "." : parent.toString());
        return args;
    }

    static String sha256(Path file) throws BackendException {
        if (Files.isDirectory(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new BackendException("Could not read " + file + " to fingerprint it: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String version() {
        String v = CoreBackend.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    // --- demo -------------------------------------------------------------------------------

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
