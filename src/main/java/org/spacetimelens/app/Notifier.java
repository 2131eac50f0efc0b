package org.spacetimelens.app;

/** Shows short messages to the user inline (the real one uses ControlsFX notifications). */
public interface Notifier {
    void error(String title, String message);

    void info(String title, String message);

    /** Does nothing; for tests and headless use. */
    Notifier SILENT = new Notifier() {
        @Override
        public void error(String title, String message) {
        }

        @Override
        public void info(String title, String message) {
        }
    };
}
