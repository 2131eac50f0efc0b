package org.spacetimelens.app;

import java.util.Arrays;

/**
 * The words for a playhead outside the analysed clip, shared by the single view's badge and the compare
 * panes so that both say the same thing: which frames the clip covers, and whether the clip around the
 * playhead is being analysed (window sampling).
 */
final class OutsideClip {
    private OutsideClip() {
    }

    /** {@code "outside the analysed clip (frames 0–7)"}, plus " · new clip being analysed…" when one is planned. */
    static String text(ClipAnalysis a, int[] planned) {
        String text = "outside the analysed clip (frames " + a.firstFrame() + "–" + a.lastFrame() + ")";
        boolean updating = planned != null && !Arrays.equals(planned, a.frameIndices());
        return updating ? text + " · new clip being analysed…" : text;
    }
}
