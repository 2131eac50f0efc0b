package org.spacetimelens.app;

import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.concurrent.Service;
import javafx.concurrent.Task;

/**
 * A JavaFX {@link Service} where the latest request wins: {@link #submit} cancels whatever this
 * service was doing and starts the new job. A superseded job that already runs is not interrupted
 * (native decoders and the DJL engine must not see thread interrupts); it finishes, and its result
 * is dropped because its task is cancelled. Queued stale jobs never start. With a single-thread
 * executor at most one stale job runs and one fresh job waits, however fast requests come —
 * scrubbing cannot queue work.
 *
 * <p>Call {@link #submit} on the FX thread; callbacks run on the FX thread.
 */
public final class BackgroundService<T> extends Service<T> {
    private final String name;
    private final boolean quiet;
    private String pendingTitle;
    private BackgroundJob<T> pendingJob;
    private Consumer<? super T> pendingSuccess;
    private Consumer<Throwable> pendingFailure;

    public BackgroundService(String name, Executor executor) {
        this(name, executor, false);
    }

    /** A service that is {@code quiet} counts as busy but is not named in the status bar. */
    public BackgroundService(String name, Executor executor, boolean quiet) {
        this.name = name;
        this.quiet = quiet;
        setExecutor(executor);
    }

    public String name() {
        return name;
    }

    public boolean quiet() {
        return quiet;
    }

    /** Replaces any current request by this one. */
    public void submit(String title, BackgroundJob<T> job, Consumer<? super T> onSuccess,
            Consumer<Throwable> onFailure) {
        pendingTitle = title;
        pendingJob = job;
        pendingSuccess = onSuccess;
        pendingFailure = onFailure;
        restart();
    }

    @Override
    protected Task<T> createTask() {
        final BackgroundJob<T> job = pendingJob;
        final Consumer<? super T> success = pendingSuccess;
        final Consumer<Throwable> failure = pendingFailure;
        final String title = pendingTitle;
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                updateTitle(title);
                updateMessage(title);
                updateProgress(-1, 1);
                Task<T> self = this;
                return job.run(new BackgroundJob.JobContext() {
                    @Override
                    public boolean isCancelled() {
                        return self.isCancelled();
                    }

                    @Override
                    public void progress(double done, String message) {
                        updateProgress(done, 1);
                        if (message != null) {
                            updateMessage(message);
                        }
                    }
                });
            }

            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return super.cancel(false);
            }
        };
        // labelled, so that a callback that stalls the FX thread is named in the viewer log
        task.setOnSucceeded(e -> {
            if (success != null) {
                PulseWatchdog.during(name + ": result of " + title, () -> success.accept(task.getValue()));
            }
        });
        task.setOnFailed(e -> {
            if (failure != null) {
                PulseWatchdog.during(name + ": failure of " + title, () -> failure.accept(task.getException()));
            }
        });
        return task;
    }
}
