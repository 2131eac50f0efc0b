package org.spacetimelens.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.image.Image;
import org.spacetimelens.render.MapDifference;
import org.spacetimelens.rollout.AttentionMaps;

/**
 * The compare mode's hover read-out: under one point of the frame, the token and each pane's map value
 * there (its own normalisation), and A − B, e.g. {@code "token (y 3, x 5, t 2) · A 0.412 · B 0.198 ·
 * A − B +0.214"}. Every pane shows the same line.
 */
final class CompareReadOut {
    private CompareReadOut() {
    }

    /** The read-out at image point {@code p} ({x, y} in pixels of the shown frame {@code img}), or "". */
    static String text(ViewState state, Image img, double[] p) {
        CompareMode mode = state.compare();
        ClipAnalysis a = state.analysisProperty().get();
        int t = mode.shownClipFrameProperty().get();
        if (p == null || img == null) {
            return "";
        }
        String pixel = String.format(Locale.ROOT, "px (%d, %d)", (int) p[0], (int) p[1]);
        if (a == null || t < 0) {
            return pixel;
        }
        double sx = a.crop().sourceWidth() / img.getWidth();
        double sy = a.crop().sourceHeight() / img.getHeight();
        List<String> parts = new ArrayList<>();
        int[] shownYx = null;
        float[] ab = new float[2];
        int k = 0;
        for (ComparePane pane : mode.shownPanes()) {
            AttentionMaps m = pane.mapsProperty().get();
            ClipAnalysis pa = pane.ownModel() != null ? pane.ownAnalysisProperty().get() : a;
            if (m == null || pa == null || t >= m.frames()) {
                parts.add(pane.label() + " –");
            } else {
                int[] yx = new TokenLocator(pa.crop(), m.gridH(), m.gridW()).patchAt(p[0] * sx, p[1] * sy);
                if (yx == null) {
                    return pixel + " · outside the model's crop";
                }
                shownYx = shownYx == null ? yx : shownYx;
                float v = m.at(t, yx[0], yx[1]);
                if (k < 2) {
                    ab[k] = v;
                }
                parts.add(String.format(Locale.ROOT, "%s %.3f", pane.label(), v));
            }
            k++;
        }
        MapDifference d = mode.differenceMapsProperty().get();
        if (d != null && shownYx != null) {
            parts.add(String.format(Locale.ROOT, "A − B %+.3f", d.at(t, shownYx[0], shownYx[1])));
        } else if (parts.size() >= 2 && shownYx != null && !parts.get(0).endsWith("–")
                && !parts.get(1).endsWith("–")) {
            parts.add(String.format(Locale.ROOT, "A − B %+.3f", ab[0] - ab[1]));
        }
        String token = shownYx == null ? "" : String.format(Locale.ROOT, "token (y %d, x %d, t %d) · ", shownYx[0],
                shownYx[1], t);
        return token + String.join(" · ", parts).replace(" -", " −").replace("+-", "−");
    }

    /** The read-out as the panes show it: the values only (the status bar keeps the token too). */
    static String values(String readOut) {
        int i = readOut.indexOf(") · ");
        return readOut.startsWith("token (") && i > 0 ? readOut.substring(i + 4) : readOut;
    }
}
