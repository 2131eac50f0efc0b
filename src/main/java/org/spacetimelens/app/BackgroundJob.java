package org.spacetimelens.app;

/** Work a {@link BackgroundService} runs off the FX thread. */
@FunctionalInterface
public interface BackgroundJob<T> {
    T run(JobContext context) throws Exception;

    /** What a running job may tell the status bar, and whether it has been superseded. */
    interface JobContext extends ProgressListener {
        boolean isCancelled();
    }
}
