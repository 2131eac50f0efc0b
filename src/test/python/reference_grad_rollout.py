#!/usr/bin/env python3
"""Independent NumPy reference for gradient-weighted rollout (ROLLOUT.md, "Gradient-weighted
rollout", Chefer et al. 2021 eq. 5-6 extended to divided attention).

The gradients of the target with respect to every layer's attention probabilities are taken by
CENTRAL FINITE DIFFERENCES in float64: one probability is perturbed by +-eps after the softmax,
before it multiplies the values, and the rest of the forward pass (that layer from there on, and all
later layers) is run again. No autograd, nothing shared with the Java code.

    reference_grad_rollout.py MODEL_DIR CLIP.npy OUT.npz [--target-class top|INDEX]
        [--contrast-class INDEX] [--eps 1e-5] [--method fd|complex]

MODEL_DIR: a TimeSformer folder (make_tiny_checkpoint.py; divided_space_time, space_only or
joint_space_time) or a VideoMAE / ViViT folder (make_tiny_joint.py). Keep models tiny: every
probability costs two partial forward passes.

Writes logits, target_class, contrast_class (-1 if none), rollout (T or t', gh, gw; divided by the
global max), rollout_raw (before that division) and the gradients in the attention layouts:
TimeSformer: spatial_attention_grad (L, T, H, 1+G, 1+G) [space_only; (L, 1, H, N, N) for
joint_space_time] and, for divided, temporal_attention_grad (L, G, H, T, T);
VideoMAE / ViViT: attention_grad (L, H, N, N). The attentions themselves are written too
(spatial_attention, temporal_attention, attention) so a comparison can check them on the way.

--method complex takes the derivative by the complex step (Im f(p + ih) / h, exact to rounding)
instead: a finite-difference-free cross-check of the FD gradients (selfcheck_references.py).
"""
import argparse
import json
import math

import numpy as np
from scipy.special import erf

import reference_timesformer as rt
from reference_joint import Joint, layer_norm, softmax


def gelu(x):
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


class TimeSformer:
    """HF modeling_timesformer forward (as reference_timesformer.py) with perturbable probabilities,
    run layer by layer so a perturbation at layer i re-runs layers i.. only."""

    def __init__(self, model_dir):
        cfg = json.load(open(model_dir + "/config.json"))
        cfg.setdefault("layer_norm_eps", 1e-6)
        cfg.setdefault("attention_type", "divided_space_time")
        self.cfg, self.w = cfg, rt.strip(rt.read_safetensors(model_dir + "/model.safetensors"))
        self.type = cfg["attention_type"]
        self.kinds = ["spatial", "temporal"] if self.type == "divided_space_time" else ["spatial"]
        self.L = cfg["num_hidden_layers"]

    def start(self, pixels):
        x, T, gh, gw = rt.embed(pixels, self.w, self.cfg)
        self.dims = (T, gh, gw)
        return x

    def attend(self, x, prefix, override):
        B, N, C = x.shape
        H = self.cfg["num_attention_heads"]
        qkv = rt.linear(x, self.w, prefix + ".attention.qkv").reshape(B, N, 3, H, C // H).transpose(2, 0, 3, 1, 4)
        probs = softmax((qkv[0] @ qkv[1].transpose(0, 1, 3, 2)) * (C // H) ** -0.5)
        used = override(probs) if override else probs
        ctx = (used @ qkv[2]).transpose(0, 2, 1, 3).reshape(B, N, C)
        return rt.linear(ctx, self.w, prefix + ".output.dense"), probs

    def layer(self, x, i, overrides):
        """overrides: {kind: fn(probs) -> probs}. Returns (x, {kind: probs})."""
        w, eps, pre = self.w, self.cfg["layer_norm_eps"], "encoder.layer.%d." % i
        ln = lambda y, n: layer_norm(y, w[pre + n + ".weight"], w[pre + n + ".bias"], eps)
        T, gh, gw = self.dims
        G = gh * gw
        probs = {}
        if self.type == "divided_space_time":
            D = x.shape[-1]
            xt = x[:, 1:].reshape(G, T, D)
            res_t, probs["temporal"] = self.attend(ln(xt, "temporal_layernorm"), pre + "temporal_attention",
                                                   overrides.get("temporal"))
            res_t = rt.linear(res_t.reshape(1, G * T, D), w, pre + "temporal_dense")
            xt = x[:, 1:] + res_t
            init_cls = x[:, :1]
            xs = xt.reshape(G, T, D).transpose(1, 0, 2)
            xs = np.concatenate([np.broadcast_to(init_cls, (T, 1, D)), xs], 1)
            res_s, probs["spatial"] = self.attend(ln(xs, "layernorm_before"), pre + "attention",
                                                  overrides.get("spatial"))
            cls_out = res_s[:, 0].mean(0)[None, None]
            res_s = res_s[:, 1:].transpose(1, 0, 2).reshape(1, G * T, D)
            h = np.concatenate([init_cls, xt], 1) + np.concatenate([cls_out, res_s], 1)
        else:
            res, probs["spatial"] = self.attend(ln(x, "layernorm_before"), pre + "attention", overrides.get("spatial"))
            h = x + res
        out = rt.linear(gelu(rt.linear(ln(h, "layernorm_after"), w, pre + "intermediate.dense")), w, pre + "output.dense")
        return h + out, probs

    def head(self, x):
        if self.type == "space_only":
            x = x.mean(0, keepdims=True)
        x = layer_norm(x, self.w["layernorm.weight"], self.w["layernorm.bias"], self.cfg["layer_norm_eps"])
        return rt.linear(x[:, 0], self.w, "classifier")[0]


class JointModel:
    """VideoMAE / ViViT (reference_joint.Joint) behind the same layer-by-layer interface."""

    def __init__(self, model_dir):
        self.m = Joint(model_dir)
        self.kinds = ["attention"]
        self.L = self.m.cfg["num_hidden_layers"]

    def start(self, pixels):
        x, self.dims = self.m.embed(pixels)
        return x

    def layer(self, x, i, overrides):
        x, probs = self.m.layer(x, i, overrides.get("attention"))
        return x, {"attention": probs}

    def head(self, x):
        return self.m.head(x)


def load(model_dir):
    kind = json.load(open(model_dir + "/config.json")).get("model_type", "timesformer")
    return JointModel(model_dir) if kind in ("videomae", "vivit") else TimeSformer(model_dir)


def attention_gradients(model, pixels, target, contrast, eps=1e-5, method="fd"):
    """Returns logits, {kind: [probs per layer]}, {kind: [d target / d probs per layer]}."""
    x = model.start(pixels)
    inputs, probs = [], {k: [] for k in model.kinds}
    for i in range(model.L):
        inputs.append(x)
        x, p = model.layer(x, i, {})
        for k in model.kinds:
            probs[k].append(p[k])
    logits = model.head(x)
    c = int(np.argmax(logits)) if target == "top" else int(target)

    def score(i, kind, override):
        y = inputs[i]
        for j in range(i, model.L):
            y, _ = model.layer(y, j, {kind: override} if j == i else {})
        out = model.head(y)
        return out[c] - (out[contrast] if contrast is not None else 0.0)

    grads = {k: [] for k in model.kinds}
    for i in range(model.L):
        for kind in model.kinds:
            shape = probs[kind][i].shape
            g = np.zeros(int(np.prod(shape)))
            for j in range(g.size):
                def bump(d):
                    def f(pr):
                        pr = pr.astype(complex) if np.iscomplexobj(d) else pr.copy()
                        pr.reshape(-1)[j] += d
                        return pr
                    return f
                if method == "complex":
                    h = 1e-20
                    g[j] = score(i, kind, bump(1j * h)).imag / h
                else:
                    g[j] = (score(i, kind, bump(eps)) - score(i, kind, bump(-eps))) / (2 * eps)
            grads[kind].append(g.reshape(shape))
    return logits, c, probs, grads


def fuse(a, g):
    """mean_h max(0, grad * attention); the head axis is the second from the left of (.., H, n, n)."""
    return np.maximum(0.0, g * a).mean(-3)


def grad_rollout(model, probs, grads):
    """The rule of ROLLOUT.md, dense (oracle style): no row normalisation."""
    if isinstance(model, JointModel):
        N = probs["attention"][0].shape[-1]
        R = np.eye(N)
        for a, g in zip(probs["attention"], grads["attention"]):
            R = (np.eye(N) + fuse(a, g)) @ R
        row = R[0, 1:] if model.m.cls else R.mean(0)
        raw = row.reshape(model.dims)
        return raw / raw.max(), raw
    T, gh, gw = model.dims
    G = gh * gw
    P = 1 + G
    if model.type == "divided_space_time":
        R = np.eye(P * T)
        for s, gs, t, gt in zip(probs["spatial"], grads["spatial"], probs["temporal"], grads["temporal"]):
            S1 = np.eye(P)[None] + fuse(s, gs)  # (T, P, P)
            T1 = np.concatenate([np.eye(T)[None], np.eye(T)[None] + fuse(t, gt)], 0)  # (P, T, T), T'[cls] = I
            W = np.einsum("tpk,ktq->ptkq", S1, T1)  # W[(p,t),(k,q)] = S'[t][p,k] T'[k][t,q]
            W[0] = np.broadcast_to(W[0].mean(0), W[0].shape)  # CLS rows: mean over t
            R = W.reshape(P * T, P * T) @ R
        raw = R.reshape(P, T, P, T).mean(1)[0, 1:, :].reshape(gh, gw, T).transpose(2, 0, 1)
    elif model.type == "space_only":
        # Frames never mix: R is block-diagonal over frames. The model averages the frames' CLS outputs,
        # so the query is the mean over t of the rows (cls, t): frame t's CLS row divided by T.
        raw = np.zeros((T, gh, gw))
        for t in range(T):
            R = np.eye(P)
            for a, g in zip(probs["spatial"], grads["spatial"]):
                R = (np.eye(P) + fuse(a[t], g[t])) @ R
            raw[t] = R[0, 1:].reshape(gh, gw) / T
    else:  # joint_space_time: one (1 + G*T)-token attention, patch-major (y, x, t)
        N = 1 + G * T
        R = np.eye(N)
        for a, g in zip(probs["spatial"], grads["spatial"]):
            R = (np.eye(N) + fuse(a[0], g[0])) @ R
        raw = R[0, 1:].reshape(gh, gw, T).transpose(2, 0, 1)
    return raw / raw.max(), raw


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("clip")
    ap.add_argument("out")
    ap.add_argument("--target-class", default="top")
    ap.add_argument("--contrast-class", type=int, default=None)
    ap.add_argument("--eps", type=float, default=1e-5)
    ap.add_argument("--method", default="fd", choices=["fd", "complex"])
    a = ap.parse_args()
    model = load(a.model)
    pixels = np.load(a.clip).astype(np.float64)
    logits, c, probs, grads = attention_gradients(model, pixels, a.target_class, a.contrast_class, a.eps, a.method)
    rollout, raw = grad_rollout(model, probs, grads)
    out = dict(logits=logits, target_class=c, contrast_class=-1 if a.contrast_class is None else a.contrast_class,
               rollout=rollout, rollout_raw=raw)
    names = {"spatial": "spatial_attention", "temporal": "temporal_attention", "attention": "attention"}
    for k in model.kinds:
        out[names[k]] = np.stack(probs[k])
        out[names[k] + "_grad"] = np.stack(grads[k])
    np.savez(a.out, **out)


if __name__ == "__main__":
    main()
