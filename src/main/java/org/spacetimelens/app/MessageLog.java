package org.spacetimelens.app;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What went wrong, kept: every error and warning of the session with its time (View ▸ Messages),
 * and the last load error of the model and of the video, which stay on their panels until the next
 * successful load of that kind (a pop-up fades and the status line is overwritten). FX thread.
 */
final class MessageLog {
    /** Most entries kept; older ones drop off the top. */
    static final int LIMIT = 500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    enum Level { ERROR, WARNING, INFO }

    /** One message: when, how bad, what was being done, and why it failed. */
    record Entry(LocalTime time, Level level, String title, String message) {
        @Override
        public String toString() {
            return TIME.format(time) + "  " + level + "  " + title + ": " + message;
        }
    }

    private final ObservableList<Entry> entries = FXCollections.observableArrayList();
    private final StringProperty modelError = new SimpleStringProperty(this, "modelError");
    private final StringProperty videoError = new SimpleStringProperty(this, "videoError");

    void add(Level level, String title, String message) {
        entries.add(new Entry(LocalTime.now(), level, title, message));
        if (entries.size() > LIMIT) {
            entries.remove(0, entries.size() - LIMIT);
        }
    }

    /** A failed load of {@code path}: kept on the model's (or video's) panel until the next success. */
    void loadFailed(boolean model, Path path, String reason) {
        String p = path.toString();
        // Core messages often start with the path already: name the file once.
        String why = reason.startsWith(p + ": ") ? reason.substring(p.length() + 2) : reason;
        (model ? modelError : videoError).set(p + "\n" + why);
    }

    void loaded(boolean model) {
        (model ? modelError : videoError).set(null);
    }

    ObservableList<Entry> entries() {
        return entries;
    }

    /** The last failed checkpoint load (file, then reason), or null after a successful one. */
    StringProperty modelErrorProperty() {
        return modelError;
    }

    /** The last failed video open (file, then reason), or null after a successful one. */
    StringProperty videoErrorProperty() {
        return videoError;
    }
}
