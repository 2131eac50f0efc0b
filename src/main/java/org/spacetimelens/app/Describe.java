package org.spacetimelens.app;

import org.spacetimelens.rollout.QueryToken;
import org.spacetimelens.rollout.RolloutParams;

/** One-line human descriptions of the current view for badges and titles. */
final class Describe {
    private Describe() {
    }

    /**
     * {@link #params(RolloutParams, int)} for the loaded model: its output token named as the model reads
     * it (VideoMAE: the mean of all tokens) and a patch query's slot as t' when tubelets span frames.
     */
    static String params(RolloutParams p, ModelSummary m) {
        String s = params(p, m == null ? 0 : m.layers());
        QueryToken q = p.query();
        if (m != null && q.cls() && !MapPane.outputName(m).equals("CLS token")) {
            return s.substring(0, s.length() - "CLS".length()) + MapPane.outputName(m).toLowerCase(java.util.Locale.ROOT);
        }
        if (m != null && !q.cls() && m.tubelet() > 1) {
            return s.replace(", t " + q.t() + ")", ", t' " + q.t() + ")");
        }
        return s;
    }

    /** E.g. "Rollout · layers 0–11 · all heads (mean) · CLS" (layers 0-based, as the CLI and the sheet title). */
    static String params(RolloutParams p, int layers) {
        int last = layers > 0 ? p.lastLayer(layers) : p.upToLayer();
        String l = LayerRange.ranged(p.method()) && p.startLayer() != last
                ? "layers " + p.startLayer() + "–" + last : "layer " + last;
        String h = p.allHeads() ? "all heads" : p.heads().size() == 1 ? "head " + p.heads().get(0)
                : p.heads().size() + " heads";
        if (p.heads().size() != 1) {
            h += " (" + p.fusion().name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
        QueryToken q = p.query();
        String query = q.cls() ? "CLS" : "query (y " + q.y() + ", x " + q.x() + ", t " + q.t() + ")";
        return MapPane.methodLabel(p.method()) + " · " + l + " · " + h + " · " + query;
    }
}
