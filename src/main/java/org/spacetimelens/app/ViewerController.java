package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.Observable;
import javafx.scene.image.Image;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spacetimelens.render.RenderOptions;
import org.spacetimelens.rollout.AttentionMaps;
import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.rollout.RolloutParams;

/**
 * The main controller: turns view-state changes into background work and writes results back.
 * Pipeline order: open video / load model → sample clip → forward pass (cached per checkpoint and
 * clip) → maps (cached per record and settings) → overlay of the current frame and the grid.
 * A map-setting change re-runs only the last two steps; a render-setting change only the last.
 *
 * <p>All public methods are called on the FX thread. Every heavy call goes through a
 * {@link BackgroundService}, so the FX thread never decodes, infers or rolls out.
 */
public final class ViewerController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ViewerController.class);
    /**
     * Attention kept for quick switching between clips: base model, 8 frames is ~96 MB per clip with
     * its frames in float16 (the default storage), ~190 MB in float32; five float16 clips fit, and
     * the base model with them stays under 2 GB resident. A preference (View ▸ Attention cache).
     */
    public static final long DEFAULT_RECORD_CACHE_BYTES = 512L << 20;
    /** Budgets the View menu offers. */
    static final long[] CACHE_BUDGETS = {256L << 20, 512L << 20, 1024L << 20, 2048L << 20, 4096L << 20};
    static final int THUMBNAIL_HEIGHT = 54;
    static final int MAX_THUMBNAILS = 80;

    private final ViewState state;
    private final AnalysisBackend backend;
    private Notifier notifier = Notifier.SILENT;

    private final ExecutorService engineThread = DaemonThreads.single("engine");
    private final ExecutorService videoThread = DaemonThreads.single("video");
    private final ExecutorService mapsThread = DaemonThreads.single("maps");
    private final ExecutorService gridThread = DaemonThreads.single("grid");
    private final ExecutorService thumbsThread = DaemonThreads.single("thumbnails");
    private final ExecutorService exportThread = DaemonThreads.single("export");
    private final ExecutorService trimThread = DaemonThreads.single("trim");
    /** Fires once the viewer has been idle for a while after memory-heavy work (see {@link #scheduleTrim}). */
    private PauseTransition idleTrim;

    private final BackgroundService<OpenedVideo> openVideoService = new BackgroundService<>("open video", videoThread);
    private final BackgroundService<ModelHandle> loadModelService = new BackgroundService<>("load model", engineThread);
    private final BackgroundService<ClipAnalysis> analysisService = new BackgroundService<>("forward pass", engineThread);
    private final BackgroundService<MapsResult> mapsService = new BackgroundService<>("rollout", mapsThread);
    private final BackgroundService<FrameResult> frameService = new BackgroundService<>("frame", videoThread);
    private final BackgroundService<GridResult> gridService = new BackgroundService<>("grid", gridThread);
    private final BackgroundService<List<Thumbnail>> thumbsService = new BackgroundService<>("thumbnails", thumbsThread);
    private final BackgroundService<Path> exportService = new BackgroundService<>("export", exportThread);

    private final LruCache<ClipKey, ClipAnalysis> records;
    private final LruCache<MapKey, AttentionMaps> mapsCache = LruCache.ofEntries(128);

    private VideoHandle video;
    private ModelHandle model;
    private volatile long lastMapsNanos;
    private volatile long lastDecodeNanos;
    private volatile long lastOverlayNanos;
    private boolean mapsRequestPending;
    private ClipKey inFlight;
    private boolean renderRequestPending;

    /** Result of a frame job: the frame shown, the clip frame whose map is drawn on it (-1: none). */
    record FrameResult(int index, Image image, int clipFrame, RenderKey options, Image scaled, double scale) {
    }

    /** A freshly opened video and what its sidecar says. */
    record OpenedVideo(VideoHandle handle, VideoHints hints) {
    }

    /** Result of a grid job: the clip's frames and their overlays. */
    record GridResult(List<Image> frames, List<Image> overlays) {
    }

    /** Maps cache key: which analysis, which settings. */
    record MapKey(ClipKey clip, RolloutParams params) {
    }

    /** A controller whose clip cache follows {@link ViewState#cacheBudgetProperty()}. */
    public ViewerController(ViewState state, AnalysisBackend backend) {
        this.state = Objects.requireNonNull(state);
        this.backend = Objects.requireNonNull(backend);
        this.records = new LruCache<>(Math.max(1, state.cacheBudgetProperty().get()), ClipAnalysis::byteSize);
        wire();
    }

    /** A controller with this clip-cache budget (written into the state). */
    public ViewerController(ViewState state, AnalysisBackend backend, long recordCacheBytes) {
        this(withBudget(state, recordCacheBytes), backend);
    }

    private static ViewState withBudget(ViewState state, long bytes) {
        state.cacheBudgetProperty().set(bytes);
        return state;
    }

    public void setNotifier(Notifier notifier) {
        this.notifier = Objects.requireNonNull(notifier);
    }

    public ViewState state() {
        return state;
    }

    public AnalysisBackend backend() {
        return backend;
    }

    /** The services, for the status bar (what runs, progress). */
    public List<BackgroundService<?>> services() {
        return List.of(loadModelService, openVideoService, analysisService, mapsService, gridService,
                thumbsService, exportService);
    }

    /** True while any pipeline stage is running or queued (tests wait on this). */
    public boolean isBusy() {
        for (BackgroundService<?> s : List.of(openVideoService, loadModelService, analysisService, mapsService,
                frameService, gridService, exportService)) {
            if (s.isRunning()) {
                return true;
            }
        }
        return mapsRequestPending || renderRequestPending;
    }

    // --- wiring ---------------------------------------------------------------------------------

    private void wire() {
        state.rolloutParams().addListener((Observable o) -> scheduleMaps());
        state.renderOptions().addListener((Observable o) -> scheduleRender());
        state.overlayVisibleProperty().addListener((o, a, b) -> scheduleRender());
        state.gridModeProperty().addListener((o, a, b) -> {
            if (b) {
                requestGrid();
            }
        });
        state.playheadProperty().addListener((o, a, b) -> {
            requestFrame();
            if (!state.scrubbingProperty().get()) {
                maybeMoveWindow();
            }
        });
        state.scrubbingProperty().addListener((o, a, b) -> {
            if (!b) {
                maybeMoveWindow();
            }
        });
        state.samplingSettings().addListener((Observable o) -> Platform.runLater(this::requestClip));
        state.halfAttentionProperty().addListener((o, a, b) -> requestClip());
        state.cacheBudgetProperty().addListener((o, a, b) -> {
            records.setCapacity(Math.max(1, b.longValue()));
            scheduleTrim();
            state.cacheBytesProperty().set(records.weight());
            state.cacheEntriesProperty().set(records.size());
        });
        state.singleLayerProperty().addListener((o, a, b) -> {
            if (b) {
                state.startLayerProperty().set(state.layerProperty().get());
            }
        });
        state.layerProperty().addListener((o, a, b) -> {
            if (state.singleLayerProperty().get() || state.startLayerProperty().get() > b.intValue()) {
                state.startLayerProperty().set(b.intValue());
            }
        });
    }

    // Several properties often change together (a solo head, a model reset): coalesce into one request.
    private void scheduleMaps() {
        if (!mapsRequestPending) {
            mapsRequestPending = true;
            Platform.runLater(() -> {
                mapsRequestPending = false;
                requestMaps();
            });
        }
    }

    private void scheduleRender() {
        if (!renderRequestPending) {
            renderRequestPending = true;
            Platform.runLater(() -> {
                renderRequestPending = false;
                requestFrame();
                if (state.gridModeProperty().get()) {
                    requestGrid();
                }
            });
        }
    }

    // --- commands -------------------------------------------------------------------------------

    /** Opens a video; on failure the current one stays. */
    public void openVideo(Path path) {
        Path p = path.toAbsolutePath().normalize();
        openVideoService.submit("Opening " + p.getFileName(), ctx -> new OpenedVideo(backend.openVideo(p),
                backend.hints(p).orElse(null)), opened -> {
            VideoHandle handle = opened.handle();
            cancelVideoWork();
            VideoHandle old = video;
            video = handle;
            if (old != null) {
                // Close on the engine thread: a queued forward pass may still read the old decoder.
                engineThread.execute(old::close);
            }
            state.analysisProperty().set(null);
            state.mapsProperty().set(null);
            state.plannedClipProperty().set(null);
            state.predictions().clear();
            state.gridFrames().clear();
            state.gridOverlays().clear();
            state.videoPathProperty().set(p);
            state.hintsProperty().set(opened.hints());
            if (opened.hints() != null && opened.hints().samplingRate() > 0) {
                // The sidecar says how the model is meant to see this video (the demo: 8 frames every 4).
                state.windowRateProperty().set(opened.hints().samplingRate());
                state.samplingModeProperty().set(SamplingMode.WINDOW);
            }
            state.videoProperty().set(handle.meta());
            state.playheadProperty().set(0);
            remember(state.recentVideos(), p);
            status("Opened " + handle.meta().fileName());
            requestFrame();
            requestThumbnails(p);
            requestClip();
        }, e -> fail("Could not open video", e));
    }

    /** Loads a checkpoint; on failure the current one stays. */
    public void openModel(Path path) {
        Path p = path.toAbsolutePath().normalize();
        loadModelService.submit("Loading " + p.getFileName(), ctx -> backend.loadModel(p), handle -> {
            analysisService.cancel();
            ModelHandle old = model;
            model = handle;
            if (old != null) {
                engineThread.execute(old::close);
            }
            state.modelPathProperty().set(p);
            state.modelProperty().set(handle.card());
            state.resetForModel(handle.card());
            state.analysisProperty().set(null);
            state.mapsProperty().set(null);
            state.predictions().clear();
            remember(state.recentModels(), p);
            status("Loaded " + handle.card().name() + String.format(" in %.1f s", handle.card().loadSeconds()));
            requestFrame(); // drop the previous model's overlay at once
            requestClip();
        }, e -> fail("Could not load model", e));
    }

    /** Samples the clip for the current playhead and runs (or fetches) its forward pass. */
    public void requestClip() {
        if (video == null || model == null) {
            return;
        }
        VideoHandle v = video;
        ModelHandle m = model;
        SamplingSettings sampling = state.samplingSettings().get();
        int playhead = state.playheadProperty().get();
        int[] planned;
        try {
            // Sampling is index arithmetic in the core; cheap enough to know the span at once.
            planned = backend.sampleClip(v.meta(), m.card(), sampling, playhead);
        } catch (BackendException e) {
            fail("Cannot sample a clip", e);
            return;
        }
        state.plannedClipProperty().set(planned);
        boolean half = state.halfAttentionProperty().get();
        ClipKey key = ClipKey.of(m.card().path(), v.meta().path(), planned, half);
        ClipAnalysis cached = records.get(key);
        if (cached != null) {
            analysisService.cancel();
            acceptAnalysis(cached);
            return;
        }
        if (analysisService.isRunning() && key.equals(inFlight)) {
            return; // that very pass is already under way
        }
        inFlight = key;
        analysisService.submit("Forward pass on frames " + planned[0] + "–" + planned[planned.length - 1], ctx -> {
            ClipAnalysis a = backend.analyse(m, v, planned, half, ctx);
            records.put(key, a);
            return a;
        }, this::acceptAnalysis, e -> fail("Forward pass failed", e));
    }

    /**
     * After a forward pass or a cache change, once nothing has run for {@link HeapPolicy#IDLE_SECONDS}
     * (no job, no playback, no scrubbing), hands the memory they left behind back to the system.
     * A user who keeps working postpones it; it never runs during interaction.
     */
    private void scheduleTrim() {
        if (idleTrim == null) {
            idleTrim = new PauseTransition(Duration.seconds(HeapPolicy.IDLE_SECONDS));
            idleTrim.setOnFinished(e -> {
                if (isBusy() || state.playingProperty().get() || state.scrubbingProperty().get()) {
                    idleTrim.playFromStart();
                } else {
                    trimThread.execute(HeapPolicy::trim);
                }
            });
        }
        idleTrim.playFromStart();
    }

    private void acceptAnalysis(ClipAnalysis a) {
        scheduleTrim();
        state.analysisProperty().set(a);
        state.predictions().setAll(a.predictions());
        state.cacheBytesProperty().set(records.weight());
        state.cacheEntriesProperty().set(records.size());
        QueryToken q = state.queryProperty().get();
        if (!q.cls() && (q.t() >= a.frameCount() || q.y() >= a.record().gridH() || q.x() >= a.record().gridW())) {
            state.queryProperty().set(QueryToken.CLS);
        }
        status(String.format("Clip of %d frames analysed in %.2f s", a.frameCount(), a.seconds()));
        requestMaps();
    }

    /**
     * Recomputes maps for the current analysis and settings (cached), and in the same background
     * job draws them over the current frame, so a settings change reaches the screen in one hop.
     */
    public void requestMaps() {
        ClipAnalysis a = state.analysisProperty().get();
        if (a == null) {
            return;
        }
        RolloutParams settings = state.rolloutParams().get();
        MapKey key = new MapKey(a.key(), settings);
        FrameJob frameJob = frameJob(a);
        AttentionMaps cached = mapsCache.get(key);
        mapsService.submit("Rollout", ctx -> {
            long t0 = System.nanoTime();
            AttentionMaps m = cached;
            if (m == null) {
                m = backend.maps(a, settings);
                mapsCache.put(key, m);
                lastMapsNanos = System.nanoTime() - t0;
            }
            return new MapsResult(m, frameJob == null ? null : frameJob.run(m));
        }, r -> acceptMaps(a, r), e -> fail("Could not compute the map", e));
    }

    /** Maps and, when a frame was to be shown, that frame drawn with them. */
    record MapsResult(AttentionMaps maps, FrameResult frame) {
    }

    private void acceptMaps(ClipAnalysis a, MapsResult r) {
        if (state.analysisProperty().get() != a) {
            return;
        }
        state.mapsProperty().set(r.maps());
        FrameResult f = r.frame();
        if (f != null && f.index() == state.playheadProperty().get() && f.options().equals(currentRender())) {
            frameService.cancel(); // a frame job still in flight would draw the previous maps
            showFrame(f);
        } else {
            requestFrame();
        }
        if (state.gridModeProperty().get()) {
            requestGrid();
        }
    }

    /** What the frame job needs, captured on the FX thread; null without a video. */
    private FrameJob frameJob(ClipAnalysis a) {
        VideoHandle v = video;
        if (v == null) {
            return null;
        }
        int index = state.playheadProperty().get();
        boolean overlay = state.overlayVisibleProperty().get() && a != null && covers(a, index);
        return new FrameJob(v, index, a, overlay, currentRender(), state.displayScaleProperty().get());
    }

    private RenderKey currentRender() {
        return new RenderKey(state.renderOptions().get(), state.overlayVisibleProperty().get());
    }

    /** Render settings a shown frame was drawn with. */
    record RenderKey(RenderOptions options, boolean overlayVisible) {
    }

    /** Decode one frame and draw a map over it (background thread). */
    private final class FrameJob {
        private final VideoHandle video;
        private final int index;
        private final ClipAnalysis analysis;
        private final boolean overlay;
        private final RenderKey render;
        private final double displayScale;

        FrameJob(VideoHandle video, int index, ClipAnalysis analysis, boolean overlay, RenderKey render,
                double displayScale) {
            this.video = video;
            this.index = index;
            this.analysis = analysis;
            this.overlay = overlay;
            this.render = render;
            this.displayScale = displayScale;
        }

        FrameResult run(AttentionMaps maps) throws BackendException {
            long t0 = System.nanoTime();
            BufferedImage frame = video.frame(index);
            long t1 = System.nanoTime();
            int t = -1;
            if (overlay && maps != null) {
                t = analysis.nearestClipFrame(index);
                frame = backend.overlay(frame, analysis, maps, t, render.options());
            }
            int[] argb = FxImages.argb(frame);
            Image image = FxImages.wrap(argb, frame.getWidth(), frame.getHeight());
            Image scaled = ScaledFrame.worthwhile(displayScale)
                    ? ScaledFrame.resample(argb, frame.getWidth(), frame.getHeight(), displayScale) : null;
            lastDecodeNanos = t1 - t0;
            lastOverlayNanos = System.nanoTime() - t1;
            return new FrameResult(index, image, t, render, scaled, displayScale);
        }
    }

    /** Decodes the playhead's frame and draws the held map over it. Latest request wins. */
    public void requestFrame() {
        ClipAnalysis a = state.analysisProperty().get();
        AttentionMaps m = state.mapsProperty().get();
        FrameJob job = frameJob(a);
        if (job == null) {
            return;
        }
        frameService.submit("Frame " + job.index, ctx -> job.run(m), this::showFrame,
                e -> fail("Could not show frame " + job.index, e));
    }

    private void showFrame(FrameResult r) {
        state.timingTextProperty().set(r.clipFrame() < 0 ? String.format("decode %.0f ms", lastDecodeNanos / 1e6)
                : String.format("rollout %.0f ms · decode %.0f ms · draw %.0f ms", lastMapsNanos / 1e6,
                        lastDecodeNanos / 1e6, lastOverlayNanos / 1e6));
        state.shownClipFrameProperty().set(r.clipFrame());
        state.frameImageIndexProperty().set(r.index());
        // The resampled copy first: the canvas redraws when the frame image changes and uses it then.
        state.scaledFrameProperty().set(r.scaled() == null ? null : new ScaledFrame(r.image(), r.scaled(), r.scale()));
        state.frameImageProperty().set(r.image());
    }

    /** Renders all clip frames with their overlays for the grid view. */
    public void requestGrid() {
        ClipAnalysis a = state.analysisProperty().get();
        AttentionMaps m = state.mapsProperty().get();
        if (a == null || m == null) {
            return;
        }
        RenderOptions rs = state.renderOptions().get();
        boolean overlay = state.overlayVisibleProperty().get();
        gridService.submit("Grid", ctx -> {
            List<Image> frames = new ArrayList<>();
            List<Image> overlays = new ArrayList<>();
            for (int t = 0; t < a.frameCount(); t++) {
                if (ctx.isCancelled()) {
                    return null;
                }
                BufferedImage f = a.frames().get(t);
                frames.add(FxImages.of(f));
                overlays.add(FxImages.of(overlay ? backend.overlay(f, a, m, t, rs) : f));
            }
            return new GridResult(frames, overlays);
        }, g -> {
            if (state.analysisProperty().get() == a) {
                state.gridFrames().setAll(g.frames());
                state.gridOverlays().setAll(g.overlays());
            }
        }, e -> fail("Could not draw the grid", e));
    }

    private void requestThumbnails(Path path) {
        state.thumbnails().clear();
        thumbsService.submit("Filmstrip", ctx -> {
            List<Thumbnail> out = new ArrayList<>();
            try (VideoHandle own = backend.openThumbnailer(path)) {
                int n = own.meta().frameCount();
                int k = Math.min(n, MAX_THUMBNAILS);
                for (int i = 0; i < k && !ctx.isCancelled(); i++) {
                    int frame = k == 1 ? 0 : (int) Math.round((i + 0.5) * n / k - 0.5);
                    frame = Math.max(0, Math.min(n - 1, frame));
                    out.add(new Thumbnail(frame, FxImages.of(own.thumbnail(frame, THUMBNAIL_HEIGHT))));
                    ctx.progress((i + 1.0) / k, "Filmstrip " + (i + 1) + "/" + k);
                }
            }
            return out;
        }, list -> {
            if (path.equals(state.videoPathProperty().get())) {
                state.thumbnails().setAll(list);
            }
        }, e -> LOG.warn("filmstrip failed for {}: {}", path, e.toString()));
    }

    /** In window sampling, a playhead outside the analysed span asks for a new clip. */
    private void maybeMoveWindow() {
        if (state.samplingModeProperty().get() != SamplingMode.WINDOW) {
            return;
        }
        int[] planned = state.plannedClipProperty().get();
        int p = state.playheadProperty().get();
        if (planned == null || p < planned[0] || p > planned[planned.length - 1]) {
            requestClip();
        }
    }

    /** Whether the clip's maps may be drawn on this video frame. */
    private boolean covers(ClipAnalysis a, int index) {
        if (state.samplingModeProperty().get() == SamplingMode.UNIFORM) {
            return true;
        }
        int slack = Math.max(1, state.windowRateProperty().get() / 2);
        return index >= a.firstFrame() - slack && index <= a.lastFrame() + slack;
    }

    // --- export ---------------------------------------------------------------------------------

    /** The job describing what is on screen now, or null when nothing is analysed yet. */
    public ExportJob currentJob() {
        ClipAnalysis a = state.analysisProperty().get();
        if (a == null || video == null || model == null) {
            return null;
        }
        return new ExportJob(video, model, a, state.samplingSettings().get(), state.rolloutParams().get(),
                state.renderOptions().get(), state.gridFullFrameProperty().get());
    }

    /** Runs an export in the background, then tells the user where it went. */
    public void runExport(String title, BackgroundJob<Path> job) {
        exportService.submit(title, job, out -> {
            status("Saved " + out);
            notifier.info("Exported", out.toString());
        }, e -> fail(title + " failed", e));
    }

    // --- helpers --------------------------------------------------------------------------------

    private void cancelVideoWork() {
        frameService.cancel();
        analysisService.cancel();
        mapsService.cancel();
        gridService.cancel();
        thumbsService.cancel();
    }

    private static void remember(List<Path> recent, Path p) {
        recent.remove(p);
        recent.add(0, p);
        while (recent.size() > 8) {
            recent.remove(recent.size() - 1);
        }
    }

    void status(String text) {
        state.statusTextProperty().set(text);
    }

    /** Shows a failure inline; never a stack trace in the UI, and the user's state stays as it was. */
    void fail(String title, Throwable e) {
        String message = userMessage(e);
        LOG.warn("{}: {}", title, message, e);
        state.lastErrorProperty().set(title + ": " + message);
        status(title + ": " + message);
        notifier.error(title, message);
    }

    static String userMessage(Throwable e) {
        if (e instanceof BackendException && e.getMessage() != null) {
            return e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return "Out of memory. Use a shorter clip, float16 attention, or give Java more memory (-Xmx).";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    public VideoHandle video() {
        return video;
    }

    public ModelHandle model() {
        return model;
    }

    @Override
    public void close() {
        for (BackgroundService<?> s : services()) {
            s.cancel();
        }
        frameService.cancel();
        VideoHandle v = video;
        ModelHandle m = model;
        video = null;
        model = null;
        engineThread.execute(() -> {
            if (v != null) {
                v.close();
            }
            if (m != null) {
                m.close();
            }
        });
        if (idleTrim != null) {
            idleTrim.stop();
        }
        for (ExecutorService e : List.of(engineThread, videoThread, mapsThread, gridThread, thumbsThread,
                exportThread, trimThread)) {
            e.shutdown();
        }
    }
}
