package org.spacetimelens.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.spacetimelens.model.AttentionGradients;
import org.spacetimelens.model.AttentionRecord;
import org.spacetimelens.model.AttentionType;

/**
 * Attention rollout (src/docs/ROLLOUT.md) and single-layer views of one {@link AttentionRecord}, float32 or
 * float16. Rollout propagates the query's row vector from the top layer down; the dense
 * {@code (1+G)·T} matrix is never built.
 *
 * <p>Fused per-layer maps are cached per (layer, fusion, heads, discard ratio, residual weight), so a
 * call that only changes the layer range, the query or the normalisation re-uses them. The cache is
 * bounded ({@link #DEFAULT_CACHE_BYTES} unless given) and instances are safe to call from several
 * threads. Keep one instance per record to benefit from the cache.
 *
 * <ul>
 *   <li>divided space-time: the recipe of src/docs/ROLLOUT.md;</li>
 *   <li>space-only: ordinary rollout inside each frame, the CLS query weighted 1/T per frame (the model
 *       averages the per-frame CLS predictions);</li>
 *   <li>joint space-time: ordinary rollout over the N tokens in the model's order ({@code TokenLayout});
 *       the output query starts from the CLS row, or for a model without CLS that mean-pools its tokens
 *       (VideoMAE) from the mean of all rows. Maps are {@code (t', gh, gw)}, one per tubelet.</li>
 * </ul>
 */
public final class Rollout {

    /** Default cache budget: 256 MB, or an eighth of the heap if that is smaller. */
    public static final long DEFAULT_CACHE_BYTES = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);

    private final AttentionRecord record;
    private final AttentionGradients gradients;
    private final FusedLayerCache cache;

    public Rollout(AttentionRecord record) {
        this(record, DEFAULT_CACHE_BYTES);
    }

    /** @param cacheBytes upper bound of the fused-map cache (0 disables caching) */
    public Rollout(AttentionRecord record, long cacheBytes) {
        this(record, null, cacheBytes);
    }

    /**
     * A rollout that can also compute {@link RolloutMethod#GRAD_ROLLOUT} from {@code gradients} (the gradients
     * of one class score with respect to this record's attention; null for none).
     *
     * @throws IllegalArgumentException when the gradients do not have the record's shape
     */
    public Rollout(AttentionRecord record, AttentionGradients gradients, long cacheBytes) {
        this.record = Objects.requireNonNull(record, "record");
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("cacheBytes must be >= 0, got " + cacheBytes);
        }
        if (gradients != null && !gradients.fits(record)) {
            throw new IllegalArgumentException("the attention gradients do not have the shape of the attention record");
        }
        this.gradients = gradients;
        this.cache = new FusedLayerCache(cacheBytes);
    }

    /** One-off computation without keeping a cache. */
    public static AttentionMaps compute(AttentionRecord record, RolloutParams params) {
        return new Rollout(record, 0).compute(params);
    }

    /** One-off computation, {@link RolloutMethod#GRAD_ROLLOUT} included, without keeping a cache. */
    public static AttentionMaps compute(AttentionRecord record, AttentionGradients gradients, RolloutParams params) {
        return new Rollout(record, gradients, 0).compute(params);
    }

    /** The attention gradients given, or null. */
    public AttentionGradients gradients() {
        return gradients;
    }

    public AttentionRecord record() {
        return record;
    }

    /**
     * The maps {@code (T, gh, gw)} asked for by {@code params}.
     *
     * @throws IllegalArgumentException when an option does not fit the record (layer, head or query out
     *                                  of range; a temporal view of a record without temporal attention)
     */
    public AttentionMaps compute(RolloutParams params) {
        validate(params);
        float[] raw = switch (params.method()) {
            case ROLLOUT -> rollout(params);
            case GRAD_ROLLOUT -> gradRollout(params);
            case SPATIAL -> spatialView(params);
            case TEMPORAL -> temporalView(params);
        };
        return new AttentionMaps(record.frames(), record.gridH(), record.gridW(), normalise(raw, params), raw);
    }

    /**
     * The fused maps a rollout multiplies at {@code layer} (heads fused, discard, residual, rows
     * normalised), a copy: divided and space-only {@code (T, 1+G, 1+G)}, joint {@code (N, N)}.
     */
    public float[] fusedSpatial(int layer, RolloutParams params) {
        checkLayer(layer);
        validate(params);
        return fused(layer, params).spatial().clone();
    }

    /**
     * The temporal maps a rollout multiplies at {@code layer}, {@code (1+G, T, T)} with the CLS's
     * identity at position 0 (a copy). Divided space-time records only.
     */
    public float[] fusedTemporal(int layer, RolloutParams params) {
        checkLayer(layer);
        validate(params);
        requireDivided("temporal maps");
        return fused(layer, params).temporal().clone();
    }

    /**
     * The fused temporal attention {@code (T, T)} (rows: query frame, columns: key frame) at layer
     * {@code params.lastLayer} of the query patch's position; for the CLS query, the mean over all patch
     * positions. Heads fused as asked; no discard or residual. Divided space-time records only.
     */
    public float[] temporalMatrix(RolloutParams params) {
        validate(params);
        requireDivided("temporal attention");
        int frames = record.frames();
        int t2 = frames * frames;
        int layer = params.lastLayer(record.layers());
        float[] temporal = probabilities(layer, params).temporal();
        float[] out = new float[t2];
        QueryToken q = params.query();
        if (!q.cls()) {
            System.arraycopy(temporal, (1 + q.y() * record.gridW() + q.x()) * t2, out, 0, t2);
            return out;
        }
        double[] sum = new double[t2];
        for (int p = 1; p < record.tokensPerFrame(); p++) {
            for (int i = 0; i < t2; i++) {
                sum[i] += temporal[p * t2 + i];
            }
        }
        for (int i = 0; i < t2; i++) {
            out[i] = (float) (sum[i] / record.patches());
        }
        return out;
    }

    /** Bytes held by the fused-map cache. */
    public long cachedBytes() {
        return cache.bytes();
    }

    /** Number of fused layers held by the cache. */
    public int cachedLayers() {
        return cache.size();
    }

    public void clearCache() {
        cache.clear();
    }

    private void validate(RolloutParams params) {
        Objects.requireNonNull(params, "params");
        params.validate(record.layers(), record.heads(), record.frames(), record.gridH(), record.gridW());
        if (params.method() == RolloutMethod.TEMPORAL) {
            requireDivided("the temporal view");
        }
        if (params.method() == RolloutMethod.GRAD_ROLLOUT && gradients == null) {
            throw new IllegalArgumentException("grad-rollout needs the gradients of a class score with respect to "
                    + "the attention; this rollout was given attention only");
        }
    }

    private void requireDivided(String what) {
        if (record.type() != AttentionType.DIVIDED_SPACE_TIME) {
            throw new IllegalArgumentException(what + " needs divided space-time attention; this record is "
                    + record.type().configName());
        }
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= record.layers()) {
            throw new IllegalArgumentException("layer " + layer + " is out of range: the record has "
                    + record.layers() + " layers (0.." + (record.layers() - 1) + ")");
        }
    }

    // ---------------------------------------------------------------- rollout

    private float[] rollout(RolloutParams params) {
        int bottom = params.startLayer();
        int top = params.lastLayer(record.layers());
        return propagate(fusedRange(bottom, top, params), bottom, top, params);
    }

    /** Gradient-weighted rollout: the same propagation over relevance maps (not cached: one class per call). */
    private float[] gradRollout(RolloutParams params) {
        int bottom = params.startLayer();
        int top = params.lastLayer(record.layers());
        FusedLayer[] layers = new FusedLayer[record.layers()];
        IntStream.rangeClosed(bottom, top).parallel().forEach(l -> layers[l] = GradRelevance.prepare(record,
                gradients, l, headsAt(l, params), params.fusion()));
        return propagate(layers, bottom, top, params);
    }

    /** The query's row propagated through {@code layers[top..bottom]}, over the patch columns. */
    private float[] propagate(FusedLayer[] layers, int bottom, int top, RolloutParams params) {
        int frames = record.frames();
        int positions = record.tokensPerFrame();
        int patches = record.patches();
        QueryToken q = params.query();
        float[] raw = new float[frames * patches];
        switch (record.type()) {
            case DIVIDED_SPACE_TIME, SPACE_ONLY -> {
                // per-frame layout v[t·P + p]; the CLS query starts as the mean of the rows (cls, t)
                double[] v = new double[frames * positions];
                if (q.cls()) {
                    for (int t = 0; t < frames; t++) {
                        v[t * positions] = 1.0 / frames;
                    }
                } else {
                    v[q.t() * positions + 1 + q.y() * record.gridW() + q.x()] = 1.0;
                }
                if (record.type() == AttentionType.DIVIDED_SPACE_TIME) {
                    Propagator.divided(layers, bottom, top, frames, positions, v);
                } else {
                    Propagator.ordinary(layers, bottom, top, frames, positions, v);
                }
                for (int t = 0; t < frames; t++) {
                    for (int g = 0; g < patches; g++) {
                        raw[t * patches + g] = (float) v[t * positions + 1 + g];
                    }
                }
            }
            case JOINT_SPACE_TIME -> {
                int n = record.jointTokens();
                double[] v = jointStart(q, n);
                Propagator.ordinary(layers, bottom, top, 1, n, v);
                for (int t = 0; t < frames; t++) {
                    for (int g = 0; g < patches; g++) {
                        raw[t * patches + g] = (float) v[jointIndex(g, t)];
                    }
                }
            }
            default -> throw new AssertionError(record.type());
        }
        return raw;
    }

    /** The record's token order (TimeSformer: patch g of frame t at 1 + g·T + t; see TokenLayout). */
    private int jointIndex(int g, int t) {
        return record.jointIndex(g, t);
    }

    /**
     * The start row of a joint rollout: a patch token's own row, or the model's output: the CLS row, else the
     * mean of all rows (src/docs/ROLLOUT.md, joint models: a model without CLS is read as the mean of all
     * rows; this holds for VideoMAE without {@code use_mean_pooling} too, although its classifier reads
     * token 0, so that the map does not depend on one arbitrary patch and matches the specification).
     */
    private double[] jointStart(QueryToken q, int n) {
        double[] v = new double[n];
        if (!q.cls()) {
            v[jointIndex(q.y() * record.gridW() + q.x(), q.t())] = 1.0;
        } else if (!record.layout().cls()) {
            java.util.Arrays.fill(v, 1.0 / n);
        } else {
            v[0] = 1.0;
        }
        return v;
    }

    /** Fused layers bottom..top (indexed by layer), from the cache or computed in parallel. */
    private FusedLayer[] fusedRange(int bottom, int top, RolloutParams params) {
        FusedLayer[] layers = new FusedLayer[record.layers()];
        List<Integer> missing = new ArrayList<>();
        for (int l = bottom; l <= top; l++) {
            layers[l] = cache.get(key(l, params));
            if (layers[l] == null) {
                missing.add(l);
            }
        }
        // Fusion reads every head of every frame (~15 MB per base layer): one layer per core.
        IntStream.range(0, missing.size()).parallel().forEach(i -> {
            int l = missing.get(i);
            layers[l] = fused(l, params);
        });
        return layers;
    }

    private FusedLayer fused(int layer, RolloutParams params) {
        FusedLayerCache.Key key = key(layer, params);
        FusedLayer f = cache.get(key);
        if (f == null) {
            f = FusedLayer.prepare(record, layer, headsAt(layer, params), params.fusion(), params.discardRatio(),
                    params.residualWeight(), true);
            cache.put(key, f);
        }
        return f;
    }

    private FusedLayerCache.Key key(int layer, RolloutParams params) {
        int[] heads = headsAt(layer, params);
        List<Integer> list = new ArrayList<>(heads.length);
        if (heads.length != record.heads()) {
            for (int h : heads) {
                list.add(h);
            }
        }
        // With one head, mean, max and min coincide.
        HeadFusion fusion = heads.length == 1 ? HeadFusion.MEAN : params.fusion();
        return new FusedLayerCache.Key(layer, fusion, List.copyOf(list), params.discardRatio(),
                params.residualWeight());
    }

    /** Heads fused at {@code layer}: the selection where it applies, else all. */
    private int[] headsAt(int layer, RolloutParams params) {
        boolean applies = params.headLayer() == RolloutParams.EVERY_LAYER || params.headLayer() == layer;
        if (params.allHeads() || !applies) {
            return IntStream.range(0, record.heads()).toArray();
        }
        return params.heads().stream().mapToInt(Integer::intValue).toArray();
    }

    // ---------------------------------------------------------------- single-layer views

    private FusedLayer probabilities(int layer, RolloutParams params) {
        return FusedLayer.prepare(record, layer, headsAt(layer, params), params.fusion(), 0, 1, false);
    }

    private float[] spatialView(RolloutParams params) {
        int frames = record.frames();
        int positions = record.tokensPerFrame();
        int patches = record.patches();
        float[] s = probabilities(params.lastLayer(record.layers()), params).spatial();
        QueryToken q = params.query();
        float[] raw = new float[frames * patches];
        if (record.type() == AttentionType.JOINT_SPACE_TIME) {
            // the query's row at this layer (the output query of a mean-pooling model: the mean row)
            int n = record.jointTokens();
            double[] start = jointStart(q, n);
            double[] row = new double[n];
            Propagator.vectorMatrix(start, 0, 1, n, s, 0, n, row, 0, new float[n]);
            for (int t = 0; t < frames; t++) {
                for (int g = 0; g < patches; g++) {
                    raw[t * patches + g] = (float) row[jointIndex(g, t)];
                }
            }
            return raw;
        }
        int p2 = positions * positions;
        for (int t = 0; t < frames; t++) {
            if (!q.cls() && t != q.t()) {
                continue; // a patch token attends spatially only inside its own frame
            }
            int row = t * p2 + (q.cls() ? 0 : 1 + q.y() * record.gridW() + q.x()) * positions;
            System.arraycopy(s, row + 1, raw, t * patches, patches);
        }
        return raw;
    }

    private float[] temporalView(RolloutParams params) {
        int frames = record.frames();
        int patches = record.patches();
        int t2 = frames * frames;
        float[] temporal = probabilities(params.lastLayer(record.layers()), params).temporal();
        QueryToken q = params.query();
        float[] raw = new float[frames * patches];
        if (!q.cls()) {
            int g = q.y() * record.gridW() + q.x();
            int row = (1 + g) * t2 + q.t() * frames;
            for (int k = 0; k < frames; k++) {
                raw[k * patches + g] = temporal[row + k];
            }
            return raw;
        }
        for (int g = 0; g < patches; g++) {
            int base = (1 + g) * t2;
            for (int k = 0; k < frames; k++) {
                double s = 0;
                for (int t = 0; t < frames; t++) {
                    s += temporal[base + t * frames + k];
                }
                raw[k * patches + g] = (float) (s / frames);
            }
        }
        return raw;
    }

    // ---------------------------------------------------------------- normalisation

    private float[] normalise(float[] raw, RolloutParams params) {
        float[] values = raw.clone();
        int patches = record.patches();
        switch (params.normalization()) {
            case NONE -> {
            }
            case GLOBAL_MAX -> scaleByMax(values, 0, values.length);
            case PER_FRAME -> {
                for (int t = 0; t < record.frames(); t++) {
                    scaleByMax(values, t * patches, patches);
                }
            }
            default -> throw new AssertionError(params.normalization());
        }
        return values;
    }

    /** Divides a range by its maximum; an all-zero range stays zero. */
    private static void scaleByMax(float[] a, int from, int length) {
        float max = 0f;
        for (int i = from; i < from + length; i++) {
            max = Math.max(max, a[i]);
        }
        if (max > 0f) {
            for (int i = from; i < from + length; i++) {
                a[i] /= max;
            }
        }
    }
}
