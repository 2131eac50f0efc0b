package org.spacetimelens.app;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Single-thread executors with named daemon threads, so a stuck job never keeps the JVM alive. */
final class DaemonThreads {
    private DaemonThreads() {
    }

    static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stl-" + name);
            t.setDaemon(true);
            return t;
        });
    }
}
