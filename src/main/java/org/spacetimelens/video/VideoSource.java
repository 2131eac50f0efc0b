package org.spacetimelens.video;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Frame-exact random access to a video: an FFmpeg-readable file (mp4/H.264, webm/VP9, mov, avi, mkv,
 * animated GIF...) or a folder of numbered frame images.
 *
 * <p>{@code frame(k)} returns exactly the frame that decoding the video from its start would give as
 * the k-th (0-based), also on files with B-frames. Returned images are {@code TYPE_3BYTE_BGR}, with the
 * display rotation already applied; they may be shared with the cache, so treat them as read-only (copy
 * before drawing on them).
 *
 * <p>Thread safety: implementations are safe to call from several threads (e.g. the viewer's
 * background workers); calls are serialised on one decoder per source, so decode work from different
 * threads does not run in parallel. Open one source per thread for parallel decoding.
 */
public interface VideoSource extends AutoCloseable {

    /** Opens a video file or a frame folder with {@link VideoOptions#defaults()}. */
    static VideoSource open(Path path) throws VideoException {
        return open(path, VideoOptions.defaults());
    }

    /**
     * Opens a video file (through FFmpeg) or, when {@code path} is a directory, a folder of numbered frame
     * images (natural numeric order of the file names, e.g. {@code img_00001.jpg} or {@code 000001.png}).
     */
    static VideoSource open(Path path, VideoOptions options) throws VideoException {
        if (Files.isDirectory(path)) {
            return ImageFolderSource.open(path, options);
        }
        return FfmpegVideoSource.open(path, options);
    }

    VideoInfo info();

    /**
     * How many distinct frames returned so far were decoded with errors (damaged stream data that the
     * decoder concealed); 0 for sources that cannot tell. The decoder's own messages go to the log.
     */
    default int framesWithDecodeErrors() {
        return 0;
    }

    /**
     * If decoding met damaged data, makes later decoding deterministic (for FFmpeg: one decoder
     * thread), drops cached frames and returns true, so the caller can decode its frames again;
     * false when nothing needs redoing.
     */
    default boolean redecodeIfDamaged() throws VideoException {
        return false;
    }

    /** The frame at {@code index} (0-based, {@code < info().frameCount()}). */
    BufferedImage frame(int index) throws VideoException;

    /**
     * A small copy of frame {@code index} whose longer side is at most {@code maxSide} (never enlarged),
     * for filmstrips. Cached separately from full frames, so a filmstrip does not evict them.
     */
    BufferedImage thumbnail(int index, int maxSide) throws VideoException;

    /**
     * The last frame at or before {@code index} that decoding can start from (a keyframe; every frame of
     * a frame folder; 0 when the file gives no usable keyframes).
     * Thumbnails of keyframes cost one frame's decoding, others up to a keyframe interval's: a filmstrip
     * over a long video can ask for these.
     */
    default int keyFrameAtOrBefore(int index) {
        return index;
    }

    /**
     * Decodes the given frames (any order, repeats allowed) into a {@link Clip} with timestamps
     * {@code index / fps}. Frames are decoded in ascending order so neighbouring indices share one seek.
     */
    default Clip clip(int[] frameIndices) throws VideoException {
        int[] indices = ClipSampler.explicit(info().frameCount(), frameIndices);
        int[] order = IntStream.range(0, indices.length).boxed()
                .sorted((a, b) -> Integer.compare(indices[a], indices[b]))
                .mapToInt(Integer::intValue).toArray();
        BufferedImage[] frames = new BufferedImage[indices.length];
        for (int i : order) {
            frames[i] = frame(indices[i]);
        }
        double[] times = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            times[i] = info().timeOf(indices[i]);
        }
        return new Clip(indices.clone(), times, new ArrayList<>(List.of(frames)));
    }

    /** Releases the decoder and cached frames; later calls fail with {@link IllegalStateException}. */
    @Override
    void close();
}
