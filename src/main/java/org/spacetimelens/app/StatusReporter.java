package org.spacetimelens.app;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the viewer tells the user: the status line, and failures shown inline (never a stack trace
 * in the UI; the user's state stays as it was) and through the {@link Notifier}. FX thread.
 */
final class StatusReporter {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);

    private final ViewState state;
    private Notifier notifier = Notifier.SILENT;

    StatusReporter(ViewState state) {
        this.state = state;
    }

    void setNotifier(Notifier notifier) {
        this.notifier = Objects.requireNonNull(notifier);
    }

    void status(String text) {
        state.statusTextProperty().set(text);
    }

    void info(String title, String message) {
        notifier.info(title, message);
    }

    void fail(String title, Throwable e) {
        String message = userMessage(e);
        LOG.warn("{}: {}", title, message, e);
        state.lastErrorProperty().set(title + ": " + message);
        state.messageLog().add(MessageLog.Level.ERROR, title, message);
        status(title + ": " + message);
        notifier.error(title, message);
    }

    /** A failed load of a checkpoint ({@code model}) or a video: reported, and kept on its panel. */
    void loadFailed(boolean model, java.nio.file.Path path, String title, Throwable e) {
        state.messageLog().loadFailed(model, path, userMessage(e));
        fail(title + " " + path.getFileName(), e);
    }

    /** A warning: logged and kept in View ▸ Messages, shown on the status line. */
    void warn(String title, String message) {
        LOG.warn("{}: {}", title, message);
        state.messageLog().add(MessageLog.Level.WARNING, title, message);
        status(title + ": " + message);
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
}
