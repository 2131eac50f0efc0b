package org.spacetimelens.video;

/**
 * How a {@link VideoSource} decodes and caches.
 *
 * @param cacheBytes      budget of the decoded-frame LRU cache in bytes (thumbnails get an extra eighth)
 * @param maxFrameSide    frames whose longer stored side exceeds this are decoded scaled down to it (keeps
 *                        absurd resolutions from exhausting memory); must be at least 16
 * @param folderFps       frame rate assumed for folders of frame images, which carry no timing
 * @param exactFrameCount decode every frame once at open to count and time-stamp them, even where a packet
 *                        scan would do (slower to open, immune to container quirks)
 */
public record VideoOptions(long cacheBytes, int maxFrameSide, double folderFps, boolean exactFrameCount) {

    public static final long DEFAULT_CACHE_BYTES = 256L << 20;
    public static final int DEFAULT_MAX_FRAME_SIDE = 4096;
    public static final double DEFAULT_FOLDER_FPS = 30.0;

    public VideoOptions {
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("cacheBytes must be >= 0, got " + cacheBytes);
        }
        if (maxFrameSide < 16) {
            throw new IllegalArgumentException("maxFrameSide must be >= 16, got " + maxFrameSide);
        }
        if (!(folderFps > 0) || Double.isInfinite(folderFps)) {
            throw new IllegalArgumentException("folderFps must be a positive number, got " + folderFps);
        }
    }

    public static VideoOptions defaults() {
        return new VideoOptions(DEFAULT_CACHE_BYTES, DEFAULT_MAX_FRAME_SIDE, DEFAULT_FOLDER_FPS, false);
    }

    public VideoOptions withCacheBytes(long bytes) {
        return new VideoOptions(bytes, maxFrameSide, folderFps, exactFrameCount);
    }

    public VideoOptions withMaxFrameSide(int side) {
        return new VideoOptions(cacheBytes, side, folderFps, exactFrameCount);
    }

    public VideoOptions withFolderFps(double fps) {
        return new VideoOptions(cacheBytes, maxFrameSide, fps, exactFrameCount);
    }

    public VideoOptions withExactFrameCount(boolean exact) {
        return new VideoOptions(cacheBytes, maxFrameSide, folderFps, exact);
    }
}
