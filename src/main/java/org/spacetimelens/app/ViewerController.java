package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.application.Platform;
import javafx.beans.Observable;
import javafx.beans.binding.BooleanBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spacetimelens.rollout.QueryToken;

/**
 * The main controller: turns view-state changes into background work and writes results back.
 * Pipeline order: open video / load model → sample clip → forward pass (cached per checkpoint and
 * clip) → maps (cached per record and settings) → overlay of the current frame and the grid.
 * A map-setting change re-runs only the last two steps; a render-setting change only the last.
 *
 * <p>All public methods are called on the FX thread. Every heavy call goes through one of the
 * {@link ViewerServices}, so the FX thread never decodes, infers or rolls out. This class runs the
 * front half (open, sample, forward pass); the back half (maps, frame, grid) is the
 * {@link DisplayPipeline}'s. The caches ({@link ClipCaches}), the memory policy ({@link IdleTrimmer})
 * and the status line ({@link StatusReporter}) are rooms of their own.
 */
public final class ViewerController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ViewerController.class);
    /** See {@link ClipCaches#DEFAULT_RECORD_CACHE_BYTES}. */
    public static final long DEFAULT_RECORD_CACHE_BYTES = ClipCaches.DEFAULT_RECORD_CACHE_BYTES;
    /** Budgets the View menu offers. */
    static final long[] CACHE_BUDGETS = ClipCaches.BUDGETS;
    static final int THUMBNAIL_HEIGHT = Filmstrip.THUMBNAIL_HEIGHT;

    private final ViewState state;
    private final AnalysisBackend backend;
    private final ViewerServices services = new ViewerServices();
    private final StatusReporter reporter;
    private final IdleTrimmer trimmer;
    private final ClipCaches caches;
    private final DisplayPipeline display;
    private final ClassEvidenceJobs evidence;
    private final CompareController compare;

    private VideoHandle video;
    private ModelHandle model;
    private boolean mapsRequestPending;
    private ClipKey inFlight;
    private boolean renderRequestPending;

    /** A freshly opened video and what its sidecar says. */
    record OpenedVideo(VideoHandle handle, VideoHints hints) {
    }

    /** A controller whose clip cache follows {@link ViewState#cacheBudgetProperty()}. */
    public ViewerController(ViewState state, AnalysisBackend backend) {
        this.state = Objects.requireNonNull(state);
        this.backend = Objects.requireNonNull(backend);
        this.reporter = new StatusReporter(state);
        this.trimmer = new IdleTrimmer(() -> isBusy() || state.playingProperty().get()
                || state.scrubbingProperty().get());
        this.caches = new ClipCaches(state, trimmer::schedule);
        this.evidence = new ClassEvidenceJobs(state, backend, services, reporter, caches, () -> model,
                trimmer::schedule);
        this.display = new DisplayPipeline(state, backend, services, reporter, caches,
                () -> video, evidence);
        wire();
        this.compare = new CompareController(state, backend, services, caches, display, () -> video, reporter,
                () -> model);
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
        reporter.setNotifier(notifier);
    }

    public ViewState state() {
        return state;
    }

    public AnalysisBackend backend() {
        return backend;
    }

    /** Every background service, in the order the status bar asks them what runs. */
    public List<BackgroundService<?>> services() {
        return services.all();
    }

    /** The Faithfulness pane's service (engine thread, latest wins). */
    BackgroundService<FaithfulnessResult> faithfulnessService() {
        return services.faithfulness;
    }

    /** True while a model loads or a forward pass runs. */
    BooleanBinding analysingProperty() {
        return services.analysing();
    }

    /** True while any pipeline stage is running or queued (tests wait on this). */
    public boolean isBusy() {
        return services.busy().get() || mapsRequestPending || renderRequestPending || compare.pending();
    }

    // --- wiring ---------------------------------------------------------------------------------

    private void wire() {
        services.busy().addListener((o, was, now) -> {
            if (!now) {
                trimmer.postpone();
            }
        });
        state.rolloutParams().addListener((Observable o) -> scheduleMaps());
        state.classChoiceProperty().addListener((Observable o) -> scheduleMaps());
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
        state.halfAttentionProperty().addListener((o, a, b) -> {
            caches.fitModel(state.modelProperty().get(), b);
            requestClip();
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
        services.openVideo.submit("Opening " + p.getFileName(), ctx -> new OpenedVideo(backend.openVideo(p),
                backend.hints(p).orElse(null)), opened -> {
            VideoHandle handle = opened.handle();
            services.cancelVideoWork();
            VideoHandle old = video;
            video = handle;
            if (old != null) {
                // Close on the engine thread: a queued forward pass may still read the old decoder.
                services.onEngineThread(old::close);
            }
            state.clearForVideo(p, opened.hints(), handle.meta());
            RecentFiles.remember(state.recentVideos(), p);
            state.messageLog().loaded(false);
            status("Opened " + handle.meta().fileName());
            requestFrame();
            services.thumbnails.submit("Filmstrip", new Filmstrip(backend, p), list -> {
                if (p.equals(state.videoPathProperty().get())) {
                    state.thumbnails().setAll(list);
                }
            }, e -> LOG.warn("filmstrip failed for {}: {}", p, e.toString()));
            requestClip();
        }, e -> reporter.loadFailed(false, p, "Could not open video", e));
    }

    /** Loads a checkpoint; on failure the current one stays. */
    public void openModel(Path path) {
        Path p = path.toAbsolutePath().normalize();
        services.loadModel.submit("Loading " + p.getFileName(), ctx -> backend.loadModel(p), handle -> {
            services.analysis.cancel();
            services.classEvidence.cancel();
            ModelHandle old = model;
            model = handle;
            if (old != null) {
                services.onEngineThread(old::close);
            }
            state.modelPathProperty().set(p);
            state.modelProperty().set(handle.card());
            caches.fitModel(handle.card(), state.halfAttentionProperty().get()); // holds one clip at least
            state.resetForModel(handle.card());
            state.analysisProperty().set(null);
            state.mapsProperty().set(null);
            state.predictions().clear();
            RecentFiles.remember(state.recentModels(), p);
            state.messageLog().loaded(true);
            status("Loaded " + handle.card().name() + String.format(" in %.1f s", handle.card().loadSeconds()));
            requestFrame(); // drop the previous model's overlay at once
            requestClip();
        }, e -> reporter.loadFailed(true, p, "Could not load model", e));
    }

    /** Samples the clip for the current playhead and runs (or fetches) its forward pass. */
    public void requestClip() {
        if (video == null || model == null) {
            return;
        }
        VideoHandle v = video;
        ModelHandle m = model;
        int[] planned;
        try {
            // Sampling is index arithmetic in the core; cheap enough to know the span at once.
            planned = backend.sampleClip(v.meta(), m.card(), state.samplingSettings().get(),
                    state.playheadProperty().get());
        } catch (BackendException e) {
            fail("Cannot sample a clip", e);
            return;
        }
        state.plannedClipProperty().set(planned);
        boolean half = state.halfAttentionProperty().get();
        ClipKey key = ClipKey.of(m.card().path(), v.meta().path(), planned, half);
        ClipAnalysis cached = caches.record(key);
        if (cached != null) {
            services.analysis.cancel();
            acceptAnalysis(cached);
            return;
        }
        if (services.analysis.isRunning() && key.equals(inFlight)) {
            return; // that very pass is already under way
        }
        inFlight = key;
        services.analysis.submit("Forward pass on frames " + planned[0] + "–" + planned[planned.length - 1], ctx -> {
            ClipAnalysis a = backend.analyse(m, v, planned, half, ctx);
            caches.putRecord(key, a);
            return a;
        }, this::acceptAnalysis, e -> fail("Forward pass failed", e));
    }

    private void acceptAnalysis(ClipAnalysis a) {
        trimmer.schedule();
        state.analysisProperty().set(a);
        state.predictions().setAll(a.predictions());
        caches.publish();
        QueryToken q = state.queryProperty().get();
        if (!q.cls() && (q.t() >= a.record().frames() || q.y() >= a.record().gridH() || q.x() >= a.record().gridW())) {
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
        display.requestMaps();
    }

    /** Decodes the playhead's frame and draws the held map over it. Latest request wins. */
    public void requestFrame() {
        display.requestFrame();
    }

    /** Renders all clip frames with their overlays for the grid view. */
    public void requestGrid() {
        display.requestGrid();
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

    // --- export ---------------------------------------------------------------------------------

    /** The job describing what is on screen now, or null when nothing is analysed yet. */
    public ExportJob currentJob() {
        ClipAnalysis a = state.analysisProperty().get();
        if (a == null || video == null || model == null) {
            return null;
        }
        return evidence.job(new ExportJob(video, model, a, state.samplingSettings().get(),
                state.rolloutParams().get(), state.renderOptions().get(), state.gridFullFrameProperty().get()));
    }

    /** Runs an export in the background, then tells the user where it went. */
    public void runExport(String title, BackgroundJob<Path> job) {
        services.export.submit(title, job, out -> {
            status("Saved " + out);
            reporter.info("Exported", out.toString());
        }, e -> fail(title + " failed", e));
    }

    /** Writes a clipboard copy's files on the copy thread, then {@code done} (FX thread); failures are shown. */
    void runCopy(String title, BackgroundJob<ClipboardCopy.Written> job,
            java.util.function.Consumer<ClipboardCopy.Written> done) {
        services.copy.submit(title, job, done, e -> fail("Copy: its PNG and sidecar could not be written", e));
    }

    // --- status ---------------------------------------------------------------------------------

    void status(String text) {
        reporter.status(text);
    }

    /** Shows a failure inline; never a stack trace in the UI, and the user's state stays as it was. */
    void fail(String title, Throwable e) {
        reporter.fail(title, e);
    }

    CompareController compare() {
        return compare;
    }

    public VideoHandle video() {
        return video;
    }

    public ModelHandle model() {
        return model;
    }

    @Override
    public void close() {
        services.close();
        compare.close();
        VideoHandle v = video;
        ModelHandle m = model;
        video = null;
        model = null;
        services.onEngineThread(() -> {
            if (v != null) {
                v.close();
            }
            if (m != null) {
                m.close();
            }
        });
        trimmer.close();
        services.shutdown();
    }
}
