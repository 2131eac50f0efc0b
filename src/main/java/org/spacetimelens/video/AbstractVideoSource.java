package org.spacetimelens.video;

import java.awt.image.BufferedImage;

/**
 * Caching, thumbnails, index checks and locking shared by the sources; subclasses only decode. Every
 * public method synchronises on the source, so the single decoder behind it is never used by two
 * threads at once.
 */
abstract class AbstractVideoSource implements VideoSource {

    private record ThumbKey(int index, int maxSide) {
    }

    private final FrameCache<Integer> frames;
    private final FrameCache<ThumbKey> thumbnails;
    private volatile VideoInfo info;
    private boolean closed;

    AbstractVideoSource(VideoInfo info, VideoOptions options) {
        this.info = info;
        this.frames = new FrameCache<>(options.cacheBytes());
        this.thumbnails = new FrameCache<>(Math.max(options.cacheBytes() / 8, 1L << 20));
    }

    @Override
    public VideoInfo info() {
        return info;
    }

    /** Replaces the metadata, e.g. after a decode scan corrected the frame table; drops cached frames. */
    final synchronized void updateInfo(VideoInfo newInfo) {
        this.info = newInfo;
        frames.clear();
        thumbnails.clear();
    }

    @Override
    public final synchronized BufferedImage frame(int index) throws VideoException {
        checkUsable(index);
        BufferedImage image = frames.get(index);
        if (image == null) {
            image = decode(index);
            frames.put(index, image);
        }
        return image;
    }

    @Override
    public final synchronized BufferedImage thumbnail(int index, int maxSide) throws VideoException {
        if (maxSide < 1) {
            throw new IllegalArgumentException("thumbnail size must be >= 1, got " + maxSide);
        }
        checkUsable(index);
        ThumbKey key = new ThumbKey(index, maxSide);
        BufferedImage thumb = thumbnails.get(key);
        if (thumb == null) {
            BufferedImage full = frames.get(index);
            // A filmstrip touches many frames once: decode without filling the full-frame cache.
            thumb = full != null ? Frames.fit(full, maxSide) : decodeThumbnail(index, maxSide);
            thumbnails.put(key, thumb);
        }
        return thumb;
    }

    /** Number of full frames currently cached (for tests and diagnostics). */
    final synchronized int cachedFrames() {
        return frames.size();
    }

    /** Bytes held by the full-frame cache (for tests and diagnostics). */
    final synchronized long cachedBytes() {
        return frames.usedBytes();
    }

    @Override
    public final synchronized void close() {
        if (!closed) {
            closed = true;
            frames.clear();
            thumbnails.clear();
            release();
        }
    }

    /** Decodes one frame as a plain {@code TYPE_3BYTE_BGR} image; called with the source's lock held. */
    abstract BufferedImage decode(int index) throws VideoException;

    /** A frame scaled to fit {@code maxSide}; sources that can scale while converting override this. */
    BufferedImage decodeThumbnail(int index, int maxSide) throws VideoException {
        return Frames.fit(decode(index), maxSide);
    }

    /** Frees decoder resources; called once, with the lock held. */
    abstract void release();

    private void checkUsable(int index) throws VideoException {
        if (closed) {
            throw new IllegalStateException("video source is closed: " + info.path());
        }
        if (index < 0 || index >= info.frameCount()) {
            throw new VideoException(VideoException.Kind.INDEX_OUT_OF_RANGE, info.path(), "frame " + index
                    + " requested but the video has " + info.frameCount() + " frames (valid: 0.."
                    + (info.frameCount() - 1) + ")");
        }
    }
}
