#!/usr/bin/env python3
"""Independent NumPy reference for Spacetime Lens: the Hugging Face TimeSformer forward pass
(modeling_timesformer.py, divided_space_time / joint_space_time) and the published attention-rollout
recipe (yiyixuxu/TimesFormer_rolled_attention: combine_divided_attention + dense matrix product).

Written from the reference sources, not from the Java code, in float64 with dense matrices, so that
a JUnit test can compare `spacetime-lens export` against it. Usage:

    reference_timesformer.py MODEL_DIR CLIP.npy OUT.npz

MODEL_DIR holds config.json + model.safetensors (F32/F16/BF16, HF key names).
Writes logits, spatial_attention (L,T,H,1+G,1+G), temporal_attention (L,G,H,T,T) and rollout
(T,gh,gw, global-max normalised) for divided space-time.
"""
import json
import math
import struct
import sys

import numpy as np


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        a, b = meta["data_offsets"]
        raw = data[a:b]
        dt = meta["dtype"]
        if dt == "F32":
            arr = np.frombuffer(raw, dtype="<f4")
        elif dt == "F16":
            arr = np.frombuffer(raw, dtype="<f2")
        elif dt == "BF16":
            u = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            arr = u.view(np.float32)
        elif dt == "F64":
            arr = np.frombuffer(raw, dtype="<f8")
        else:
            raise ValueError(dt)
        out[name] = arr.astype(np.float64).reshape(meta["shape"])
    return out


def strip(w):
    # Accept both TimesformerForVideoClassification and bare TimesformerModel key sets.
    return {(k[len("timesformer."):] if k.startswith("timesformer.") else k): v for k, v in w.items()}


def layer_norm(x, g, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def linear(x, w, prefix):
    y = x @ w[prefix + ".weight"].T
    if prefix + ".bias" in w:
        y = y + w[prefix + ".bias"]
    return y


def gelu(x):
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def softmax(x):
    x = x - x.max(-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(-1, keepdims=True)


def self_attention(x, w, prefix, heads):
    # x: (B, N, C) -> context (B, N, C), probs (B, heads, N, N)
    B, N, C = x.shape
    qkv = linear(x, w, prefix + ".attention.qkv").reshape(B, N, 3, heads, C // heads).transpose(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    probs = softmax((q @ k.transpose(0, 1, 3, 2)) * (C // heads) ** -0.5)
    ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(B, N, C)
    return linear(ctx, w, prefix + ".output.dense"), probs


def nearest_indices(n_in, n_out):
    # torch F.interpolate(mode="nearest"): src = min(floor(dst * scale), in - 1) with scale = in / out
    # computed in float32 (as ATen does); double arithmetic differs for e.g. in=26, out=22, dst=11.
    scale = np.float32(n_in) / np.float32(n_out)
    return [min(int(math.floor(np.float32(i) * scale)), n_in - 1) for i in range(n_out)]


def embed(pixels, w, cfg):
    T, C, Hpx, Wpx = pixels.shape
    p = cfg["patch_size"]
    gh, gw = Hpx // p, Wpx // p
    proj_w = w["embeddings.patch_embeddings.projection.weight"]  # (D, C, p, p)
    proj_b = w["embeddings.patch_embeddings.projection.bias"]
    D = proj_w.shape[0]
    patches = pixels[:, :, : gh * p, : gw * p].reshape(T, C, gh, p, gw, p).transpose(0, 2, 4, 1, 3, 5)
    emb = patches.reshape(T, gh * gw, C * p * p) @ proj_w.reshape(D, -1).T + proj_b  # (T, G, D)
    cls = np.broadcast_to(w["embeddings.cls_token"].reshape(1, 1, D), (T, 1, D))
    x = np.concatenate([cls, emb], 1)
    pos = w["embeddings.position_embeddings"][0]
    if x.shape[1] != pos.shape[0]:
        P = int((pos.shape[0] - 1) ** 0.5)
        grid = pos[1:].reshape(P, P, D)
        ri, ci = nearest_indices(P, gh), nearest_indices(P, gw)
        new = grid[ri][:, ci].reshape(gh * gw, D)
        pos = np.concatenate([pos[:1], new], 0)
    x = x + pos
    if cfg["attention_type"] == "space_only":
        return x, T, gh, gw
    cls_tok = x[:1, 0]  # (1, D)
    x = x[:, 1:].transpose(1, 0, 2)  # (G, T, D)
    te = w["embeddings.time_embeddings"][0]
    if te.shape[0] != T:
        te = te[nearest_indices(te.shape[0], T)]
    x = x + te
    x = x.reshape(1, gh * gw * T, D)
    return np.concatenate([cls_tok[None], x], 1), T, gh, gw


def forward(pixels, w, cfg):
    heads = cfg["num_attention_heads"]
    eps = cfg.get("layer_norm_eps", 1e-6)
    x, T, gh, gw = embed(pixels, w, cfg)
    G = gh * gw
    spatial, temporal = [], []
    for i in range(cfg["num_hidden_layers"]):
        pre = "encoder.layer.%d." % i
        ln = lambda y, name: layer_norm(y, w[pre + name + ".weight"], w[pre + name + ".bias"], eps)
        if cfg["attention_type"] == "divided_space_time":
            D = x.shape[-1]
            xt = x[:, 1:].reshape(G, T, D)
            res_t, pt = self_attention(ln(xt, "temporal_layernorm"), w, pre + "temporal_attention", heads)
            res_t = linear(res_t.reshape(1, G * T, D), w, pre + "temporal_dense")
            xt = x[:, 1:] + res_t  # (1, G*T, D)
            init_cls = x[:, :1]  # (1,1,D)
            xs = xt.reshape(G, T, D).transpose(1, 0, 2)  # (T, G, D)
            xs = np.concatenate([np.broadcast_to(init_cls, (T, 1, D)), xs], 1)
            res_s, ps = self_attention(ln(xs, "layernorm_before"), w, pre + "attention", heads)
            cls_out = res_s[:, 0].mean(0)[None, None]
            res_s = res_s[:, 1:].transpose(1, 0, 2).reshape(1, G * T, D)
            h = np.concatenate([init_cls, xt], 1) + np.concatenate([cls_out, res_s], 1)
            spatial.append(ps)  # (T, H, 1+G, 1+G)
            temporal.append(pt)  # (G, H, T, T)
        else:
            res, ps = self_attention(ln(x, "layernorm_before"), w, pre + "attention", heads)
            h = x + res
            spatial.append(ps)
        out = linear(gelu(linear(ln(h, "layernorm_after"), w, pre + "intermediate.dense")), w, pre + "output.dense")
        x = h + out
    if cfg["attention_type"] == "space_only":
        x = x.mean(0, keepdims=True)  # vit.py: average the frames before the final norm
    x = layer_norm(x, w["layernorm.weight"], w["layernorm.bias"], eps)
    logits = linear(x[:, 0], w, "classifier")[0]
    return logits, spatial, temporal, (T, gh, gw)


def combine_divided_attention(attn_t, attn_s, T):
    # The seed's recipe, literally (numpy instead of torch).
    attn_t = attn_t.mean(1)
    attn_t = np.concatenate([np.eye(T)[None], attn_t], 0)
    attn_t = attn_t + np.eye(T)[None]
    attn_t = attn_t / attn_t.sum(-1)[..., None]
    attn_s = attn_s.mean(1)
    attn_s = attn_s + np.eye(attn_s.shape[-1])[None]
    attn_s = attn_s / attn_s.sum(-1)[..., None]
    attn_ts = np.einsum("tpk,ktq->ptkq", attn_s, attn_t)
    attn_cls = attn_ts[0].mean(0)
    attn_ts[0] = np.broadcast_to(attn_cls, attn_ts[0].shape)
    return attn_ts


def rollout(spatial, temporal, dims):
    T, gh, gw = dims
    P = 1 + gh * gw
    result = np.eye(P * T)
    for attn_t, attn_s in zip(temporal, spatial):
        W = combine_divided_attention(attn_t, attn_s, T).reshape(P * T, P * T)
        result = W @ result
    mask = result.reshape(P, T, P, T).mean(1)[0, 1:, :]  # (G, T)
    mask = mask.reshape(gh, gw, T).transpose(2, 0, 1)
    return mask / mask.max(), mask


def main():
    model_dir, clip_path, out_path = sys.argv[1:4]
    cfg = json.load(open(model_dir + "/config.json"))
    defaults = dict(layer_norm_eps=1e-6, attention_type="divided_space_time")
    for k, v in defaults.items():
        cfg.setdefault(k, v)
    w = strip(read_safetensors(model_dir + "/model.safetensors"))
    pixels = np.load(clip_path).astype(np.float64)
    logits, spatial, temporal, dims = forward(pixels, w, cfg)
    out = dict(logits=logits, spatial_attention=np.stack(spatial))
    if temporal:
        out["temporal_attention"] = np.stack(temporal)
        out["rollout"], out["rollout_raw"] = rollout(spatial, temporal, dims)
    np.savez(out_path, **out)


if __name__ == "__main__":
    main()
