#!/usr/bin/env python3
"""Helpers for packaging/smoke-test.sh, standard library only (CI images need no numpy).

  smoke_check.py clip MODEL_DIR OUT.npy      writes a seeded, normalised (T, 3, H, W) float32 clip
                                             sized from MODEL_DIR/config.json
  smoke_check.py check MODEL_DIR OUT_DIR     checks OUT_DIR/maps.npz and params.json of an export

`check` exits non-zero with one line per problem. What it checks, and why each can fail:
  - every expected array is present with the shape the config implies (a layout or token-order
    slip changes shapes), float32 little-endian, all finite;
  - every attention row sums to 1 (softmax output: a broken forward pass or a wrong axis fails);
  - rollout is in [0, 1] with maximum 1 under the default global normalisation, rollout_raw >= 0
    and not constant (all-equal maps mean the rollout saw no attention);
  - params.json parses, names the model's weights with their real sha256 and the clip's shape.
"""
import ast
import hashlib
import json
import math
import random
import struct
import sys
import zipfile
from pathlib import Path


def read_config(model_dir):
    cfg = json.loads((Path(model_dir) / "config.json").read_text())
    return cfg


def write_clip(model_dir, out):
    cfg = read_config(model_dir)
    t, c, s = cfg["num_frames"], cfg.get("num_channels", 3), cfg["image_size"]
    rng = random.Random(20240607)
    # A bright square drifting right over noise, normalised like the preprocessor (mean .45, std .225):
    # enough structure for attention to be non-uniform.
    values = []
    for f in range(t):
        for ch in range(c):
            for y in range(s):
                for x in range(s):
                    inside = s // 4 <= y < s // 2 and f * s // (2 * t) <= x < f * s // (2 * t) + s // 4
                    v = (0.95 if inside and ch == 0 else 0.1) + rng.uniform(-0.05, 0.05)
                    values.append((v - 0.45) / 0.225)
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d, %d, %d), }" % (t, c, s, s)
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(out, "wb") as fh:
        fh.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1"))
        fh.write(struct.pack("<%df" % len(values), *values))
    print("wrote %s (%d, %d, %d, %d)" % (out, t, c, s, s))


def read_npy(data):
    if data[:6] != b"\x93NUMPY":
        raise ValueError("not an .npy entry")
    major = data[6]
    if major == 1:
        hlen = struct.unpack("<H", data[8:10])[0]
        start = 10
    else:
        hlen = struct.unpack("<I", data[8:12])[0]
        start = 12
    header = ast.literal_eval(data[start:start + hlen].decode("latin1"))
    body = data[start + hlen:]
    n = math.prod(header["shape"])
    if header["descr"] != "<f4" or header["fortran_order"]:
        raise ValueError("dtype %s fortran %s, expected <f4 C order" % (header["descr"], header["fortran_order"]))
    if len(body) != 4 * n:
        raise ValueError("%d bytes of data for shape %s" % (len(body), header["shape"]))
    return tuple(header["shape"]), struct.unpack("<%df" % n, body)


def check(model_dir, out_dir):
    problems = []
    cfg = read_config(model_dir)
    t, s, p = cfg["num_frames"], cfg["image_size"], cfg["patch_size"]
    layers, heads = cfg["num_hidden_layers"], cfg["num_attention_heads"]
    g = (s // p) ** 2
    labels = len(cfg["id2label"])
    expected = {
        "logits": (labels,),
        "rollout": (t, s // p, s // p),
        "rollout_raw": (t, s // p, s // p),
        "spatial_attention": (layers, t, heads, 1 + g, 1 + g),
        "temporal_attention": (layers, g, heads, t, t),
    }
    arrays = {}
    with zipfile.ZipFile(Path(out_dir) / "maps.npz") as z:
        names = {n[:-4] if n.endswith(".npy") else n: n for n in z.namelist()}
        for key, shape in expected.items():
            if key not in names:
                problems.append("maps.npz has no %s (entries: %s)" % (key, sorted(names)))
                continue
            try:
                got, values = read_npy(z.read(names[key]))
            except ValueError as e:
                problems.append("maps.npz %s: %s" % (key, e))
                continue
            if got != shape:
                problems.append("maps.npz %s has shape %s, expected %s" % (key, got, shape))
            elif not all(math.isfinite(v) for v in values):
                problems.append("maps.npz %s holds NaN or infinity" % key)
            else:
                arrays[key] = values
    for key in ("spatial_attention", "temporal_attention"):
        if key in arrays:
            row = expected[key][-1]
            vals = arrays[key]
            worst = max(abs(sum(vals[i:i + row]) - 1.0) for i in range(0, len(vals), row))
            if worst > 1e-3:
                problems.append("%s rows do not sum to 1 (worst off by %.3g)" % (key, worst))
    if "rollout" in arrays:
        r = arrays["rollout"]
        if min(r) < 0 or abs(max(r) - 1.0) > 1e-5:
            problems.append("rollout spans [%g, %g], expected [0, 1] with max 1" % (min(r), max(r)))
    if "rollout_raw" in arrays:
        raw = arrays["rollout_raw"]
        if min(raw) < 0 or max(raw) - min(raw) <= 0:
            problems.append("rollout_raw is negative or constant ([%g, %g])" % (min(raw), max(raw)))

    try:
        params = json.loads((Path(out_dir) / "params.json").read_text())
    except (OSError, ValueError) as e:
        problems.append("params.json: %s" % e)
        params = None
    if params is not None:
        ck = params.get("checkpoint", {})
        weights = Path(ck.get("weightsFile", ""))
        if not weights.is_file():
            problems.append("params.json checkpoint.weightsFile %r is not a file" % str(weights))
        elif hashlib.sha256(weights.read_bytes()).hexdigest() != ck.get("sha256"):
            problems.append("params.json checkpoint.sha256 does not match %s" % weights)
        shape = params.get("clip", {}).get("shape")
        if shape != [t, cfg.get("num_channels", 3), s, s]:
            problems.append("params.json clip.shape %s, expected %s" % (shape, [t, 3, s, s]))
        if not params.get("run", {}).get("device"):
            problems.append("params.json has no run.device")
    for line in problems:
        print("smoke check: " + line, file=sys.stderr)
    if not problems:
        print("smoke check: maps.npz (%s) and params.json OK; device %s"
              % (", ".join(expected), params["run"]["device"]))
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("clip", "check"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    if sys.argv[1] == "clip":
        write_clip(sys.argv[2], sys.argv[3])
    else:
        sys.exit(check(sys.argv[2], sys.argv[3]))
