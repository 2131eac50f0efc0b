#!/usr/bin/env python3
"""Independent NumPy reference for the faithfulness protocol of ROLLOUT.md ("Faithfulness: the
perturbation protocol"; Petsiuk et al. 2018 deletion / insertion), written from the specification
only, in float64.

    reference_faithfulness.py MODEL_DIR CLIP.npy OUT.json [--steps S] [--map-npz MAPS.npz]
        [--target-class INDEX]

The map to rank: the default rollout recomputed here (reference_timesformer.py for divided
TimeSformer, ordinary composition for space-only / joint TimeSformer, reference_joint.py for
VideoMAE / ViViT). With --map-npz the `rollout` array of that
file (e.g. the Java `export`'s maps.npz) is compared with the recomputed one (exit 1 beyond 1e-4)
and its ranking is used, so near-ties rounded differently in float32 cannot reorder patches.

Protocol: rank the N = T'*gh*gw map entries descending, ties to the lower flat index
t*gh*gw + y*gw + x; for s = 0..S, k = round(s*N/S) half up; deletion zeroes the first k ranked
patches of the preprocessed clip (every channel, every pixel of the patch, every frame of its
tubelet), insertion starts from an all-zero clip and puts them back; record softmax(logits)[c] for
c = the clean clip's top class (unless --target-class); AUC by the trapezoid rule over s/S.
Writes {"target_class", "steps", "methods": {"rollout": {"deletion", "insertion", "auc"}}} like
`evaluate`'s faithfulness.json, plus "clean_probability", "empty_probability", "patch_order".
"""
import argparse
import json

import numpy as np

import reference_timesformer as rt
from reference_grad_rollout import JointModel, load
from reference_joint import joint_rollout


def logits_of(model, pixels):
    x = model.start(pixels)
    for i in range(model.L):
        x, _ = model.layer(x, i, {})
    return model.head(x)


def probabilities(logits):
    e = np.exp(logits - logits.max())
    return e / e.sum()


def default_rollout(model, pixels):
    """The default rollout of the model, recomputed by the dense references."""
    if isinstance(model, JointModel):
        _, attn, dims = model.m.forward(pixels)
        return joint_rollout(attn, dims, model.m.cls)[0]
    _, spatial, temporal, dims = rt.forward(pixels, model.w, model.cfg)
    if model.type == "divided_space_time":
        return rt.rollout(spatial, temporal, dims)[0]
    # space_only / joint_space_time: ordinary composition A' = rownorm(mean_h A + I) on the one kind
    T, gh, gw = dims
    rownorm = lambda a: a / a.sum(-1, keepdims=True)
    if model.type == "space_only":  # per frame (frames never mix); the global max normalises
        raw = np.zeros((T, gh, gw))
        for t in range(T):
            R = np.eye(1 + gh * gw)
            for a in spatial:
                R = rownorm(a[t].mean(0) + np.eye(R.shape[0])) @ R
            raw[t] = R[0, 1:].reshape(gh, gw)
    else:  # one (1 + G*T)-token attention, patches in (y, x, t) order
        R = np.eye(1 + gh * gw * T)
        for a in spatial:
            R = rownorm(a[0].mean(0) + np.eye(R.shape[0])) @ R
        raw = R[0, 1:].reshape(gh, gw, T).transpose(2, 0, 1)
    return raw / raw.max()


def patch_geometry(model, pixels):
    """(frames per map entry, patch height, patch width) of the map's cells."""
    if isinstance(model, JointModel):
        return model.m.tub
    p = model.cfg["patch_size"]
    return (1, p, p)


def ranking(m):
    flat = np.asarray(m, dtype=np.float64).reshape(-1)
    # Stable sort of the negated values: descending, equal values keep ascending flat index.
    return np.argsort(-flat, kind="stable")


def k_of(s, n, steps):
    # round(s*n/steps), halves up, in exact integer arithmetic.
    return (2 * s * n + steps) // (2 * steps)


def apply(target, source, cells, dims, geometry):
    _, gh, gw = dims
    kt, kh, kw = geometry
    for f in cells:
        t, rem = divmod(int(f), gh * gw)
        y, x = divmod(rem, gw)
        target[t * kt:(t + 1) * kt, :, y * kh:(y + 1) * kh, x * kw:(x + 1) * kw] = \
            source[t * kt:(t + 1) * kt, :, y * kh:(y + 1) * kh, x * kw:(x + 1) * kw]


def curves(model, pixels, m, steps, c):
    order = ranking(m)
    n = order.size
    geometry = patch_geometry(model, pixels)
    zeros = np.zeros_like(pixels)
    deletion, insertion = [], []
    for s in range(steps + 1):
        k = k_of(s, n, steps)
        d = pixels.copy()
        apply(d, zeros, order[:k], m.shape, geometry)
        deletion.append(float(probabilities(logits_of(model, d))[c]))
        ins = zeros.copy()
        apply(ins, pixels, order[:k], m.shape, geometry)
        insertion.append(float(probabilities(logits_of(model, ins))[c]))
    return deletion, insertion, order


def trapezoid(ys, steps):
    return float(sum((ys[i] + ys[i + 1]) / 2.0 for i in range(steps)) / steps)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("clip")
    ap.add_argument("out")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--map-npz", default=None)
    ap.add_argument("--target-class", type=int, default=None)
    a = ap.parse_args()
    model = load(a.model)
    pixels = np.load(a.clip).astype(np.float64)
    clean = logits_of(model, pixels)
    c = int(np.argmax(clean)) if a.target_class is None else a.target_class
    ours = default_rollout(model, pixels)
    m, source = ours, "recomputed"
    result = {}
    if a.map_npz:
        given = np.load(a.map_npz)["rollout"].astype(np.float64)
        if given.shape != ours.shape:
            raise SystemExit("map %s has shape %s, the reference rollout %s" % (a.map_npz, given.shape, ours.shape))
        diff = float(np.abs(given - ours).max())
        result["map_max_abs_difference"] = diff
        if diff > 1e-4:
            print("map of %s differs from the reference rollout by %.3g" % (a.map_npz, diff))
            raise SystemExit(1)
        if not np.array_equal(ranking(given), ranking(ours)):
            print("note: the given map's ranking differs from the float64 one (near-ties); using the given map")
        m, source = given, a.map_npz
    deletion, insertion, order = curves(model, pixels, m, a.steps, c)
    result.update({
        "target_class": c, "steps": a.steps,
        "methods": {"rollout": {"deletion": deletion, "insertion": insertion,
                                "auc": {"deletion": trapezoid(deletion, a.steps),
                                        "insertion": trapezoid(insertion, a.steps)}}},
        "clean_probability": float(probabilities(clean)[c]),
        "empty_probability": float(probabilities(logits_of(model, np.zeros_like(pixels)))[c]),
        "patch_order": [int(i) for i in order], "map_source": source,
    })
    json.dump(result, open(a.out, "w"), indent=1)


if __name__ == "__main__":
    main()
