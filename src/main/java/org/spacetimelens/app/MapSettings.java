package org.spacetimelens.app;

import java.util.List;

/**
 * Everything that decides a map, as an immutable snapshot of the view-state (a cache key).
 * Layers are 0-based; {@code heads} is the sorted selection (empty never happens: the view-state
 * keeps at least one head); {@code query} null means CLS.
 */
public record MapSettings(MapMethod method, int startLayer, int layer, List<Integer> heads, HeadFusion fusion,
        double discardRatio, double residualWeight, Normalisation normalisation, QueryToken query) {

    public MapSettings {
        heads = List.copyOf(heads);
    }

    /** Short human description, e.g. for figure titles and the status bar. */
    public String describe(int totalHeads) {
        String layers = switch (method) {
            case ROLLOUT -> startLayer == 0 ? "layers 1–" + (layer + 1)
                    : "layers " + (startLayer + 1) + "–" + (layer + 1);
            default -> "layer " + (layer + 1);
        };
        String h = heads.size() == totalHeads ? "all heads" : heads.size() == 1
                ? "head " + (heads.get(0) + 1) : heads.size() + " heads (" + fusion.toString().toLowerCase() + ")";
        String q = query == null ? "CLS" : "query " + query;
        return method + ", " + layers + ", " + h + ", " + q;
    }
}
