#!/usr/bin/env python3
"""What observing training costs: recording a summary, narrating, and an observer that wants nothing.

    swift build -c release
    python3 bench/seam.py                 # every workload, 7 interleaved rounds
    python3 bench/seam.py -n 11 medium    # some workloads, more rounds

For each workload in bench/workloads/ it starts, in turn, on a fresh database each time,

    none:     .build/release/nntrace run FILE --capture none --quiet
    summary:  .build/release/nntrace run FILE --capture summary --quiet
    narrated: .build/release/nntrace run FILE --capture none          (the narration, piped)

none, summary, narrated, none, … after one untimed warm-up of each, and prints the medians of
each process's CPU time (user + system, the kernel's accounting of the finished child) and wall
time, with the ratios to `none`. Then, in-process (`nntrace bench FILE --via run|narrated`),
training through the run path with no observer against the same with an observer that asks
for nothing of any step: the cost of the seam itself.

Only public tools: Python's subprocess, time and resource modules.
"""

import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import NNTRACE, ROOT, WORKLOADS, engine_seconds, timed  # noqa: E402

VARIANTS = {
    "none": ["--capture", "none", "--quiet"],
    "summary": ["--capture", "summary", "--quiet"],
    "narrated": ["--capture", "none"],
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workloads", nargs="*", default=WORKLOADS)
    parser.add_argument("-n", type=int, default=7, help="timed rounds per workload (default 7)")
    args = parser.parse_args()
    if not os.path.exists(NNTRACE):
        sys.exit("build the release binary first: swift build -c release")

    print("| workload | none (cpu) | summary (cpu) | summary / none | narrated (cpu) | narrated / none "
          "| none (wall) | summary (wall) | narrated (wall) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as work:
        for name in args.workloads:
            path = os.path.join(ROOT, "bench", "workloads", name + ".json")
            times = {variant: {"cpu": [], "wall": []} for variant in VARIANTS}
            for round in range(args.n + 1):
                for variant, flags in VARIANTS.items():
                    db = os.path.join(work, f"{name}-{variant}.sqlite")
                    wall, cpu, _ = timed([NNTRACE, "run", path, *flags, "--db", db])
                    for suffix in ("", "-wal", "-shm"):
                        if os.path.exists(db + suffix):
                            os.remove(db + suffix)
                    if round > 0:  # the first round warms up
                        times[variant]["cpu"].append(cpu)
                        times[variant]["wall"].append(wall)
            m = {v: {k: statistics.median(t[k]) for k in t} for v, t in times.items()}
            print(f"| {name} | {m['none']['cpu']:.4f} s | {m['summary']['cpu']:.4f} s "
                  f"| {m['summary']['cpu'] / m['none']['cpu']:.3f} | {m['narrated']['cpu']:.4f} s "
                  f"| {m['narrated']['cpu'] / m['none']['cpu']:.3f} | {m['none']['wall']:.4f} s "
                  f"| {m['summary']['wall']:.4f} s | {m['narrated']['wall']:.4f} s |", flush=True)

    print("\nIn-process, the run path with no observer against an observer that wants nothing "
          f"(median CPU of {args.n} trainings each, interleaved):")
    print("| workload | no observer | wants nothing | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name in args.workloads:
        path = os.path.join(ROOT, "bench", "workloads", name + ".json")
        plain, nothing = [], []
        for _ in range(args.n):
            plain.append(engine_seconds(path, 3, via="run")[1])
            nothing.append(engine_seconds(path, 3, via="narrated")[1])
        a, b = statistics.median(plain), statistics.median(nothing)
        print(f"| {name} | {a:.4f} s | {b:.4f} s | {b / a:.3f} |", flush=True)


if __name__ == "__main__":
    main()
