#!/usr/bin/env python3
"""Independent NumPy reference for Spacetime Lens' joint space-time models: the Hugging Face
`VideoMAEForVideoClassification` (modeling_videomae.py) and `VivitForVideoClassification`
(modeling_vivit.py) forward passes, and attention rollout as ROLLOUT.md ("Models with joint
space-time attention") defines it. Written from those sources, not from the Java code, in float64
with dense matrices.

    reference_joint.py MODEL_DIR CLIP.npy OUT.npz

CLIP.npy is one preprocessed clip (T, 3, H, W) float32 (HF pixel_values without the batch axis).
Writes logits (K,), attention (L, heads, N, N) in the model's token order (HF output_attentions
without the batch axis), rollout (t', gh, gw) divided by its maximum and rollout_raw (before that
division).
"""
import json
import math
import sys

import numpy as np
from scipy.special import erf

from reference_timesformer import read_safetensors


def layer_norm(x, g, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def softmax(x):
    x = x - x.real.max(-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(-1, keepdims=True)


# activations.py: ACT2FN
ACTIVATIONS = {
    "gelu": lambda x: 0.5 * x * (1.0 + erf(x / math.sqrt(2.0))),
    "gelu_fast": lambda x: 0.5 * x * (1.0 + np.tanh(x * 0.7978845608 * (1.0 + 0.044715 * x * x))),
    "gelu_new": lambda x: 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3))),
    "gelu_pytorch_tanh": lambda x: 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3))),
    "quick_gelu": lambda x: x / (1.0 + np.exp(-1.702 * x)),
    "relu": lambda x: np.maximum(x, 0),
}


def sinusoid_table(n_position, d_hid):
    # modeling_videomae.get_sinusoid_encoding_table, vectorised: angle = pos / 10000^(2*(j//2)/d),
    # sin on even dimensions, cos on odd ones.
    pos = np.arange(n_position, dtype=np.float64)[:, None]
    j = np.arange(d_hid)
    angle = pos / np.power(10000, 2 * (j // 2) / d_hid)
    table = angle.copy()
    table[:, 0::2] = np.sin(angle[:, 0::2])
    table[:, 1::2] = np.cos(angle[:, 1::2])
    # HF builds it in float64 and stores torch.FloatTensor: the model adds the float32-rounded table.
    return table.astype(np.float32).astype(np.float64)


def pair(v):
    return (v[0], v[1]) if isinstance(v, (list, tuple)) else (v, v)


class Joint:
    """One VideoMAE or ViViT classification checkpoint."""

    def __init__(self, model_dir):
        cfg = json.load(open(model_dir + "/config.json"))
        self.kind = cfg["model_type"]
        if self.kind not in ("videomae", "vivit"):
            raise ValueError("not a VideoMAE/ViViT config: " + self.kind)
        vm = self.kind == "videomae"
        d = dict(image_size=224, num_frames=16 if vm else 32, tubelet_size=2 if vm else [2, 16, 16],
                 patch_size=16, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                 hidden_act="gelu" if vm else "gelu_fast", layer_norm_eps=1e-12 if vm else 1e-6,
                 qkv_bias=True, use_mean_pooling=True)
        for k, v in d.items():
            cfg.setdefault(k, v)
        self.cfg = cfg
        w = read_safetensors(model_dir + "/model.safetensors")
        self.w = w
        self.pre = "videomae." if vm else "vivit."
        self.heads = cfg["num_attention_heads"]
        self.eps = cfg["layer_norm_eps"]
        self.act = ACTIVATIONS[cfg["hidden_act"]]
        if vm:
            self.image = pair(cfg["image_size"])
            ph, pw = pair(cfg["patch_size"])
            self.tub = (int(cfg["tubelet_size"]), ph, pw)
        else:
            self.image = (cfg["image_size"], cfg["image_size"])
            self.tub = tuple(cfg["tubelet_size"])
        self.gh, self.gw = self.image[0] // self.tub[1], self.image[1] // self.tub[2]
        self.tp = cfg["num_frames"] // self.tub[0]
        self.cls = not vm

    def W(self, name):
        return self.w[self.pre + name]

    def embed(self, pixels):
        T, C, H, Wd = pixels.shape
        if (H, Wd) != self.image:
            raise ValueError("clip frames are %dx%d, the model takes %dx%d" % (H, Wd, *self.image))
        kt, kh, kw = self.tub
        tp, gh, gw = T // kt, H // kh, Wd // kw
        if tp * gh * gw != self.tp * self.gh * self.gw:
            raise ValueError("clip gives %d tokens, the model's position table has %d (num_frames=%d)"
                             % (tp * gh * gw, self.tp * self.gh * self.gw, self.cfg["num_frames"]))
        proj = self.W("embeddings.patch_embeddings.projection.weight")  # (D, C, kt, kh, kw): Conv3d
        D = proj.shape[0]
        x = pixels[: tp * kt, :, : gh * kh, : gw * kw].reshape(tp, kt, C, gh, kh, gw, kw)
        x = x.transpose(0, 3, 5, 2, 1, 4, 6).reshape(tp * gh * gw, C * kt * kh * kw)  # tokens (t', y, x)
        emb = x @ proj.reshape(D, -1).T + self.W("embeddings.patch_embeddings.projection.bias")
        if self.cls:
            emb = np.concatenate([self.W("embeddings.cls_token").reshape(1, D), emb], 0)
            emb = emb + self.W("embeddings.position_embeddings")[0]
        else:
            emb = emb + sinusoid_table(emb.shape[0], D)
        return emb, (tp, gh, gw)

    def attention(self, x, i, override=None):
        """Self-attention of layer i on x (N, D); override(probs) may replace the probabilities."""
        p = "encoder.layer.%d.attention." % i
        N, D = x.shape
        hd = D // self.heads

        def lin(name, bias):
            y = x @ self.W(p + "attention.%s.weight" % name).T
            return y + bias if bias is not None else y

        if self.kind == "videomae":
            qb = self.w.get(self.pre + p + "attention.q_bias")
            vb = self.w.get(self.pre + p + "attention.v_bias")
            q, k, v = lin("query", qb), lin("key", None), lin("value", vb)  # k bias: zeros
        else:
            g = lambda n: self.w.get(self.pre + p + "attention.%s.bias" % n)
            q, k, v = lin("query", g("query")), lin("key", g("key")), lin("value", g("value"))
        split = lambda t: t.reshape(N, self.heads, hd).transpose(1, 0, 2)
        q, k, v = split(q), split(k), split(v)
        probs = softmax(q @ k.transpose(0, 2, 1) * hd ** -0.5)  # (heads, N, N)
        used = override(probs) if override else probs
        ctx = (used @ v).transpose(1, 0, 2).reshape(N, D)
        out = ctx @ self.W(p + "output.dense.weight").T + self.W(p + "output.dense.bias")
        return out, probs

    def layer(self, x, i, override=None):
        p = "encoder.layer.%d." % i
        ln = lambda y, n: layer_norm(y, self.W(p + n + ".weight"), self.W(p + n + ".bias"), self.eps)
        a, probs = self.attention(ln(x, "layernorm_before"), i, override)
        h = x + a
        m = self.act(ln(h, "layernorm_after") @ self.W(p + "intermediate.dense.weight").T
                     + self.W(p + "intermediate.dense.bias"))
        return h + m @ self.W(p + "output.dense.weight").T + self.W(p + "output.dense.bias"), probs

    def head(self, x):
        w = self.w
        if self.kind == "videomae" and self.cfg["use_mean_pooling"]:
            # fc_norm = nn.LayerNorm(hidden_size): PyTorch's default eps 1e-5, not layer_norm_eps.
            out = layer_norm(x.mean(0), w["fc_norm.weight"], w["fc_norm.bias"], 1e-5)
        else:
            out = layer_norm(x, self.W("layernorm.weight"), self.W("layernorm.bias"), self.eps)[0]
        return out @ w["classifier.weight"].T + w["classifier.bias"]

    def forward(self, pixels, override_at=None):
        """Returns logits, attentions (L, heads, N, N), dims. override_at(i) -> override or None."""
        x, dims = self.embed(pixels)
        attns = []
        for i in range(self.cfg["num_hidden_layers"]):
            x, probs = self.layer(x, i, override_at(i) if override_at else None)
            attns.append(probs)
        return self.head(x), np.stack(attns), dims


def joint_rollout(attn, dims, has_cls):
    """ROLLOUT.md: A' = rownorm(mean_h A + I), R = A'_L ... A'_1; query = CLS row or mean of all rows."""
    N = attn.shape[-1]
    R = np.eye(N)
    for a in attn:
        A = a.mean(0) + np.eye(N)
        A = A / A.sum(-1, keepdims=True)
        R = A @ R
    row = R[0, 1:] if has_cls else R.mean(0)
    raw = row.reshape(dims)
    return raw / raw.max(), raw


def main():
    model_dir, clip_path, out_path = sys.argv[1:4]
    m = Joint(model_dir)
    pixels = np.load(clip_path).astype(np.float64)
    logits, attn, dims = m.forward(pixels)
    rollout, raw = joint_rollout(attn, dims, m.cls)
    np.savez(out_path, logits=logits, attention=attn, rollout=rollout, rollout_raw=raw)


if __name__ == "__main__":
    main()
