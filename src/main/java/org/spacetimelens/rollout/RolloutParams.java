package org.spacetimelens.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Every option of src/docs/ROLLOUT.md, immutable. {@link #defaults()} is the published recipe: rollout over all
 * layers, head mean, no discard, residual weight 0.5, CLS query, global-max normalisation.
 *
 * <p>Layers and heads are 0-based. Change options with the withers or {@link #toBuilder()}; the
 * constructor checks every range that does not depend on the record, {@link #validate} checks the rest.
 * Serialises as a plain JSON object with Jackson (a record).
 *
 * @param method         rollout or one of the single-layer views
 * @param startLayer     first layer multiplied in (Chefer's {@code start_layer}); 0 = from the bottom
 * @param upToLayer      last layer multiplied in, inclusive; {@link #ALL_LAYERS} = the top layer. The
 *                       single-layer views show this layer.
 * @param fusion         how the selected heads are combined
 * @param heads          selected heads, sorted and distinct; empty = all heads. One head = a list of one.
 * @param headLayer      the only layer where {@code heads} applies ({@link #EVERY_LAYER} = all layers);
 *                       other layers then fuse all heads (with the same fusion)
 * @param discardRatio   fraction in [0, 1) of each fused map's entries (the lowest ones) set to zero
 *                       before the residual; diagonal entries are never zeroed
 * @param residualWeight α in [0, 1]: each map becomes {@code rownorm(α·A + (1−α)·I)}; 0.5 = recipe
 * @param query          the token whose row is rolled out
 * @param normalization  how {@link AttentionMaps#values()} is scaled
 */
public record RolloutParams(
        RolloutMethod method,
        int startLayer,
        int upToLayer,
        HeadFusion fusion,
        List<Integer> heads,
        int headLayer,
        double discardRatio,
        double residualWeight,
        QueryToken query,
        MapNormalization normalization) {

    /** {@link #upToLayer()} value meaning "the last layer of the record". */
    public static final int ALL_LAYERS = -1;
    /** {@link #headLayer()} value meaning "the head selection applies at every layer". */
    public static final int EVERY_LAYER = -1;

    private static final RolloutParams DEFAULTS = new RolloutParams(RolloutMethod.ROLLOUT, 0, ALL_LAYERS,
            HeadFusion.MEAN, List.of(), EVERY_LAYER, 0.0, 0.5, QueryToken.CLS, MapNormalization.GLOBAL_MAX);

    public RolloutParams {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(fusion, "fusion");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(normalization, "normalization");
        heads = normaliseHeads(heads);
        if (startLayer < 0) {
            throw new IllegalArgumentException("startLayer must be >= 0, got " + startLayer);
        }
        if (upToLayer < ALL_LAYERS) {
            throw new IllegalArgumentException("upToLayer must be >= 0 (or -1 for all layers), got " + upToLayer);
        }
        if (upToLayer != ALL_LAYERS && startLayer > upToLayer) {
            throw new IllegalArgumentException("startLayer " + startLayer + " is above upToLayer " + upToLayer);
        }
        if (headLayer < EVERY_LAYER) {
            throw new IllegalArgumentException("headLayer must be >= 0 (or -1 for every layer), got " + headLayer);
        }
        if (!(discardRatio >= 0.0 && discardRatio < 1.0)) {
            throw new IllegalArgumentException("discardRatio must be in [0, 1), got " + discardRatio);
        }
        if (!(residualWeight >= 0.0 && residualWeight <= 1.0)) {
            throw new IllegalArgumentException("residualWeight must be in [0, 1], got " + residualWeight);
        }
    }

    /** The published recipe. */
    public static RolloutParams defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** True when every head is fused ({@link #heads()} empty). */
    public boolean allHeads() {
        return heads.isEmpty();
    }

    /** The last layer used for a record of {@code layers} layers. */
    public int lastLayer(int layers) {
        return upToLayer == ALL_LAYERS ? layers - 1 : upToLayer;
    }

    /**
     * Checks the options that depend on the record's shape; throws {@link IllegalArgumentException}
     * naming the option, its value and the valid range.
     */
    public void validate(int layers, int numHeads, int frames, int gridH, int gridW) {
        if (upToLayer >= layers) {
            throw new IllegalArgumentException("upToLayer " + upToLayer + " is out of range: the model has "
                    + layers + " layers (0.." + (layers - 1) + ")");
        }
        if (startLayer >= layers) {
            throw new IllegalArgumentException("startLayer " + startLayer + " is out of range: the model has "
                    + layers + " layers (0.." + (layers - 1) + ")");
        }
        if (startLayer > lastLayer(layers)) {
            throw new IllegalArgumentException("startLayer " + startLayer + " is above the last layer "
                    + lastLayer(layers));
        }
        if (headLayer >= layers) {
            throw new IllegalArgumentException("headLayer " + headLayer + " is out of range: the model has "
                    + layers + " layers (0.." + (layers - 1) + ")");
        }
        for (int h : heads) {
            if (h >= numHeads) {
                throw new IllegalArgumentException("head " + h + " is out of range: the model has " + numHeads
                        + " heads (0.." + (numHeads - 1) + ")");
            }
        }
        if (method == RolloutMethod.GRAD_ROLLOUT && (discardRatio != 0.0 || residualWeight != 0.5)) {
            throw new IllegalArgumentException("grad-rollout takes no discard ratio or residual weight (its maps are "
                    + "I + the clipped gradient-weighted attention, not renormalised); got discardRatio " + discardRatio
                    + ", residualWeight " + residualWeight);
        }
        if (!query.cls() && (query.y() >= gridH || query.x() >= gridW || query.t() >= frames)) {
            throw new IllegalArgumentException("query " + query + " is outside the clip's token grid (y < "
                    + gridH + ", x < " + gridW + ", t < " + frames + ")");
        }
    }

    public RolloutParams withMethod(RolloutMethod m) {
        return toBuilder().method(m).build();
    }

    public RolloutParams withStartLayer(int layer) {
        return toBuilder().startLayer(layer).build();
    }

    public RolloutParams withUpToLayer(int layer) {
        return toBuilder().upToLayer(layer).build();
    }

    public RolloutParams withFusion(HeadFusion f) {
        return toBuilder().fusion(f).build();
    }

    /** Selects heads (none = all heads). */
    public RolloutParams withHeads(int... selected) {
        return toBuilder().heads(selected).build();
    }

    public RolloutParams withHeads(List<Integer> selected) {
        return toBuilder().heads(selected).build();
    }

    public RolloutParams withHeadLayer(int layer) {
        return toBuilder().headLayer(layer).build();
    }

    public RolloutParams withDiscardRatio(double ratio) {
        return toBuilder().discardRatio(ratio).build();
    }

    public RolloutParams withResidualWeight(double alpha) {
        return toBuilder().residualWeight(alpha).build();
    }

    public RolloutParams withQuery(QueryToken q) {
        return toBuilder().query(q).build();
    }

    public RolloutParams withNormalization(MapNormalization n) {
        return toBuilder().normalization(n).build();
    }

    @Override
    public String toString() {
        return "RolloutParams[method=" + method
                + ", layers=" + startLayer + ".." + (upToLayer == ALL_LAYERS ? "last" : String.valueOf(upToLayer))
                + ", fusion=" + fusion
                + ", heads=" + (heads.isEmpty() ? "all" : heads.toString())
                + (headLayer == EVERY_LAYER ? "" : " at layer " + headLayer)
                + ", discardRatio=" + discardRatio
                + ", residualWeight=" + residualWeight
                + ", query=" + query
                + ", normalization=" + normalization + "]";
    }

    private static List<Integer> normaliseHeads(List<Integer> heads) {
        if (heads == null || heads.isEmpty()) {
            return List.of();
        }
        TreeSet<Integer> sorted = new TreeSet<>();
        for (Integer h : heads) {
            if (h == null || h < 0) {
                throw new IllegalArgumentException("head indices must be >= 0, got " + heads);
            }
            sorted.add(h);
        }
        return List.copyOf(sorted);
    }

    /** Mutable builder; starts from the defaults or from an existing instance. */
    public static final class Builder {
        private RolloutMethod method;
        private int startLayer;
        private int upToLayer;
        private HeadFusion fusion;
        private List<Integer> heads;
        private int headLayer;
        private double discardRatio;
        private double residualWeight;
        private QueryToken query;
        private MapNormalization normalization;

        private Builder(RolloutParams p) {
            method = p.method;
            startLayer = p.startLayer;
            upToLayer = p.upToLayer;
            fusion = p.fusion;
            heads = p.heads;
            headLayer = p.headLayer;
            discardRatio = p.discardRatio;
            residualWeight = p.residualWeight;
            query = p.query;
            normalization = p.normalization;
        }

        public Builder method(RolloutMethod m) {
            method = m;
            return this;
        }

        public Builder startLayer(int layer) {
            startLayer = layer;
            return this;
        }

        public Builder upToLayer(int layer) {
            upToLayer = layer;
            return this;
        }

        public Builder fusion(HeadFusion f) {
            fusion = f;
            return this;
        }

        public Builder heads(int... selected) {
            List<Integer> list = new ArrayList<>(selected.length);
            for (int h : selected) {
                list.add(h);
            }
            heads = list;
            return this;
        }

        public Builder heads(List<Integer> selected) {
            heads = selected;
            return this;
        }

        public Builder headLayer(int layer) {
            headLayer = layer;
            return this;
        }

        public Builder discardRatio(double ratio) {
            discardRatio = ratio;
            return this;
        }

        public Builder residualWeight(double alpha) {
            residualWeight = alpha;
            return this;
        }

        public Builder query(QueryToken q) {
            query = q;
            return this;
        }

        public Builder normalization(MapNormalization n) {
            normalization = n;
            return this;
        }

        public RolloutParams build() {
            return new RolloutParams(method, startLayer, upToLayer, fusion, heads, headLayer, discardRatio,
                    residualWeight, query, normalization);
        }
    }
}
