package org.spacetimelens.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.spacetimelens.model.TimeSformerConfig;

/**
 * TEMPORARY: a divided space-time TimeSformer written in this package only so that demo training
 * could be developed before the model package's trainable network existed. It follows HF
 * {@code modeling_timesformer.py} (divided_space_time) and uses HF parameter names, so what it
 * saves loads with {@link org.spacetimelens.model.TimeSformer}. To be replaced by the model
 * package's network.
 */
final class ProvisionalTimeSformer implements DemoNet {
    private final TimeSformerConfig cfg;
    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();

    ProvisionalTimeSformer(TimeSformerConfig cfg, NDManager parent, long seed) {
        this.cfg = cfg;
        this.manager = parent.newSubManager();
        Random rnd = new Random(seed);
        int d = cfg.hiddenSize();
        int g = cfg.gridSize() * cfg.gridSize();
        int p = cfg.patchSize();
        String e = "timesformer.embeddings.";
        normal(e + "cls_token", rnd, 1, 1, d);
        normal(e + "position_embeddings", rnd, 1, 1 + g, d);
        normal(e + "time_embeddings", rnd, 1, cfg.numFrames(), d);
        normal(e + "patch_embeddings.projection.weight", rnd, d, cfg.numChannels(), p, p);
        zeros(e + "patch_embeddings.projection.bias", d);
        for (int l = 0; l < cfg.numLayers(); l++) {
            String k = "timesformer.encoder.layer." + l + ".";
            layerNorm(k + "temporal_layernorm", d);
            linear(k + "temporal_attention.attention.qkv", rnd, 3 * d, d);
            linear(k + "temporal_attention.output.dense", rnd, d, d);
            linear(k + "temporal_dense", rnd, d, d);
            layerNorm(k + "layernorm_before", d);
            linear(k + "attention.attention.qkv", rnd, 3 * d, d);
            linear(k + "attention.output.dense", rnd, d, d);
            layerNorm(k + "layernorm_after", d);
            linear(k + "intermediate.dense", rnd, cfg.intermediateSize(), d);
            linear(k + "output.dense", rnd, d, cfg.intermediateSize());
        }
        layerNorm("timesformer.layernorm", d);
        linear("classifier", rnd, cfg.numLabels(), d);
        for (NDArray a : params.values()) {
            a.setRequiresGradient(true);
        }
    }

    @Override
    public TimeSformerConfig config() {
        return cfg;
    }

    @Override
    public Map<String, NDArray> parameters() {
        return params;
    }

    @Override
    public NDList forward(NDArray x, boolean capture) {
        NDManager m = x.getManager();
        Shape s = x.getShape();
        long b = s.get(0);
        long t = s.get(1);
        long c = s.get(2);
        int p = cfg.patchSize();
        long gh = s.get(3) / p;
        long gw = s.get(4) / p;
        long g = gh * gw;
        int d = cfg.hiddenSize();
        NDList captured = new NDList();

        // Patch embedding as a matrix product over flattened patches (the conv with stride = kernel).
        NDArray patches = x.reshape(b * t, c, gh, p, gw, p).transpose(0, 2, 4, 1, 3, 5).reshape(b * t * g, c * p * p);
        NDArray w = own(m, param("timesformer.embeddings.patch_embeddings.projection.weight").reshape(d, c * p * p));
        NDArray emb = lin(patches, w, param("timesformer.embeddings.patch_embeddings.projection.bias")).reshape(b * t, g, d);
        NDArray cls = m.zeros(new Shape(b * t, 1, d)).add(param("timesformer.embeddings.cls_token"));
        emb = NDArrays.concat(new NDList(cls, emb), 1).add(param("timesformer.embeddings.position_embeddings"));
        NDArray clsTok = emb.get("0:" + b + ", 0:1, :");
        NDArray tokens = emb.get(":, 1:, :").reshape(b, t, g, d).transpose(0, 2, 1, 3).reshape(b * g, t, d)
                .add(param("timesformer.embeddings.time_embeddings")).reshape(b, g * t, d);
        NDArray hidden = NDArrays.concat(new NDList(clsTok, tokens), 1);

        for (int l = 0; l < cfg.numLayers(); l++) {
            String k = "timesformer.encoder.layer." + l + ".";
            NDArray xs = hidden.get(":, 1:, :");
            NDArray tIn = norm(xs.reshape(b * g, t, d), k + "temporal_layernorm");
            NDArray tOut = attention(tIn, k + "temporal_attention.attention.qkv", k + "temporal_attention.output.dense", captured, capture);
            NDArray tEmb = xs.add(lin(tOut, k + "temporal_dense").reshape(b, g * t, d));
            NDArray initCls = hidden.get(":, 0:1, :");
            NDArray clsRep = initCls.broadcast(new Shape(b, t, d)).reshape(b * t, 1, d);
            NDArray sIn = tEmb.reshape(b, g, t, d).transpose(0, 2, 1, 3).reshape(b * t, g, d);
            sIn = norm(NDArrays.concat(new NDList(clsRep, sIn), 1), k + "layernorm_before");
            NDArray sOut = attention(sIn, k + "attention.attention.qkv", k + "attention.output.dense", captured, capture);
            NDArray clsOut = sOut.get(":, 0:1, :").reshape(b, t, d).mean(new int[] {1}, true);
            NDArray rest = sOut.get(":, 1:, :").reshape(b, t, g, d).transpose(0, 2, 1, 3).reshape(b, g * t, d);
            hidden = NDArrays.concat(new NDList(initCls, tEmb), 1).add(NDArrays.concat(new NDList(clsOut, rest), 1));
            NDArray mlp = lin(Activation.gelu(lin(norm(hidden, k + "layernorm_after"), k + "intermediate.dense")), k + "output.dense");
            hidden = hidden.add(mlp);
        }
        NDArray pooled = norm(hidden.get(":, 0, :"), "timesformer.layernorm");
        NDList out = new NDList(lin(pooled, "classifier"));
        out.addAll(captured);
        return out;
    }

    private NDArray attention(NDArray x, String qkvKey, String projKey, NDList captured, boolean capture) {
        Shape s = x.getShape();
        long n = s.get(0);
        long len = s.get(1);
        int d = cfg.hiddenSize();
        int h = cfg.numHeads();
        int hd = d / h;
        NDArray qkv = lin(x, qkvKey).reshape(n, len, 3, h, hd).transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        NDArray probs = q.matMul(k.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(hd)).softmax(-1);
        if (capture) {
            captured.add(probs);
        }
        NDArray ctx = probs.matMul(v).transpose(0, 2, 1, 3).reshape(n, len, d);
        return lin(ctx, projKey);
    }

    private NDArray lin(NDArray x, String key) {
        return lin(x, param(key + ".weight"), param(key + ".bias"));
    }

    private static NDArray lin(NDArray x, NDArray w, NDArray bias) {
        return Linear.linear(x, w, bias).singletonOrThrow();
    }

    private NDArray norm(NDArray x, String key) {
        return LayerNorm.layerNorm(x, new Shape(cfg.hiddenSize()), param(key + ".weight"), param(key + ".bias"),
                (float) cfg.layerNormEps()).singletonOrThrow();
    }

    /** Arrays computed from parameters alone would otherwise land in the parameters' manager. */
    private static NDArray own(NDManager m, NDArray a) {
        a.attach(m);
        return a;
    }

    private NDArray param(String key) {
        NDArray a = params.get(key);
        if (a == null) {
            throw new IllegalStateException("no parameter " + key);
        }
        return a;
    }

    private void normal(String key, Random rnd, long... shape) {
        Shape sh = new Shape(shape);
        float[] v = new float[Math.toIntExact(sh.size())];
        for (int i = 0; i < v.length; i++) {
            double z;
            do {
                z = rnd.nextGaussian();
            } while (Math.abs(z) > 2); // truncated normal, as HF's trunc_normal_(std=0.02)
            v[i] = (float) (0.02 * z);
        }
        put(key, manager.create(v, sh));
    }

    private void zeros(String key, long... shape) {
        put(key, manager.zeros(new Shape(shape)));
    }

    private void layerNorm(String key, int d) {
        put(key + ".weight", manager.ones(new Shape(d)));
        put(key + ".bias", manager.zeros(new Shape(d)));
    }

    private void linear(String key, Random rnd, int out, int in) {
        normal(key + ".weight", rnd, out, in);
        zeros(key + ".bias", out);
    }

    private void put(String key, NDArray a) {
        a.setName(key);
        params.put(key, a);
    }

    @Override
    public void close() {
        manager.close();
    }
}
