package org.spacetimelens.pipeline;

import java.util.Arrays;
import java.util.Locale;
import org.spacetimelens.video.Clip;

/**
 * Sampled frames after the last full tubelet (a clip of T frames, tubelet t, T not a multiple of t): the
 * model never sees them (HF's Conv3d with stride = tubelet drops them), so no map belongs to them. They
 * stay in {@code frame_indices} and {@code timestamps}; figures and overlays draw only the covered frames,
 * and a note says so.
 */
final class UncoveredFrames {

    private UncoveredFrames() {
    }

    /** The first {@code covered} frames of the clip (the clip itself when all are covered). */
    static Clip covered(Clip clip, int covered) {
        if (clip == null || covered >= clip.size()) {
            return clip;
        }
        return new Clip(Arrays.copyOf(clip.frameIndices(), covered), Arrays.copyOf(clip.timestamps(), covered),
                clip.frames().subList(0, covered));
    }

    /** The note for clip positions {@code covered..T-1}, or null when there are none. */
    static String note(int[] frameIndices, int covered, int tubelet) {
        int t = frameIndices.length;
        if (covered >= t) {
            return null;
        }
        String which = t - covered == 1 ? "clip frame " + covered + " (source frame " + frameIndices[covered] + ")"
                : "clip frames " + covered + ".." + (t - 1) + " (source frames "
                    + Arrays.toString(Arrays.copyOfRange(frameIndices, covered, t)).replaceAll("[\\[\\]]", "") + ")";
        return String.format(Locale.ROOT, "%s fill%s no tubelet of %d frames (%d frames sampled): the model does "
                + "not see %s and no map is drawn on %s; maps.npz lists every sampled frame", which,
                t - covered == 1 ? "s" : "", tubelet, t, t - covered == 1 ? "it" : "them",
                t - covered == 1 ? "it" : "them");
    }
}
