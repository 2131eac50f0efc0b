package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.List;

/** The File ▸ Open recent lists: most recent first, no duplicates, at most {@link #MAX} each. */
final class RecentFiles {
    static final int MAX = 8;

    private RecentFiles() {
    }

    static void remember(List<Path> recent, Path p) {
        recent.remove(p);
        recent.add(0, p);
        while (recent.size() > MAX) {
            recent.remove(recent.size() - 1);
        }
    }
}
