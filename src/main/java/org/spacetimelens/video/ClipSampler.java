package org.spacetimelens.video;

/**
 * Which source frames a clip takes. All methods return 0-based frame indices in clip order.
 *
 * <ul>
 *   <li>{@link #uniform}: the published TimeSformer test-time recipe over the whole video (T segments,
 *       the middle frame of each).</li>
 *   <li>{@link #window}: T frames every {@code rate} frames centred on a playhead (K400 uses 8 x 32).</li>
 *   <li>{@link #explicit}: given indices, range-checked.</li>
 * </ul>
 */
public final class ClipSampler {

    private ClipSampler() {
    }

    /**
     * The TimeSformer recipe ({@code datasets/ssv2.py}, test mode): segment size {@code (n-1)/T} as a
     * double; for segment i, {@code start = round(seg*i)}, {@code end = round(seg*(i+1))} with numpy's
     * round-half-to-even, index {@code (start+end)//2}. When {@code n == T} every frame is taken (the
     * formula alone would repeat one). When {@code n < T} the recipe repeats frames spread over the
     * video, which is what the published code feeds the model for short videos.
     *
     * @param frameCount n, at least 1
     * @param clipLength T, at least 1
     */
    public static int[] uniform(int frameCount, int clipLength) {
        checkCounts(frameCount, clipLength);
        int[] out = new int[clipLength];
        if (frameCount == clipLength) {
            for (int i = 0; i < clipLength; i++) {
                out[i] = i;
            }
            return out;
        }
        double segment = (double) (frameCount - 1) / clipLength;
        for (int i = 0; i < clipLength; i++) {
            // Math.rint rounds half to even, like np.round.
            int start = (int) Math.rint(segment * i);
            int end = (int) Math.rint(segment * (i + 1));
            out[i] = (start + end) / 2;
        }
        return out;
    }

    /** {@link #window(int, int, int, int, boolean)} without padding. */
    public static int[] window(int frameCount, int clipLength, int rate, int centre) throws VideoException {
        return window(frameCount, clipLength, rate, centre, false);
    }

    /**
     * T frames every {@code rate} frames, centred on {@code centre}: indices {@code start + i*rate} with
     * {@code start = centre - floor((T-1)*rate/2)}, then shifted to lie inside the video.
     *
     * <p>When the span {@code (T-1)*rate + 1} is longer than the video:
     * <ul>
     *   <li>with {@code padWithLastFrame}: the window starts at frame 0 with the requested rate and every
     *       index past the end repeats the last frame (what PySlowFast's loader does by clamping);</li>
     *   <li>without: the rate is reduced to the largest that fits, {@code (n-1)/(T-1)}, keeping T distinct
     *       frames centred as well as possible; if the video has fewer than T frames this fails with
     *       {@link VideoException.Kind#CLIP_TOO_SHORT}.</li>
     * </ul>
     *
     * @param centre playhead frame, clamped to the video
     */
    public static int[] window(int frameCount, int clipLength, int rate, int centre, boolean padWithLastFrame)
            throws VideoException {
        checkCounts(frameCount, clipLength);
        if (rate < 1) {
            throw new IllegalArgumentException("sampling rate must be >= 1, got " + rate);
        }
        int playhead = Math.max(0, Math.min(centre, frameCount - 1));
        long span = (long) (clipLength - 1) * rate + 1;
        int[] out = new int[clipLength];
        if (span <= frameCount) {
            long start = playhead - ((long) (clipLength - 1) * rate) / 2;
            start = Math.max(0, Math.min(start, frameCount - span));
            for (int i = 0; i < clipLength; i++) {
                out[i] = (int) (start + (long) i * rate);
            }
            return out;
        }
        if (padWithLastFrame) {
            for (int i = 0; i < clipLength; i++) {
                out[i] = (int) Math.min((long) i * rate, frameCount - 1);
            }
            return out;
        }
        if (frameCount < clipLength) {
            throw new VideoException(VideoException.Kind.CLIP_TOO_SHORT, null,
                    "the video has " + frameCount + " frames but the clip needs " + clipLength
                            + " distinct frames; allow padding (repeats the last frame) or use a shorter clip");
        }
        // clipLength >= 2 here: a 1-frame window always fits.
        return window(frameCount, clipLength, (frameCount - 1) / (clipLength - 1), playhead, false);
    }

    /**
     * The given indices after checking each lies in {@code [0, frameCount)}.
     *
     * @throws VideoException {@link VideoException.Kind#INDEX_OUT_OF_RANGE} naming the first bad index
     */
    public static int[] explicit(int frameCount, int... indices) throws VideoException {
        if (indices == null || indices.length == 0) {
            throw new IllegalArgumentException("no frame indices given");
        }
        for (int index : indices) {
            if (index < 0 || index >= frameCount) {
                throw new VideoException(VideoException.Kind.INDEX_OUT_OF_RANGE, null,
                        "frame " + index + " requested but the video has " + frameCount
                                + " frames (valid: 0.." + (frameCount - 1) + ")");
            }
        }
        return indices.clone();
    }

    private static void checkCounts(int frameCount, int clipLength) {
        if (frameCount < 1) {
            throw new IllegalArgumentException("frame count must be >= 1, got " + frameCount);
        }
        if (clipLength < 1) {
            throw new IllegalArgumentException("clip length must be >= 1, got " + clipLength);
        }
    }
}
