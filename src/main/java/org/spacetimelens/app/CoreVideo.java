package org.spacetimelens.app;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.spacetimelens.video.VideoException;
import org.spacetimelens.video.VideoInfo;
import org.spacetimelens.video.VideoOptions;
import org.spacetimelens.video.VideoSource;

/**
 * A {@link VideoHandle} over a decoder of the core; the source serialises its own calls, so several
 * services may share it. Core failures become {@link BackendException}s.
 */
final class CoreVideo implements VideoHandle {
    private final VideoSource source;
    private final VideoMeta meta;

    private CoreVideo(VideoSource source) {
        this.source = source;
        VideoInfo i = source.info();
        this.meta = new VideoMeta(i.path(), i.frameCount(), i.fps(), i.width(), i.height(), i.durationSeconds());
    }

    /** Opens {@code path} with a decoded-frame cache of {@code cacheBytes}. */
    static CoreVideo open(Path path, long cacheBytes) throws BackendException {
        try {
            return new CoreVideo(VideoSource.open(path, VideoOptions.defaults().withCacheBytes(cacheBytes)));
        } catch (VideoException e) {
            throw new BackendException(e.getMessage(), e);
        }
    }

    /** The handle's decoder, for the backend's own work (clips, exports). */
    static VideoSource sourceOf(VideoHandle handle) throws BackendException {
        if (handle instanceof CoreVideo v) {
            return v.source;
        }
        throw new BackendException("This video was not opened by the core backend.");
    }

    @Override
    public VideoMeta meta() {
        return meta;
    }

    @Override
    public BufferedImage frame(int index) throws BackendException {
        try {
            return source.frame(index);
        } catch (VideoException e) {
            throw new BackendException(e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new BackendException("The video " + meta.fileName() + " was closed.", e);
        }
    }

    @Override
    public BufferedImage thumbnail(int index, int height) throws BackendException {
        int maxSide = (int) Math.ceil(height * Math.max(meta.width(), meta.height()) / (double) meta.height());
        try {
            return source.thumbnail(index, Math.max(8, maxSide));
        } catch (VideoException e) {
            throw new BackendException(e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new BackendException("The video " + meta.fileName() + " was closed.", e);
        }
    }

    @Override
    public void close() {
        source.close();
    }
}
