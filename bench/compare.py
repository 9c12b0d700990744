#!/usr/bin/env python3
"""Times nntrace against the seed's NumPy MLP, whole process against whole process, side by side.

    swift build -c release
    python3 bench/compare.py                  # every workload, 7 timed pairs each
    python3 bench/compare.py -n 11 medium     # some workloads, more pairs
    python3 bench/compare.py --seam           # also: the engine alone vs the run path, in-process

For each workload in bench/workloads/ it starts, in turn,

    A: .build/release/nntrace run FILE --capture none --quiet --db TEMP.sqlite
    B: python3 bench/numpy_mlp.py FILE                           (OpenBLAS's own thread count)
    C: OPENBLAS_NUM_THREADS=1 python3 bench/numpy_mlp.py FILE    (one BLAS thread)

A, B, C, A, B, C, ... after one untimed warm-up of each, so that a drift in the machine's
speed touches all alike. Each run is timed from outside with a monotonic clock (wall) and by
the kernel's accounting of the finished child (cpu = user + system). The table gives the
medians and the ratio of the faster NumPy median to nntrace's (above 1: nntrace is faster).
NumPy is timed both ways because OpenBLAS's second thread spins while it waits: on a machine
whose other core is busy it can make NumPy several times slower, and the comparison should
be with NumPy at its best. Both programs' final losses are compared too: they train the same
network from the same weights with the same arithmetic, so they must agree to many digits.

NumPy runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment, so that
OpenBLAS picks its kernel for this CPU; the kernel it picked is printed (threadpoolctl).

The GFLOP/s column counts the floating-point operations of the matrix products and of the
update (see flops_per_epoch) and divides by the engine's own training time (wall clock: on
two threads its CPU time counts both), measured in-process with `nntrace bench FILE --via
engine`, without start-up.

Only public tools: Python's subprocess, time and resource modules.
"""

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NNTRACE = os.path.join(ROOT, ".build", "release", "nntrace")
WORKLOADS = ["xor", "medium", "deep", "digits"]


def numpy_environment(threads=None):
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    if threads is not None:
        env["OPENBLAS_NUM_THREADS"] = str(threads)
    return env


def timed(command, env=None):
    """Runs `command` to completion; returns (wall seconds, cpu seconds, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def flops_per_epoch(spec):
    """Multiply-adds of one epoch, counted as 2 FLOPs each, plus the update.

    Per step of m samples through layers of sizes n_0 … n_L:
      forward   z = a·W          2·m·Σ n_(l-1)·n_l
      gradient  aᵀ·δ             2·m·Σ n_(l-1)·n_l
      backprop  δ·Wᵀ (l ≥ 2)     2·m·Σ_(l≥2) n_(l-1)·n_l
      update    w -= lr·g        2·Σ n_(l-1)·n_l
    Biases, activations and losses are left out (they are O(m·n), not O(m·n²)).
    """
    sizes = spec["layers"]
    samples = len(spec["data"]["inputs"])
    batch = spec["training"].get("batch_size", samples)
    steps = -(-samples // batch)
    weights = [a * b for a, b in zip(sizes[:-1], sizes[1:])]
    per_sample = 2 * sum(weights) + 2 * sum(weights) + 2 * sum(weights[1:])
    return samples * per_sample + steps * 2 * sum(weights)


def final_loss(database, run_id):
    with sqlite3.connect(database) as db:
        return db.execute("SELECT final_loss FROM runs WHERE id = ?", (run_id,)).fetchone()[0]


def engine_seconds(path, repetitions, via="engine"):
    out = subprocess.run(
        [NNTRACE, "bench", path, "--via", via, "--repetitions", str(repetitions)],
        stdout=subprocess.PIPE, text=True, check=True).stdout
    # "engine: median wall 0.123 s, median cpu 0.120 s over N trainings"
    words = out.replace(",", " ").split()
    return float(words[words.index("wall") + 1]), float(words[words.index("cpu") + 1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workloads", nargs="*", default=WORKLOADS)
    parser.add_argument("-n", type=int, default=7, help="timed pairs per workload (default 7)")
    parser.add_argument("--seam", action="store_true", help="also compare the engine alone with the run path")
    args = parser.parse_args()
    if not os.path.exists(NNTRACE):
        sys.exit("build first: swift build -c release")

    env, single = numpy_environment(), numpy_environment(threads=1)
    info = subprocess.run(
        [sys.executable, "-c", "import numpy, threadpoolctl, json; "
         "print(numpy.__version__, json.dumps([(i['internal_api'], i.get('architecture'), i['num_threads']) "
         "for i in threadpoolctl.threadpool_info()]))"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    print(f"NumPy: {info.stdout.strip() or 'threadpoolctl not installed: ' + info.stderr.strip().splitlines()[-1]}")
    print(f"{args.n} timed pairs per workload, interleaved, after one warm-up each\n")

    rows = []
    with tempfile.TemporaryDirectory() as directory:
        database = os.path.join(directory, "bench.sqlite")
        for name in args.workloads:
            path = os.path.join(ROOT, "bench", "workloads", name + ".json")
            spec = json.load(open(path))
            a = [NNTRACE, "run", path, "--capture", "none", "--quiet", "--db", database]
            b = [sys.executable, os.path.join(ROOT, "bench", "numpy_mlp.py"), path]
            timed(a), timed(b, env), timed(b, single)
            results = {"a_wall": [], "a_cpu": [], "b_wall": [], "b_cpu": [], "c_wall": [], "c_cpu": []}
            for _ in range(args.n):
                wall, cpu, out = timed(a)
                results["a_wall"].append(wall), results["a_cpu"].append(cpu)
                run_id = int(out.strip())
                wall, cpu, out = timed(b, env)
                results["b_wall"].append(wall), results["b_cpu"].append(cpu)
                wall, cpu, _ = timed(b, single)
                results["c_wall"].append(wall), results["c_cpu"].append(cpu)
            ours, theirs = final_loss(database, run_id), float(out.split()[-1])
            engine_wall, engine_cpu = engine_seconds(path, 3)
            # Wall time: with two threads the CPU time counts both.
            gflops = flops_per_epoch(spec) * spec["training"]["epochs"] / engine_wall / 1e9
            medians = {key: statistics.median(values) for key, values in results.items()}
            rows.append((name, medians, gflops, engine_wall, abs(ours - theirs) / abs(theirs)))

    print("| workload | nntrace | NumPy | NumPy, 1 BLAS thread | faster NumPy / nntrace "
          "| nntrace cpu | NumPy cpu | NumPy cpu, 1 thread | engine alone | engine GFLOP/s | losses differ by |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, m, gflops, engine, difference in rows:
        best = min(m["b_wall"], m["c_wall"])
        print(f"| {name} | {m['a_wall']:.4f} s | {m['b_wall']:.4f} s | {m['c_wall']:.4f} s | {best / m['a_wall']:.1f}× "
              f"| {m['a_cpu']:.4f} s | {m['b_cpu']:.4f} s | {m['c_cpu']:.4f} s | {engine:.4f} s | {gflops:.1f} "
              f"| {difference:.1e} |")
    print("\n(times are medians of wall-clock seconds unless marked cpu; 'engine alone' is the in-process cpu "
          "time of training without start-up, from `nntrace bench`)")

    if args.seam:
        print("\nThe seam: training in-process, engine alone vs the run path (capture none), "
              f"{args.n} interleaved trainings each")
        print("| workload | engine alone (cpu) | run --capture none (cpu) | with narration callback (cpu) | run / engine |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name in args.workloads:
            path = os.path.join(ROOT, "bench", "workloads", name + ".json")
            times = {"engine": [], "run": [], "narrated": []}
            for _ in range(args.n):
                for via in times:
                    times[via].append(engine_seconds(path, 1, via)[1])
            m = {via: statistics.median(values) for via, values in times.items()}
            print(f"| {name} | {m['engine']:.4f} s | {m['run']:.4f} s | {m['narrated']:.4f} s "
                  f"| {m['run'] / m['engine']:.3f} |")


if __name__ == "__main__":
    main()
