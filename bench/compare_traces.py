#!/usr/bin/env python3
"""Compares every recorded value of the same runs in two trace databases.

    python3 bench/compare_traces.py OLD.sqlite NEW.sqlite [RUN_ID ...]

Used to check that an engine change leaves results unchanged: record the same lessons with
`--capture all` using the old and the new `nntrace`, then compare. Rows are matched on
(seq, i, j, kind); it prints, per run, how many values are bit-identical and the largest
relative difference |new − old| / |old| of the others.
"""

import sqlite3
import sys


def main(old_path, new_path, runs):
    old, new = sqlite3.connect(old_path), sqlite3.connect(new_path)
    if not runs:
        runs = [row[0] for row in old.execute("SELECT id FROM runs ORDER BY id")]
    query = "SELECT seq, i, j, kind, value FROM trace WHERE run_id = ? ORDER BY seq, i, j"
    for run in runs:
        a, b = old.execute(query, (run,)).fetchall(), new.execute(query, (run,)).fetchall()
        if len(a) != len(b):
            sys.exit(f"run {run}: {len(a)} values in the old database, {len(b)} in the new")
        worst, exact = 0.0, 0
        for x, y in zip(a, b):
            if x[:4] != y[:4]:
                sys.exit(f"run {run}: rows differ: {x[:4]} vs {y[:4]}")
            if x[4] == y[4]:
                exact += 1
            else:
                worst = max(worst, abs(y[4] - x[4]) / abs(x[4]) if x[4] != 0 else float("inf"))
        print(f"run {run}: {len(a)} values, {exact} bit-identical, largest relative difference {worst:.3g}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], [int(r) for r in sys.argv[3:]])
