#!/usr/bin/env python3
"""Compares `evaluate`'s faithfulness.json with reference_faithfulness.py's; exits 1 beyond tolerance.

    compare_faithfulness.py EVALUATE.json REFERENCE.json TOL [METHOD]

Checks target_class and steps exactly, then every point of the METHOD's (default rollout) deletion
and insertion curves (S+1 each) and both AUCs within TOL.
"""
import json
import sys


def main():
    ours, ref = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
    tol = float(sys.argv[3])
    method = sys.argv[4] if len(sys.argv) > 4 else "rollout"
    ok = True
    for key in ("target_class", "steps"):
        if ours.get(key) != ref[key]:
            print("%s: %r, reference %r" % (key, ours.get(key), ref[key]))
            ok = False
    m = ours.get("methods", {}).get(method)
    if m is None:
        print("methods.%s missing" % method)
        sys.exit(1)
    r = ref["methods"][method]
    for curve in ("deletion", "insertion"):
        a, b = m.get(curve), r[curve]
        if a is None or len(a) != len(b):
            print("%s: %s points, reference %d" % (curve, None if a is None else len(a), len(b)))
            ok = False
            continue
        err = max(abs(x - y) for x, y in zip(a, b))
        worst = max(range(len(b)), key=lambda i: abs(a[i] - b[i]))
        print("%s: max abs difference %.3g at step %d (tolerance %.3g)" % (curve, err, worst, tol))
        ok &= err <= tol
        auc = m.get("auc", {}).get(curve)
        if auc is None or abs(auc - r["auc"][curve]) > tol:
            print("auc.%s: %r, reference %.6f" % (curve, auc, r["auc"][curve]))
            ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
