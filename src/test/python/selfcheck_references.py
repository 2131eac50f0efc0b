#!/usr/bin/env python3
"""Internal consistency checks of the NumPy references (no Java involved); exits 1 on any failure.

    selfcheck_references.py WORK_DIR

- VideoMAE's sinusoid table against a literal transcription of get_sinusoid_encoding_table;
- the tubelet embedding against a naive Conv3d loop (stride = kernel), tokens in (t', y, x) order;
- attention rows sum to 1; the joint rollout's dense product against row-vector propagation;
- gelu_fast against the exact GELU (close, not equal) and gelu_new at a known value;
- the finite-difference gradients against complex-step derivatives (exact to rounding) for divided,
  space-only and joint TimeSformer, VideoMAE and ViViT, and against the structure every attention
  gradient must have (d y / d P_h = (d y / d ctx_h) V_h^T: its rows lie in the span of V_h's columns);
- the gradient-weighted rule's dense product against row-vector propagation for divided attention;
- the faithfulness protocol: k rounding, tie order, curve endpoints, trapezoid AUC.
"""
import math
import os
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

import reference_faithfulness as rf
import reference_grad_rollout as rg
import reference_joint as rj
import reference_timesformer as rt

HERE = os.path.dirname(os.path.abspath(__file__))
failures = []


def check(name, ok, detail=""):
    print("%-70s %s %s" % (name, "ok" if ok else "FAILED", detail))
    if not ok:
        failures.append(name)


def make(script, out, *args):
    subprocess.run([sys.executable, os.path.join(HERE, script), out] + [str(a) for a in args], check=True)


def hf_sinusoid(n_position, d_hid):
    # modeling_videomae.get_sinusoid_encoding_table, transcribed literally (minus the torch wrapper).
    def get_position_angle_vec(position):
        return [position / np.power(10000, 2 * (hid_j // 2) / d_hid) for hid_j in range(d_hid)]

    sinusoid_table = np.array([get_position_angle_vec(pos_i) for pos_i in range(n_position)])
    sinusoid_table[:, 0::2] = np.sin(sinusoid_table[:, 0::2])
    sinusoid_table[:, 1::2] = np.cos(sinusoid_table[:, 1::2])
    return sinusoid_table.astype(np.float32)


def naive_conv3d_tokens(pixels, weight, bias):
    T, C, H, W = pixels.shape
    D, _, kt, kh, kw = weight.shape
    vol = pixels.transpose(1, 0, 2, 3)  # (C, T, H, W), as the models permute
    out = np.zeros((D, T // kt, H // kh, W // kw))
    for d in range(D):
        for a in range(T // kt):
            for b in range(H // kh):
                for c in range(W // kw):
                    patch = vol[:, a * kt:(a + 1) * kt, b * kh:(b + 1) * kh, c * kw:(c + 1) * kw]
                    out[d, a, b, c] = (patch * weight[d]).sum() + bias[d]
    return out.reshape(D, -1).T  # flatten(2).transpose(1, 2)


def joint_checks(work):
    table = rj.sinusoid_table(40, 24)
    check("sinusoid table = HF get_sinusoid_encoding_table", np.array_equal(table, hf_sinusoid(40, 24)))
    check("sinusoid table: dim 0 = sin(pos), dim 1 = cos(pos)",
          np.allclose(table[:, 0], np.sin(np.arange(40)), atol=1e-7)
          and np.allclose(table[:, 1], np.cos(np.arange(40)), atol=1e-7))
    x = np.linspace(-4, 4, 81)
    exact = rj.ACTIVATIONS["gelu"](x)
    check("gelu_fast close to, but not equal to, exact gelu",
          0 < np.abs(rj.ACTIVATIONS["gelu_fast"](x) - exact).max() < 1e-3)
    check("gelu_new(1) = 0.8411920", abs(rj.ACTIVATIONS["gelu_new"](np.array(1.0)) - 0.841192) < 1e-6)
    cases = [("videomae", ["--tubelet", 2, "--height", 16, "--width", 24, "--frames", 5]),
             ("vivit", ["--tubelet", 2, "--patch-h", 8, "--patch-w", 4, "--size", 16, "--frames", 4]),
             ("videomae", ["--tubelet", 1, "--no-mean-pooling", "--frames", 3, "--size", 16])]
    for n, (kind, args) in enumerate(cases):
        d = os.path.join(work, "joint%d" % n)
        make("make_tiny_joint.py", d, 40 + n, "--model-type", kind, *args)
        m = rj.Joint(d)
        pixels = np.load(d + "/clip.npy").astype(np.float64)
        emb, dims = m.embed(pixels)
        pw, pb = m.W("embeddings.patch_embeddings.projection.weight"), m.W("embeddings.patch_embeddings.projection.bias")
        naive = naive_conv3d_tokens(pixels, pw, pb)
        ours = emb[1:] - m.W("embeddings.position_embeddings")[0, 1:] if m.cls else emb - rj.sinusoid_table(*emb.shape)
        check("%s %s: tubelet embedding = naive Conv3d" % (kind, args[:2]), np.abs(ours - naive).max() < 1e-10)
        logits, attn, dims = m.forward(pixels)
        N = attn.shape[-1]
        check("%s: attention (L, H, N, N) with N = %d, rows sum to 1" % (kind, N),
              attn.shape[1:] == (m.heads, N, N) and np.abs(attn.sum(-1) - 1).max() < 1e-12
              and N == int(np.prod(dims)) + (1 if m.cls else 0))
        rollout, raw = rj.joint_rollout(attn, dims, m.cls)
        v = np.full(N, 1.0 / N) if not m.cls else np.eye(N)[0]
        for a in attn[::-1]:  # v <- v A'_L, then A'_{L-1}, ...
            A = a.mean(0) + np.eye(N)
            v = v @ (A / A.sum(-1, keepdims=True))
        v = v[1:] if m.cls else v
        check("%s: joint rollout dense = row-vector propagation" % kind,
              np.abs(raw.reshape(-1) - v).max() < 1e-14 and rollout.max() == 1.0)


def gradient_checks(work):
    cases = [("make_tiny_checkpoint.py", ["--frames", 2, "--size", 16, "--layers", 2, "--heads", 2, "--hidden", 16]),
             ("make_tiny_checkpoint.py", ["--frames", 3, "--size", 16, "--layers", 2, "--heads", 2, "--hidden", 16,
                                          "--attention", "space_only"]),
             ("make_tiny_checkpoint.py", ["--frames", 2, "--size", 16, "--layers", 2, "--heads", 2, "--hidden", 16,
                                          "--attention", "joint_space_time"]),
             ("make_tiny_joint.py", ["--model-type", "videomae", "--size", 16, "--frames", 4, "--heads", 4, "--hidden", 16]),
             ("make_tiny_joint.py", ["--model-type", "vivit", "--size", 16, "--frames", 4, "--heads", 4, "--hidden", 16])]
    for n, (script, args) in enumerate(cases):
        d = os.path.join(work, "grad%d" % n)
        make(script, d, 60 + n, *args)
        model = rg.load(d)
        pixels = np.load(d + "/clip.npy").astype(np.float64)
        name = " ".join(str(a) for a in args if str(a) in ("space_only", "joint_space_time", "videomae", "vivit")) or "divided"
        top = int(np.argmax(rf.logits_of(model, pixels)))
        contrast = None if n % 2 else (top + 1) % 5  # y_c, or y_c - y_k with k != c
        logits, c, probs, fd = rg.attention_gradients(model, pixels, "top", contrast, method="fd")
        _, _, _, cs = rg.attention_gradients(model, pixels, "top", contrast, method="complex")
        err = max(np.abs(a - b).max() for k in fd for a, b in zip(fd[k], cs[k]))
        scale = max(np.abs(a).max() for k in fd for a in fd[k])
        check("%s: FD gradients = complex-step derivatives" % name, err < 1e-8 and scale > 1e-3,
              "(max diff %.2g, max |grad| %.2g)" % (err, scale))
        if isinstance(model, rg.TimeSformer):
            _, spatial, temporal, _ = rt.forward(pixels, model.w, model.cfg)
            ref_logits = rt.forward(pixels, model.w, model.cfg)[0]
            check("%s: perturbable forward = reference_timesformer forward" % name,
                  np.abs(ref_logits - logits).max() < 1e-12
                  and max(np.abs(a - b).max() for a, b in zip(spatial, probs["spatial"])) < 1e-14)
        else:
            # d y / d P_h = (d y / d ctx_h) V_h^T: every row of the gradient is a combination of V_h's columns.
            m = model.m
            x, _ = m.embed(pixels)
            p = "encoder.layer.0."
            h = rj.layer_norm(x, m.W(p + "layernorm_before.weight"), m.W(p + "layernorm_before.bias"), m.eps)
            v = h @ m.W(p + "attention.attention.value.weight").T
            hd = v.shape[1] // m.heads
            worst = 0.0
            for hh in range(m.heads):
                Vh = v[:, hh * hd:(hh + 1) * hd]  # (N, hd); a bias adds a constant column
                basis = np.concatenate([Vh, np.ones((Vh.shape[0], 1))], 1)
                g = fd["attention"][0][hh]  # (N, N): g[i, j] = <dy/dctx_i, V_j>
                coef, *_ = np.linalg.lstsq(basis, g.T, rcond=None)
                worst = max(worst, np.abs(basis @ coef - g.T).max())
            check("%s: attention gradient rows lie in span(V_h) (hd=%d < N=%d)" % (name, hd, v.shape[0]),
                  worst < 1e-8 and hd + 1 < v.shape[0], "(residual %.2g)" % worst)
        if isinstance(model, rg.TimeSformer) and model.type == "divided_space_time":
            rollout, raw = rg.grad_rollout(model, probs, fd)
            T, gh, gw = model.dims
            P = 1 + gh * gw
            v = np.zeros((P, T))
            v[0] = 1.0 / T
            for s, gs, t, gt in zip(probs["spatial"][::-1], fd["spatial"][::-1], probs["temporal"][::-1], fd["temporal"][::-1]):
                S1 = np.eye(P)[None] + rg.fuse(s, gs)
                T1 = np.concatenate([np.eye(T)[None], np.eye(T)[None] + rg.fuse(t, gt)], 0)
                v[0] = v[0].mean()
                z = np.einsum("pt,tpk->tk", v, S1)
                v = np.einsum("tk,ktq->kq", z, T1)
            vec = v[1:].reshape(gh, gw, T).transpose(2, 0, 1)
            check("divided: gradient-weighted rule dense = row-vector propagation",
                  np.abs(vec - raw).max() < 1e-14 and rollout.max() == 1.0)


def protocol_checks(work):
    for n in (7, 8, 13, 64, 100):
        for steps in (3, 8, 20):
            ks = [rf.k_of(s, n, steps) for s in range(steps + 1)]
            want = [int((Decimal(s * n) / Decimal(steps)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
                    for s in range(steps + 1)]
            if ks != want or ks[0] != 0 or ks[-1] != n:
                check("k = round half up (N=%d, S=%d)" % (n, steps), False, str(ks))
    check("k = round half up: 8 * 5 / 16 = 2.5 -> 3, 3 * 7 / 2 = 10.5 -> 11", rf.k_of(5, 8, 16) == 3 and rf.k_of(3, 7, 2) == 11)
    check("ties go to the lower flat index",
          list(rf.ranking(np.array([0.5, 1.0, 0.5, 1.0, 0.2]))) == [1, 3, 0, 2, 4])
    check("trapezoid AUC: constant 0.3 -> 0.3; ramp 0..1 -> 0.5",
          abs(rf.trapezoid([0.3] * 9, 8) - 0.3) < 1e-15 and abs(rf.trapezoid(list(np.linspace(0, 1, 21)), 20) - 0.5) < 1e-15)
    for n, (script, args) in enumerate([("make_tiny_checkpoint.py", ["--frames", 2, "--size", 16, "--layers", 2]),
                                        ("make_tiny_joint.py", ["--model-type", "videomae", "--size", 16, "--frames", 4])]):
        d = os.path.join(work, "faith%d" % n)
        make(script, d, 80 + n, *args)
        model = rg.load(d)
        pixels = np.load(d + "/clip.npy").astype(np.float64)
        clean = rf.probabilities(rf.logits_of(model, pixels))
        c = int(np.argmax(clean))
        empty = rf.probabilities(rf.logits_of(model, np.zeros_like(pixels)))[c]
        m = rf.default_rollout(model, pixels)
        dele, ins, order = rf.curves(model, pixels, m, 8, c)
        check("%s: deletion[0] = insertion[S] = clean, insertion[0] = deletion[S] = empty" % script,
              abs(dele[0] - clean[c]) < 1e-15 and abs(ins[-1] - clean[c]) < 1e-15
              and abs(ins[0] - empty) < 1e-15 and abs(dele[-1] - empty) < 1e-15)
        # deletion after k patches + insertion of the same k patches = the clean clip, pixel for pixel
        k = rf.k_of(3, order.size, 8)
        a, b = pixels.copy(), np.zeros_like(pixels)
        rf.apply(a, np.zeros_like(pixels), order[:k], m.shape, rf.patch_geometry(model, pixels))
        rf.apply(b, pixels, order[:k], m.shape, rf.patch_geometry(model, pixels))
        zeroed = (b != 0).any(axis=1).sum()
        kt, kh, kw = rf.patch_geometry(model, pixels)
        check("%s: deleted + inserted = clean; k cells = k*%d*%d*%d pixels" % (script, kt, kh, kw),
              np.array_equal(a + b, pixels) and zeroed == k * kt * kh * kw)


def main():
    work = sys.argv[1]
    os.makedirs(work, exist_ok=True)
    joint_checks(work)
    gradient_checks(work)
    protocol_checks(work)
    print("%d failure(s)" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
