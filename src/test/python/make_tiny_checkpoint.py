#!/usr/bin/env python3
"""Writes a small random Hugging Face TimeSformer folder (config.json + model.safetensors) and a
random clip .npy, independently of the Java code, for cross-checking `export` against
reference_timesformer.py.

    make_tiny_checkpoint.py OUT_DIR SEED [--frames T] [--size S] [--clip-frames T2] [--clip-size S2] [--clip-width W2]
        [--layers L] [--heads H] [--hidden D] [--patch P] [--labels K] [--dtype F32|F16|BF16]
        [--attention divided_space_time|joint_space_time|space_only]
"""
import argparse
import json
import os
import struct

import numpy as np


def write_safetensors(path, tensors, dtype, metadata=None):
    header, blobs, offset = ({"__metadata__": metadata} if metadata else {}), [], 0
    for name, arr in tensors.items():
        a = np.ascontiguousarray(arr, dtype=np.float32)
        if dtype == "F32":
            raw = a.astype("<f4").tobytes()
        elif dtype == "F16":
            raw = a.astype("<f2").tobytes()
        else:  # BF16: round to nearest even on the upper 16 bits
            u = a.view(np.uint32).astype(np.uint64)
            u = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype("<u2")
            raw = u.tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("seed", type=int)
    ap.add_argument("--frames", type=int, default=4)
    ap.add_argument("--size", type=int, default=32)
    ap.add_argument("--clip-frames", type=int, default=None)
    ap.add_argument("--clip-size", type=int, default=None)
    ap.add_argument("--clip-width", type=int, default=None, help="clip width if not --clip-size (non-square grid)")
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--patch", type=int, default=8)
    ap.add_argument("--labels", type=int, default=5)
    ap.add_argument("--dtype", default="F32")
    ap.add_argument("--attention", default="divided_space_time")
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    D, P, L = a.hidden, a.patch, a.layers
    G = (a.size // P) ** 2
    inter = 4 * D
    # Larger-than-init scales so attention is far from uniform and every term matters.
    n = lambda *s, std=0.3: rng.normal(0, std, s).astype(np.float32)
    w = {
        "timesformer.embeddings.cls_token": n(1, 1, D, std=1.0),
        "timesformer.embeddings.position_embeddings": n(1, G + 1, D, std=1.0),
        "timesformer.embeddings.patch_embeddings.projection.weight": n(D, 3, P, P, std=0.2),
        "timesformer.embeddings.patch_embeddings.projection.bias": n(D),
    }
    if a.attention != "space_only":
        w["timesformer.embeddings.time_embeddings"] = n(1, a.frames, D, std=1.0)
    for i in range(L):
        p = "timesformer.encoder.layer.%d." % i
        blocks = ["attention"] + (["temporal_attention"] if a.attention == "divided_space_time" else [])
        for blk in blocks:
            w[p + blk + ".attention.qkv.weight"] = n(3 * D, D)
            w[p + blk + ".attention.qkv.bias"] = n(3 * D)
            w[p + blk + ".output.dense.weight"] = n(D, D)
            w[p + blk + ".output.dense.bias"] = n(D)
        lns = ["layernorm_before", "layernorm_after"]
        if a.attention == "divided_space_time":
            lns.append("temporal_layernorm")
            w[p + "temporal_dense.weight"] = n(D, D)
            w[p + "temporal_dense.bias"] = n(D)
        for ln in lns:
            w[p + ln + ".weight"] = (1 + n(D, std=0.2))
            w[p + ln + ".bias"] = n(D, std=0.2)
        w[p + "intermediate.dense.weight"] = n(inter, D)
        w[p + "intermediate.dense.bias"] = n(inter)
        w[p + "output.dense.weight"] = n(D, inter)
        w[p + "output.dense.bias"] = n(D)
    w["timesformer.layernorm.weight"] = 1 + n(D, std=0.2)
    w["timesformer.layernorm.bias"] = n(D, std=0.2)
    w["classifier.weight"] = n(a.labels, D)
    w["classifier.bias"] = n(a.labels)
    os.makedirs(a.out, exist_ok=True)
    cfg = {
        "architectures": ["TimesformerForVideoClassification"], "model_type": "timesformer",
        "image_size": a.size, "patch_size": P, "num_channels": 3, "num_frames": a.frames,
        "hidden_size": D, "num_hidden_layers": L, "num_attention_heads": a.heads,
        "intermediate_size": inter, "hidden_act": "gelu", "layer_norm_eps": 1e-6, "qkv_bias": True,
        "attention_type": a.attention,
        "id2label": {str(i): "class_%d" % i for i in range(a.labels)},
        "label2id": {"class_%d" % i: i for i in range(a.labels)},
    }
    json.dump(cfg, open(os.path.join(a.out, "config.json"), "w"), indent=2)
    write_safetensors(os.path.join(a.out, "model.safetensors"), w, a.dtype)
    T2 = a.clip_frames or a.frames
    S2 = a.clip_size or a.size
    np.save(os.path.join(a.out, "clip.npy"), rng.normal(0, 1, (T2, 3, S2, a.clip_width or S2)).astype(np.float32))


if __name__ == "__main__":
    main()
