package org.spacetimelens.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The timeline's thumbnails: up to {@link #MAX_THUMBNAILS} frames spread evenly over the video,
 * decoded by a decoder of their own so they never wait behind (or delay) the frame on screen.
 */
final class Filmstrip implements BackgroundJob<List<Thumbnail>> {
    static final int THUMBNAIL_HEIGHT = 54;
    static final int MAX_THUMBNAILS = 80;

    private final AnalysisBackend backend;
    private final Path path;

    Filmstrip(AnalysisBackend backend, Path path) {
        this.backend = backend;
        this.path = path;
    }

    @Override
    public List<Thumbnail> run(JobContext ctx) throws Exception {
        List<Thumbnail> out = new ArrayList<>();
        try (VideoHandle own = backend.openThumbnailer(path)) {
            int n = own.meta().frameCount();
            int k = Math.min(n, MAX_THUMBNAILS);
            for (int i = 0; i < k && !ctx.isCancelled(); i++) {
                out.add(new Thumbnail(frameOf(i, k, n), FxImages.of(own.thumbnail(frameOf(i, k, n),
                        THUMBNAIL_HEIGHT))));
                ctx.progress((i + 1.0) / k, "Filmstrip " + (i + 1) + "/" + k);
            }
        }
        return out;
    }

    /** The video frame of thumbnail i of k over n frames: the centre of its 1/k of the video. */
    static int frameOf(int i, int k, int n) {
        int frame = k == 1 ? 0 : (int) Math.round((i + 0.5) * n / k - 0.5);
        return Math.max(0, Math.min(n - 1, frame));
    }
}
