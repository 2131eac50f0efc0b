#!/usr/bin/env python3
"""Compares an `export` maps.npz with reference_timesformer.py's output; exits 1 beyond tolerance.

    compare_outputs.py EXPORT.npz REFERENCE.npz LOGITS_TOL ATTENTION_TOL ROLLOUT_TOL
"""
import sys

import numpy as np


def main():
    ours, ref = np.load(sys.argv[1]), np.load(sys.argv[2])
    tol = {"logits": float(sys.argv[3]), "spatial_attention": float(sys.argv[4]),
           "temporal_attention": float(sys.argv[4]), "rollout": float(sys.argv[5])}
    ok = True
    for key in ref.files:
        if key not in tol:
            continue
        if key not in ours.files:
            print("missing %s" % key)
            ok = False
            continue
        a, b = ours[key].astype(np.float64), ref[key]
        if a.shape != b.shape:
            print("%s: shape %s, reference %s" % (key, a.shape, b.shape))
            ok = False
            continue
        err = float(np.abs(a - b).max())
        print("%s: max abs difference %.3g (tolerance %.3g)" % (key, err, tol[key]))
        ok &= err <= tol[key]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
