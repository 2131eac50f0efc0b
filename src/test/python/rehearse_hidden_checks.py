#!/usr/bin/env python3
"""Rehearsal of the three hidden checks (issues 12, 13, 14) against the built CLI, on random
checkpoints larger than the unit tests' and at the issues' own tolerances. Not run by Maven; for a
person after `mvn package` (or with a classpath from `mvn dependency:build-classpath`).

    rehearse_hidden_checks.py WORK_DIR [--cp "target/classes:target/lib/*"] [--seed 1]
        [--only joint,grad,faithfulness]

joint: `export` on VideoMAE and ViViT vs reference_joint.py (logits 1e-3, attention / rollout 1e-4);
grad: `export --method grad-rollout` vs reference_grad_rollout.py (finite differences; 1e-4);
faithfulness: `evaluate --methods rollout --steps 8|20` vs reference_faithfulness.py (1e-4 per point).
Prints one line per case and exits 1 if any failed.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("--cp", default="target/classes:target/lib/*")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="joint,grad,faithfulness")
    a = ap.parse_args()
    only = set(a.only.split(","))
    failed = []

    def py(script, *args):
        return subprocess.run([sys.executable, os.path.join(HERE, script)] + [str(x) for x in args],
                              capture_output=True, text=True)

    def cli(*args):
        return subprocess.run(["java", "-cp", a.cp, "org.spacetimelens.cli.Main"] + [str(x) for x in args]
                              + ["--device", "cpu"], capture_output=True, text=True)

    def case(name, steps):
        # steps: (what, thunk) pairs, run in order until one fails
        for what, run in steps:
            r = run()
            if r.returncode != 0:
                print("FAILED %s: %s\n%s%s" % (name, what, r.stdout[-3000:], r.stderr[-3000:]))
                failed.append(name)
                return
        print("ok     %s" % name)

    s = a.seed
    dtypes = ["F32", "F16", "BF16"]
    if "joint" in only:
        joint = [
            ("videomae 8f tubelet 2, 48x64, patch 16, 4 layers", "--model-type videomae --frames 8 --height 48 --width 64 "
             "--patch 16 --hidden 64 --heads 4 --layers 4 --dtype " + dtypes[s % 3]),
            ("videomae 4f tubelet 1, no mean pooling", "--model-type videomae --frames 4 --tubelet 1 --size 48 --patch 16 "
             "--hidden 48 --heads 3 --layers 3 --no-mean-pooling --dtype " + dtypes[(s + 1) % 3]),
            ("vivit 8f tubelet 2x16x16, 48x48, 4 layers", "--model-type vivit --frames 8 --size 48 --patch 16 --hidden 64 "
             "--heads 4 --layers 4 --dtype " + dtypes[(s + 2) % 3]),
            ("vivit 6f tubelet 3x16x8", "--model-type vivit --frames 6 --tubelet 3 --size 32 --patch-h 16 --patch-w 8 "
             "--hidden 32 --heads 2 --layers 3"),
        ]
        for n, (name, opts) in enumerate(joint):
            d = os.path.join(a.work, "joint%d" % n)
            case("joint: " + name, [
                ("make", lambda: py("make_tiny_joint.py", d, 100 * s + n, *opts.split())),
                ("export", lambda: cli("export", "--model", d, "--clip", d + "/clip.npy", "--out", d + "/out")),
                ("reference", lambda: py("reference_joint.py", d, d + "/clip.npy", d + "/ref.npz")),
                ("compare", lambda: py("compare_npz.py", d + "/out/maps.npz", d + "/ref.npz", "logits=1e-3",
                               "attention=1e-4", "rollout=1e-4"))])
    if "grad" in only:
        grad = [
            ("divided 3f, G=4, 3 layers, top", "make_tiny_checkpoint.py",
             "--frames 3 --size 32 --patch 16 --hidden 32 --heads 2 --layers 3", []),
            ("divided 2f clip 4x32x48 resized, contrast", "make_tiny_checkpoint.py",
             "--frames 2 --size 32 --patch 16 --clip-frames 4 --clip-width 48 --hidden 32 --heads 2 --layers 2 --dtype BF16",
             ["--target-class", "2", "--contrast-class", "4"]),
            ("videomae 4f, N=8", "make_tiny_joint.py",
             "--model-type videomae --frames 4 --size 32 --patch 16 --hidden 32 --heads 2 --layers 3", []),
        ]
        for n, (name, maker, opts, classes) in enumerate(grad):
            d = os.path.join(a.work, "grad%d" % n)
            keys = ["attention_grad=1e-4"] if "joint" in maker else ["spatial_attention_grad=1e-4",
                                                                     "temporal_attention_grad=1e-4"]
            case("grad: " + name, [
                ("make", lambda: py(maker, d, 200 * s + n, *opts.split())),
                ("export", lambda: cli("export", "--model", d, "--clip", d + "/clip.npy", "--out", d + "/out",
                               "--method", "grad-rollout", *classes)),
                ("reference", lambda: py("reference_grad_rollout.py", d, d + "/clip.npy", d + "/ref.npz", *classes)),
                ("compare", lambda: py("compare_npz.py", d + "/out/maps.npz", d + "/ref.npz", "rollout=1e-4", *keys))])
    if "faithfulness" in only:
        faith = [
            ("divided 8f 64x64 patch 16, N=128, 8 steps", "make_tiny_checkpoint.py",
             "--frames 8 --size 64 --patch 16 --hidden 32 --heads 4 --layers 4", 8),
            ("divided 8f 64x64 patch 16, N=128, 20 steps", "make_tiny_checkpoint.py",
             "--frames 8 --size 64 --patch 16 --hidden 32 --heads 4 --layers 4", 20),
            ("videomae 8f 48x64 tubelet 2, N=48, 20 steps", "make_tiny_joint.py",
             "--model-type videomae --frames 8 --height 48 --width 64 --patch 16 --hidden 32 --heads 2 --layers 3", 20),
        ]
        for n, (name, maker, opts, steps) in enumerate(faith):
            d = os.path.join(a.work, "faith%d" % n)
            case("faithfulness: " + name, [
                ("make", lambda: py(maker, d, 300 * s + n, *opts.split())),
                ("export", lambda: cli("export", "--model", d, "--clip", d + "/clip.npy", "--out", d + "/maps")),
                ("evaluate", lambda: cli("evaluate", "--model", d, "--clip", d + "/clip.npy", "--methods", "rollout",
                                 "--steps", steps, "--out", d + "/eval")),
                ("reference", lambda: py("reference_faithfulness.py", d, d + "/clip.npy", d + "/ref.json", "--steps", steps,
                                 "--map-npz", d + "/maps/maps.npz")),
                ("compare", lambda: py("compare_faithfulness.py", d + "/eval/faithfulness.json", d + "/ref.json", "1e-4"))])
    print("%d failed" % len(failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
