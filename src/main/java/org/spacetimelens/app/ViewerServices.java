package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.concurrent.Worker;

/**
 * The viewer's background services and the threads they run on, behind ONE list: every "is it
 * busy?", "what runs?" and "cancel it" question asks {@link #all()} (or a binding over it), so the
 * status bar, the busy badge, the idle trim and the tests cannot disagree about what counts.
 *
 * <p>Threads: model loading and forward passes share the engine thread (one model in memory at a
 * time), decoding and frame drawing the video thread; maps, grid, thumbnails and exports have one
 * each, so a slow export never delays the frame on screen.
 */
final class ViewerServices implements AutoCloseable {
    private final ExecutorService engineThread = DaemonThreads.single("engine");
    private final ExecutorService videoThread = DaemonThreads.single("video");
    private final ExecutorService mapsThread = DaemonThreads.single("maps");
    private final ExecutorService gridThread = DaemonThreads.single("grid");
    private final ExecutorService thumbsThread = DaemonThreads.single("thumbnails");
    private final ExecutorService exportThread = DaemonThreads.single("export");
    private final ExecutorService copyThread = DaemonThreads.single("copy");

    final BackgroundService<ViewerController.OpenedVideo> openVideo = new BackgroundService<>("open video", videoThread);
    final BackgroundService<ModelHandle> loadModel = new BackgroundService<>("load model", engineThread);
    final BackgroundService<ClipAnalysis> analysis = new BackgroundService<>("forward pass", engineThread);
    /** Attention gradients of a class-evidence map: a forward and backward pass, on the engine thread. */
    final BackgroundService<org.spacetimelens.model.AttentionGradients> classEvidence =
            new BackgroundService<>("class evidence", engineThread);
    final BackgroundService<DisplayPipeline.MapsResult> maps = new BackgroundService<>("rollout", mapsThread);
    /** Quiet: a frame job is too short and too frequent (playback) to be named in the status bar. */
    final BackgroundService<FrameJob.Result> frame = new BackgroundService<>("frame", videoThread, true);
    final BackgroundService<GridJob.Result> grid = new BackgroundService<>("grid", gridThread);
    final BackgroundService<List<Thumbnail>> thumbnails = new BackgroundService<>("thumbnails", thumbsThread);
    final BackgroundService<Path> export = new BackgroundService<>("export", exportThread);
    /** Copy image's PNG and sidecar ({@link ClipboardCopy}): a thread of its own, so a copy never cancels an export. */
    final BackgroundService<ClipboardCopy.Written> copy = new BackgroundService<>("copy", copyThread);
    /** The Faithfulness pane's curves: perturbed forward passes, so on the engine thread with the model. */
    final BackgroundService<FaithfulnessResult> faithfulness = new BackgroundService<>("faithfulness", engineThread);
    /** A compare pane's own model: loaded and run on the window's clip, on the engine thread. */
    final BackgroundService<CompareController.PaneRun> compareModel =
            new BackgroundService<>("compare pane model", engineThread);
    /** The gradients of a compare pane's class-evidence map ({@link CompareEvidence}), on the engine thread. */
    final BackgroundService<org.spacetimelens.model.AttentionGradients> compareEvidence =
            new BackgroundService<>("compare class evidence", engineThread);
    /** The compare panes, on the maps thread right after the window's rollout (whose maps it reuses). */
    final BackgroundService<CompareJob.Result> compare = new BackgroundService<>("compare", mapsThread, true);

    private final List<BackgroundService<?>> all = List.of(loadModel, openVideo, analysis, classEvidence, maps, grid,
            thumbnails, export, copy, faithfulness, frame, compare, compareModel, compareEvidence);
    private final BooleanBinding busy = anyRunning(all);
    private final BooleanBinding analysing = anyRunning(List.of(loadModel, analysis));

    /** Every service, in the order the status bar asks them what runs. */
    List<BackgroundService<?>> all() {
        return all;
    }

    /** True while any service runs or has a job queued. */
    BooleanBinding busy() {
        return busy;
    }

    /** True while a model loads or a forward pass runs (the canvas's "Analysing clip…" badge). */
    BooleanBinding analysing() {
        return analysing;
    }

    static BooleanBinding anyRunning(List<? extends Worker<?>> services) {
        return Bindings.createBooleanBinding(() -> services.stream().anyMatch(Worker::isRunning),
                services.stream().map(Worker::runningProperty).toArray(Observable[]::new));
    }

    /** Runs on the engine thread after whatever is queued there (closing a model or a decoder it may use). */
    void onEngineThread(Runnable r) {
        engineThread.execute(r);
    }

    /** Cancels what depends on the open video (a new one is coming). */
    void cancelVideoWork() {
        for (BackgroundService<?> s : List.of(frame, analysis, classEvidence, maps, grid, thumbnails, faithfulness,
                compare, compareModel, compareEvidence)) {
            s.cancel();
        }
    }

    @Override
    public void close() {
        for (BackgroundService<?> s : all) {
            s.cancel();
        }
    }

    /** Stops the threads once queued work (closing handles) has run. */
    void shutdown() {
        for (ExecutorService e : List.of(engineThread, videoThread, mapsThread, gridThread, thumbsThread,
                exportThread, copyThread)) {
            e.shutdown();
        }
    }
}
