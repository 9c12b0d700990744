#!/usr/bin/env python3
"""Checks that `nntrace export RUN --as pytorch` reproduces nntrace's own numbers.

For each lesson given (default: a few built-in ones), it records a run, exports it as a PyTorch
script, runs that script for STEPS optimizer steps (NNTRACE_STEPS), and compares the weights and
biases the script prints with the ones the trace recorded after the same step. Prints the largest
absolute difference per lesson and exits non-zero if any exceeds the tolerance (1e-6).

Needs PyTorch (`pip install torch`, the CPU build is enough). Run from the repository root after
`swift build`:  python3 tools/check-framework-bridge.py [--steps N] [LESSON ...]
"""
import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

TOLERANCE = 1e-6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=1)
    parser.add_argument("--bin", default=".build/debug/nntrace")
    parser.add_argument("lessons", nargs="*", default=["chain-rule", "xor-mlp", "optimizers", "iris"])
    args = parser.parse_args()
    worst_overall = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        db = os.path.join(scratch, "bridge.sqlite")
        for lesson in args.lessons:
            ids = subprocess.run([args.bin, "run", lesson, "--quiet", "--db", db],
                                 check=True, capture_output=True, text=True).stdout.split()
            for run_id in ids:
                script = os.path.join(scratch, f"run{run_id}.py")
                subprocess.run([args.bin, "export", run_id, "--as", "pytorch", "--db", db, "-o", script], check=True)
                env = dict(os.environ, NNTRACE_STEPS=str(args.steps), NNTRACE_JSON="1")
                printed = subprocess.run([sys.executable, script], check=True, capture_output=True, text=True,
                                         env=env).stdout.strip().splitlines()[-1]
                layers = json.loads(printed)
                worst = compare(db, int(run_id), args.steps - 1, layers)
                if worst is None:
                    print(f"{lesson} run {run_id}: has fewer than {args.steps} steps; skipped")
                    continue
                worst_overall = max(worst_overall, worst)
                verdict = "ok" if worst <= TOLERANCE else "DIFFERS"
                print(f"{lesson} run {run_id}: largest difference after {args.steps} step(s) {worst:.3e}  {verdict}")
    print(f"largest difference overall: {worst_overall:.3e} (tolerance {TOLERANCE:g})")
    return 0 if worst_overall <= TOLERANCE else 1


def compare(db, run_id, step, layers):
    connection = sqlite3.connect(db)
    rows = connection.execute(
        "SELECT layer, kind, i, j, value FROM trace WHERE run_id = ? AND step = ? AND phase = 'update' "
        "AND kind IN ('w', 'b')", (run_id, step)).fetchall()
    connection.close()
    if not rows:
        return None
    worst = 0.0
    for layer, kind, i, j, value in rows:
        theirs = layers[layer - 1]["w"][j][i] if kind == "w" else layers[layer - 1]["b"][i]
        worst = max(worst, abs(theirs - value))
    return worst


if __name__ == "__main__":
    sys.exit(main())
