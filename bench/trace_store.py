#!/usr/bin/env python3
"""Measures the trace store: write speed against plain C, size, query speed, summary's cost, peak memory.

    swift build -c release
    python3 bench/trace_store.py            # 5 timed pairs of each comparison
    python3 bench/trace_store.py -n 9       # more pairs

What it runs (A and B in turn, A B A B ..., after one untimed warm-up of each, so a drift in
the machine's speed touches both alike; each run timed from outside with a monotonic clock
(wall) and by the kernel's accounting of the finished child (cpu = user + system)):

1. Write speed. A: `nntrace run bench/write-5m.yaml --quiet` into a new database: the whole
   run, start-up, engine and recording of 5,013,254 values included. B: bench/sqlite_baseline.c,
   built with `cc -O2 -lsqlite3`, inserting as many rows shaped like the `trace` view through
   one prepared statement in one transaction into a new database.
2. Storage: bytes per value of A's database, by table and index (SQLite's dbstat), and the
   file's size over the values.
3. Query speed: `nntrace query` of the per-layer gradient norms over that run, whole process,
   through the `layer_grad_norm` view and through `trace` with GROUP BY; one event by
   (run_id, seq); one step's values in trace order.
4. Summary's cost: the same lesson with `--capture summary` against `--capture none`, as it is
   (68 steps) and for 500 epochs (2,000 steps, where training outweighs start-up); and the
   engine benchmark's medium workload (bench/workloads/medium.json, full batches of 1,000
   rows), also with `--layers 0`, which keeps only the loss: what an observer costs the
   engine before anything is recorded.
5. Peak memory: `/usr/bin/time -v` of the lesson run for 34 epochs (about 10 million values).

Only public tools: Python's subprocess, time, resource and statistics modules, cc, sqlite3
and /usr/bin/time.
"""

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LESSON = os.path.join(ROOT, "bench", "write-5m.yaml")
GRADIENT_VIEW = "SELECT step, layer, grad_w_norm FROM layer_grad_norm WHERE run_id = 1"
ONE_EVENT = "SELECT * FROM trace WHERE run_id = 1 AND seq = 20000 ORDER BY i, j"
ONE_STEP = (
    "SELECT count(*), sum(value) FROM (SELECT * FROM trace WHERE run_id = 1 AND step = 40 ORDER BY seq, i, j)"
)
GRADIENT_TRACE = (
    "SELECT step, layer, sqrt(sum(value * value)) AS grad_w_norm FROM trace "
    "WHERE run_id = 1 AND kind = 'grad_w' GROUP BY step, layer"
)


def timed(command, before=None):
    """Runs `command` (after `before()`, untimed); returns (wall seconds, cpu seconds)."""
    if before:
        before()
    start_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    wall = time.monotonic() - start
    end_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (end_usage.ru_utime - start_usage.ru_utime) + (end_usage.ru_stime - start_usage.ru_stime)
    return wall, cpu


def pairs(n, a, b):
    """Times A and B in turn, n times after a warm-up each; returns their (wall, cpu) lists."""
    timed(*a)
    timed(*b)
    results = ([], [])
    for _ in range(n):
        results[0].append(timed(*a))
        results[1].append(timed(*b))
    return results


def median(runs, index):
    return statistics.median(run[index] for run in runs)


def remove(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def sqlite(path, sql):
    return subprocess.run(["sqlite3", "-batch", path, sql], check=True, capture_output=True, text=True).stdout


def peak_memory(command):
    """Maximum resident set size in MiB, as /usr/bin/time -v reports it."""
    result = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True, cwd=ROOT)
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return int(match.group(1)) / 1024 if match else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=5, help="timed pairs of each comparison (default 5)")
    parser.add_argument("--nntrace", default=os.path.join(ROOT, ".build", "release", "nntrace"))
    args = parser.parse_args()
    nntrace = args.nntrace
    if not os.access(nntrace, os.X_OK):
        sys.exit(f"{nntrace} is missing: build it first with swift build -c release")
    scratch = tempfile.mkdtemp(prefix="nntrace-bench-")
    try:
        baseline = os.path.join(scratch, "sqlite_baseline")
        subprocess.run(
            ["cc", "-O2", "-o", baseline, os.path.join(ROOT, "bench", "sqlite_baseline.c"), "-lsqlite3"], check=True
        )
        db = os.path.join(scratch, "trace.sqlite")
        base = os.path.join(scratch, "baseline.sqlite")

        # 1. Write speed.
        remove(db)
        subprocess.run([nntrace, "run", LESSON, "--quiet", "--db", db], check=True, stdout=subprocess.DEVNULL)
        values = int(sqlite(db, 'SELECT "values" FROM runs WHERE id = 1'))
        run = ([nntrace, "run", LESSON, "--quiet", "--db", db], lambda: remove(db))
        yardstick = ([baseline, base, str(values)], lambda: remove(base))
        ours, theirs = pairs(args.n, run, yardstick)

        # 2. Storage (the last run's database).
        sqlite(db, "PRAGMA wal_checkpoint(TRUNCATE)")
        by_object = sqlite(db, "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC")
        file_bytes = os.path.getsize(db)

        # 3. Query speed.
        view = [timed([nntrace, "query", GRADIENT_VIEW, "--db", db]) for _ in range(args.n)]
        grouped = [timed([nntrace, "query", GRADIENT_TRACE, "--db", db]) for _ in range(args.n)]
        startup = [timed([nntrace, "query", "SELECT 1", "--db", db]) for _ in range(args.n)]
        event = [timed([nntrace, "query", ONE_EVENT, "--db", db]) for _ in range(args.n)]
        step = [timed([nntrace, "query", ONE_STEP, "--db", db]) for _ in range(args.n)]

        # 4. Summary against none.
        summary_cost = {}
        medium = os.path.join(ROOT, "bench", "workloads", "medium.json")
        epochs = ["--epochs", "500"]
        for label, lesson, both, summary_only in (
            ("write-5m.yaml as it is: 68 steps of 32 rows", LESSON, [], []),
            ("write-5m.yaml for 500 epochs: 2,000 steps of 32 rows", LESSON, epochs, []),
            ("workloads/medium.json: 1,000 steps of 1,000 rows", medium, [], []),
            ("the same, keeping only the loss (--layers 0)", medium, [], ["--layers", "0"]),
        ):
            if not os.path.exists(lesson):
                continue
            s = os.path.join(scratch, "summary.sqlite")
            n = os.path.join(scratch, "none.sqlite")
            summary_run = [nntrace, "run", lesson, "--quiet", "--capture", "summary", "--db", s] + both + summary_only
            none_run = [nntrace, "run", lesson, "--quiet", "--capture", "none", "--db", n] + both
            summary_cost[label] = pairs(args.n, (summary_run, lambda: remove(s)), (none_run, lambda: remove(n)))

        # 5. Peak memory for about 10 million values.
        big = os.path.join(scratch, "big.sqlite")
        remove(big)
        peak = peak_memory([nntrace, "run", LESSON, "--epochs", "34", "--quiet", "--db", big])
        big_values = int(sqlite(big, 'SELECT "values" FROM runs WHERE id = 1'))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print(f"## Write speed: {values:,} values, median of {args.n}\n")
    print("| program | wall | cpu | values (rows) per second of wall |")
    print("| --- | ---: | ---: | ---: |")
    for name, runs in (("nntrace run (whole process)", ours), ("sqlite_baseline.c", theirs)):
        wall, cpu = median(runs, 0), median(runs, 1)
        print(f"| {name} | {wall:.3f} s | {cpu:.3f} s | {values / wall:,.0f} |")
    print(f"\nnntrace / baseline, wall: {median(ours, 0) / median(theirs, 0):.3f}; cpu: "
          f"{median(ours, 1) / median(theirs, 1):.3f}\n")
    print(f"## Storage\n\n{file_bytes:,} bytes for {values:,} values: {file_bytes / values:.2f} bytes a value\n")
    print("| object | bytes | bytes a value |")
    print("| --- | ---: | ---: |")
    for line in by_object.strip().split("\n"):
        name, size = line.split("|")
        print(f"| {name} | {int(size):,} | {int(size) / values:.3f} |")
    print(f"\n## Query speed (whole nntrace process), median of {args.n}\n")
    print("| query | wall | cpu |")
    print("| --- | ---: | ---: |")
    for name, runs in (
        ("per-layer gradient norms, layer_grad_norm view", view),
        ("per-layer gradient norms, trace GROUP BY step, layer", grouped),
        ("one event by (run_id, seq)", event),
        ("one step (73,471 values) in trace order", step),
        ("SELECT 1 (start-up alone)", startup),
    ):
        print(f"| {name} | {median(runs, 0):.3f} s | {median(runs, 1):.3f} s |")
    print(f"\n## Summary against none, median of {args.n}\n")
    print("| run | summary cpu | none cpu | summary / none (cpu) | (wall) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, (s, n) in summary_cost.items():
        print(f"| {label} | {median(s, 1):.3f} s | {median(n, 1):.3f} s | {median(s, 1) / median(n, 1):.3f} | "
              f"{median(s, 0) / median(n, 0):.3f} |")
    print(f"\n## Peak memory\n\n{peak:.1f} MiB while recording {big_values:,} values (/usr/bin/time -v)")


if __name__ == "__main__":
    main()
