#!/usr/bin/env python3
"""Compares arrays of an `export` maps.npz with a reference .npz, key by key; exits 1 beyond tolerance.

    compare_npz.py EXPORT.npz REFERENCE.npz KEY=TOL [KEY=TOL ...] [--frames T]

Every KEY must be in both files with the same shape (a missing key or a shape mismatch fails);
the check is the maximum absolute difference. --frames T also requires `frame_indices` and
`timestamps` of length T in EXPORT.npz (all sampled frames, also for tubelet models).
"""
import sys

import numpy as np


def main():
    args = sys.argv[1:]
    frames = None
    if "--frames" in args:
        i = args.index("--frames")
        frames = int(args[i + 1])
        del args[i:i + 2]
    ours, ref = np.load(args[0]), np.load(args[1])
    ok = True
    for spec in args[2:]:
        key, tol = spec.split("=")
        tol = float(tol)
        if key not in ours.files:
            print("%s: missing from %s (has %s)" % (key, args[0], ", ".join(ours.files)))
            ok = False
            continue
        a, b = ours[key].astype(np.float64), ref[key].astype(np.float64)
        if a.shape != b.shape:
            print("%s: shape %s, reference %s" % (key, a.shape, b.shape))
            ok = False
            continue
        err = float(np.abs(a - b).max()) if a.size else 0.0
        if not np.isfinite(a).all():
            err = float("inf")
        print("%s: max abs difference %.3g (tolerance %.3g, reference max |x| %.3g)"
              % (key, err, tol, float(np.abs(b).max()) if b.size else 0.0))
        ok &= err <= tol
    if frames is not None:
        for key in ("frame_indices", "timestamps"):
            n = len(ours[key]) if key in ours.files else None
            if n != frames:
                print("%s: length %s, expected %d (one per sampled frame)" % (key, n, frames))
                ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
