#!/usr/bin/env python3
"""Writes a small random Hugging Face VideoMAE or ViViT classification folder (config.json +
model.safetensors with the exact `VideoMAEForVideoClassification` / `VivitForVideoClassification`
state-dict key names) and a random preprocessed clip .npy of shape (T, 3, H, W), independently of
the Java code, for cross-checking `export` against reference_joint.py.

    make_tiny_joint.py OUT_DIR SEED --model-type videomae|vivit [--frames T] [--size S | --height H --width W]
        [--tubelet t] [--patch P | --patch-h PH --patch-w PW] [--layers L] [--heads H] [--hidden D]
        [--labels K] [--dtype F32|F16|BF16] [--no-qkv-bias] [--no-mean-pooling] [--hidden-act ACT]
        [--eps E]

Key names follow modeling_videomae.py / modeling_vivit.py (transformers): VideoMAE has separate
query/key/value weights without biases plus `q_bias` / `v_bias` parameters (the key bias is a zero
tensor built in forward), no CLS token and no position parameters (a fixed sinusoid table), and
either `fc_norm` (use_mean_pooling) or `videomae.layernorm`; ViViT has a CLS token, learned
position embeddings, biased q/k/v (qkv_bias) and a final `vivit.layernorm`. VideoMAE's
image_size may be a [H, W] pair (its patch embedding accepts an iterable); ViViT's is one int,
its grid can still be non-square through a tubelet [t, h, w] with h != w.
"""
import argparse
import json
import os

import numpy as np

from make_tiny_checkpoint import write_safetensors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("seed", type=int)
    ap.add_argument("--model-type", required=True, choices=["videomae", "vivit"])
    ap.add_argument("--frames", type=int, default=4)
    ap.add_argument("--size", type=int, default=32)
    ap.add_argument("--height", type=int, default=None, help="VideoMAE only: image_size = [H, W]")
    ap.add_argument("--width", type=int, default=None)
    ap.add_argument("--tubelet", type=int, default=2)
    ap.add_argument("--patch", type=int, default=8)
    ap.add_argument("--patch-h", type=int, default=None, help="ViViT only: tubelet [t, PH, PW]")
    ap.add_argument("--patch-w", type=int, default=None)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--labels", type=int, default=5)
    ap.add_argument("--dtype", default="F32")
    ap.add_argument("--no-qkv-bias", action="store_true")
    ap.add_argument("--no-mean-pooling", action="store_true", help="VideoMAE: layernorm + token 0")
    ap.add_argument("--hidden-act", default=None)
    ap.add_argument("--eps", type=float, default=None, help="layer_norm_eps")
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    D, L, K = a.hidden, a.layers, a.labels
    inter = 4 * D
    n = lambda *s, std=0.3: rng.normal(0, std, s).astype(np.float32)
    vm = a.model_type == "videomae"
    pre = "videomae." if vm else "vivit."
    if vm:
        H = a.height or a.size
        W = a.width or a.size
        ph = pw = a.patch
        image_size = [H, W] if (a.height or a.width) else a.size
    else:
        if a.height or a.width:
            raise SystemExit("ViViT's image_size is a single int")
        H = W = a.size
        ph = a.patch_h or a.patch
        pw = a.patch_w or a.patch
        image_size = a.size
    tub = a.tubelet
    gh, gw, tp = H // ph, W // pw, a.frames // tub
    N = tp * gh * gw
    w = {
        pre + "embeddings.patch_embeddings.projection.weight": n(D, 3, tub, ph, pw, std=0.2),
        pre + "embeddings.patch_embeddings.projection.bias": n(D),
    }
    if not vm:
        w[pre + "embeddings.cls_token"] = n(1, 1, D, std=1.0)
        w[pre + "embeddings.position_embeddings"] = n(1, N + 1, D, std=1.0)
    for i in range(L):
        p = pre + "encoder.layer.%d." % i
        for qkv in ("query", "key", "value"):
            w[p + "attention.attention.%s.weight" % qkv] = n(D, D)
        if not a.no_qkv_bias:
            if vm:
                w[p + "attention.attention.q_bias"] = n(D)
                w[p + "attention.attention.v_bias"] = n(D)
            else:
                for qkv in ("query", "key", "value"):
                    w[p + "attention.attention.%s.bias" % qkv] = n(D)
        w[p + "attention.output.dense.weight"] = n(D, D)
        w[p + "attention.output.dense.bias"] = n(D)
        for ln in ("layernorm_before", "layernorm_after"):
            w[p + ln + ".weight"] = 1 + n(D, std=0.2)
            w[p + ln + ".bias"] = n(D, std=0.2)
        w[p + "intermediate.dense.weight"] = n(inter, D)
        w[p + "intermediate.dense.bias"] = n(inter)
        w[p + "output.dense.weight"] = n(D, inter)
        w[p + "output.dense.bias"] = n(D)
    final_ln = "fc_norm" if (vm and not a.no_mean_pooling) else pre + "layernorm"
    w[final_ln + ".weight"] = 1 + n(D, std=0.2)
    w[final_ln + ".bias"] = n(D, std=0.2)
    w["classifier.weight"] = n(K, D)
    w["classifier.bias"] = n(K)
    os.makedirs(a.out, exist_ok=True)
    cfg = {
        "model_type": a.model_type, "image_size": image_size, "num_channels": 3, "num_frames": a.frames,
        "hidden_size": D, "num_hidden_layers": L, "num_attention_heads": a.heads, "intermediate_size": inter,
        "qkv_bias": not a.no_qkv_bias, "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0,
        "id2label": {str(i): "class_%d" % i for i in range(K)},
        "label2id": {"class_%d" % i: i for i in range(K)},
    }
    if vm:
        cfg.update({"architectures": ["VideoMAEForVideoClassification"], "patch_size": a.patch,
                    "tubelet_size": tub, "use_mean_pooling": not a.no_mean_pooling,
                    "hidden_act": a.hidden_act or "gelu", "layer_norm_eps": a.eps if a.eps is not None else 1e-12,
                    "norm_pix_loss": False})
    else:
        cfg.update({"architectures": ["VivitForVideoClassification"], "tubelet_size": [tub, ph, pw],
                    "hidden_act": a.hidden_act or "gelu_fast",
                    "layer_norm_eps": a.eps if a.eps is not None else 1e-6})
    # Fields save_pretrained writes too, which a loader must tolerate.
    cfg.update({"initializer_range": 0.02, "problem_type": None, "transformers_version": "4.46.3",
                "torch_dtype": {"F32": "float32", "F16": "float16", "BF16": "bfloat16"}[a.dtype]})
    if vm:
        cfg.update({"decoder_hidden_size": 384, "decoder_intermediate_size": 1536, "decoder_num_attention_heads": 6,
                    "decoder_num_hidden_layers": 4})
    json.dump(cfg, open(os.path.join(a.out, "config.json"), "w"), indent=2)
    write_safetensors(os.path.join(a.out, "model.safetensors"), w, a.dtype, metadata={"format": "pt"})
    np.save(os.path.join(a.out, "clip.npy"), rng.normal(0, 1, (a.frames, 3, H, W)).astype(np.float32))


if __name__ == "__main__":
    main()
