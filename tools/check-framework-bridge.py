#!/usr/bin/env python3
"""Checks that `nntrace export RUN --as numpy|pytorch|keras` reproduces nntrace's own numbers.

It makes a virtual environment (--venv, default .build/bridge-venv) and installs into it what the
frameworks asked for need: NumPy; PyTorch (CPU); Keras 3 with JAX, and TensorFlow when it installs
(skipped with a note when it does not). Then, for every built-in lesson and for --random lessons made
up on the spot (random depth, sizes, activations, loss, optimizer, batch size, shuffling, data and
capture, thinned and summary captures included), it records each run, exports it in every framework,
runs the script (Keras under every backend installed) and compares:

- the script's self-check: the trace's loss, a and δ of the first steps, and the parameters after each
  of them (a script exits non-zero, naming the value, when one differs beyond its tolerance);
- the script's parameters (NNTRACE_JSON=1) after 100 steps (NNTRACE_STEPS; a shorter run's last) with
  the trace's, read from a reference run of the same lesson and seed recorded with `--capture all
  --first-steps 100 --last-steps 1` (the engine is deterministic, so the reference takes the very same
  steps; its config is checked to be equal); and, reported beside them, after the whole run.

The error of a parameter is |script − trace| / max(|trace|, 1): relative for parameters of size 1 or
more, absolute below. Tolerances: 1e-9 for NumPy and PyTorch, 1e-7 for Keras. A perceptron run must be
refused by PyTorch and Keras with a reason, an activation lesson by every framework.

Run from the repository root after `swift build`:

    python3 tools/check-framework-bridge.py [--frameworks numpy,pytorch,keras] [--random 20] [LESSON ...]
"""
import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time

TOLERANCE = {"numpy": 1e-9, "pytorch": 1e-9, "keras": 1e-7}
# Parameters are compared after this many steps (or the run's last, if it has fewer) at the tolerance;
# after the whole run the difference is reported too: rounding differences grow over a long run.
CHECKPOINT = 100
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build/debug/nntrace"))
    parser.add_argument("--venv", default=os.path.join(ROOT, ".build/bridge-venv"))
    parser.add_argument("--frameworks", default="numpy,pytorch,keras")
    parser.add_argument("--random", type=int, default=20, help="random lessons to make up (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="seeds the random lessons")
    parser.add_argument("--backends", default="jax,torch,tensorflow", help="Keras backends to try (if installed)")
    parser.add_argument("lessons", nargs="*", help="built-in lesson ids (default: all)")
    args = parser.parse_args()
    frameworks = [f for f in args.frameworks.split(",") if f]
    python, backends, installs = prepare(args.venv, frameworks)
    for line in installs:
        print(line)
    lessons = args.lessons or builtin_lessons()
    backends = [b for b in backends if b in args.backends.split(",")]
    checker = Checker(args.bin, python, frameworks, backends)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as scratch:
        checker.scratch = scratch
        for lesson in lessons:
            checker.check_lesson(lesson, lesson, [])
        generator = random.Random(args.seed)
        for index in range(args.random):
            path, capture = random_lesson(generator, scratch, index)
            checker.check_lesson(os.path.basename(path), path, capture)
    print()
    print(f"{checker.lessons} lessons ({len(lessons)} built-in, {args.random} random), {checker.runs} runs, "
          f"{time.monotonic() - started:.0f} s")
    for name in sorted(checker.worst):
        worst, where, count = checker.worst[name]
        framework = name.split(" ")[0]
        if name.endswith("whole run"):
            print(f"{name:30} {count:3} runs     largest error {worst:.2e} ({where}); reported, not held to a tolerance")
            continue
        verdict = "ok" if worst <= TOLERANCE[framework] else "DIFFERS"
        print(f"{name:30} {count:3} scripts  largest error {worst:.2e} ({where})  tolerance "
              f"{TOLERANCE[framework]:g}  {verdict}")
    print(f"self-checks passed: {checker.self_checks}; refusals as expected: {checker.refusals}")
    for failure in checker.failures:
        print("FAILED:", failure)
    return 1 if checker.failures else 0


def prepare(venv, frameworks):
    """Makes the venv and installs what the frameworks need; returns its python, the Keras backends
    that installed, and a line of timing per install."""
    lines = []
    if not os.path.exists(os.path.join(venv, "bin", "python")):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    python = os.path.join(venv, "bin", "python")

    def install(label, packages, pip_args=()):
        started = time.monotonic()
        done = subprocess.run([python, "-m", "pip", "install", "-q", *pip_args, *packages],
                              capture_output=True, text=True)
        seconds = time.monotonic() - started
        lines.append(f"install {label}: {'ok' if done.returncode == 0 else 'FAILED'} in {seconds:.0f} s")
        if done.returncode != 0:
            lines.append("  " + done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "")
        return done.returncode == 0

    install("numpy", ["numpy"])
    backends = []
    if "pytorch" in frameworks or "keras" in frameworks:
        if "pytorch" in frameworks and not install_torch(python, install):
            sys.exit("check-framework-bridge: PyTorch did not install")
    if "keras" in frameworks:
        if install("keras, jax[cpu]", ["keras", "jax[cpu]"]):
            backends.append("jax")
        if has(python, "torch"):
            backends.append("torch")
        if install("tensorflow-cpu", ["tensorflow-cpu"]) or install("tensorflow", ["tensorflow"]):
            backends.append("tensorflow")
        else:
            lines.append("  TensorFlow did not install: Keras is checked under " + ", ".join(backends))
    return python, backends, lines


def install_torch(python, install):
    """PyTorch from PyPI. Its Linux wheel depends on the CUDA libraries (about 5 GB in all); without
    them `import torch` fails, so they are installed too, though nntrace's checks run on the CPU."""
    return has(python, "torch") or install("torch", ["torch"])


def has(python, module):
    return subprocess.run([python, "-c", f"import {module}"], capture_output=True).returncode == 0


def builtin_lessons():
    """The ids of lessons/NN-id.yaml, in curriculum order."""
    names = sorted(n for n in os.listdir(os.path.join(ROOT, "lessons")) if n[:2].isdigit() and n.endswith(".yaml"))
    return [n[3:-5] for n in names]


class Checker:
    def __init__(self, binary, python, frameworks, backends):
        self.binary, self.python, self.frameworks, self.backends = binary, python, frameworks, backends
        self.scratch = None
        self.worst = {}
        self.failures = []
        self.lessons = self.runs = self.self_checks = self.refusals = 0

    def fail(self, message):
        self.failures.append(message)
        print("  FAILED:", message, flush=True)

    def nntrace(self, *arguments, check=True):
        return subprocess.run([self.binary, *arguments], capture_output=True, text=True, check=check)

    def check_lesson(self, name, lesson, capture):
        self.lessons += 1
        db = os.path.join(self.scratch, f"lesson{self.lessons}.sqlite")
        ref = os.path.join(self.scratch, f"reference{self.lessons}.sqlite")
        ran = self.nntrace("run", lesson, "--quiet", "--db", db, "--force", *capture, check=False)
        if ran.returncode not in (0, 3):
            self.fail(f"{name}: nntrace run exited {ran.returncode}: {ran.stderr.strip()}")
            return
        self.nntrace("run", lesson, "--quiet", "--db", ref, "--capture", "all", "--first-steps", str(CHECKPOINT),
                     "--last-steps", "1", "--force", check=False)
        label = name + (" " + " ".join(capture) if capture else "")
        for run_id in ran.stdout.split():
            self.runs += 1
            self.check_run(label, db, ref, int(run_id))
        print(f"{label}: {len(ran.stdout.split())} run(s) checked", flush=True)

    def check_run(self, label, db, ref, run_id):
        with sqlite3.connect(db) as connection:
            config, status, steps = connection.execute(
                "SELECT config, status, steps FROM runs WHERE id = ?", (run_id,)).fetchone()
        model = json.loads(config).get("model", "mlp")
        checkpoint = min(steps, CHECKPOINT)
        expected = reference_parameters(ref, run_id, config, checkpoint)
        final = reference_parameters(ref, run_id, config, steps)
        for framework in self.frameworks:
            script = os.path.join(self.scratch, f"run{self.lessons}-{run_id}.{framework}.py")
            exported = self.nntrace("export", str(run_id), "--as", framework, "--db", db, "-o", script, check=False)
            refuses = model == "activation" or (model == "perceptron" and framework != "numpy")
            if refuses:
                if exported.returncode != 0 and "Run" in exported.stderr:
                    self.refusals += 1
                else:
                    self.fail(f"{label} run {run_id} --as {framework}: expected a refusal with a reason")
                continue
            if exported.returncode != 0:
                self.fail(f"{label} run {run_id} --as {framework}: {exported.stderr.strip()}")
                continue
            if status == "diverged" or expected is None or final is None:
                self.fail(f"{label} run {run_id}: no reference parameters ({status})")
                continue
            # Keras runs under every backend for the built-in lessons, under the first for random ones,
            # and only to the checkpoint: its scripts are the slowest by far.
            backends = self.backends if not label.startswith("random") else self.backends[:1]
            for backend in (backends if framework == "keras" else [None]):
                name = framework + (f" ({backend})" if backend else "")
                where = f"{label} run {run_id}"
                worst = self.run_script(where, name, backend, script, expected, checkpoint)
                if worst is not None:
                    self.record(name, worst, where, framework, after=f"{checkpoint} steps")
                if steps > checkpoint and framework != "keras":
                    worst = self.run_script(where, name, backend, script, final, steps)
                    if worst is not None:
                        self.record(name + " whole run", worst, where, None, after="the whole run")

    def run_script(self, where, name, backend, script, expected, steps):
        """Runs `script` for `steps` steps; its largest error against `expected`, or None if it failed."""
        env = dict(os.environ, NNTRACE_JSON="1", NNTRACE_STEPS=str(steps))
        if backend:
            env["KERAS_BACKEND"] = backend
        done = subprocess.run([self.python, script], capture_output=True, text=True, env=env)
        if done.returncode != 0:
            self.fail(f"{where} {name}: " + (done.stderr.strip().splitlines() or ["?"])[-1])
            return None
        self.self_checks += 1
        layers = json.loads(done.stdout.strip().splitlines()[-1])
        worst = (0.0, "")
        for (layer, kind, i, j), value in expected.items():
            theirs = layers[layer - 1]["w"][j][i] if kind == "w" else layers[layer - 1]["b"][i]
            error = abs(theirs - value) / max(abs(value), 1.0)
            worst = max(worst, (error, f"layer {layer} {kind}" + (f"[{j}][{i}]" if j is not None else f"[{i}]")))
        return worst

    def record(self, name, worst, where, framework, after):
        error, parameter = worst
        previous = self.worst.get(name, (0.0, "", 0))
        self.worst[name] = max(previous[:2], (error, f"{where}, {parameter}, after {after}")) + (previous[2] + 1,)
        if framework and error > TOLERANCE[framework]:
            self.fail(f"{name}: {where}, {parameter}: error {error:.2e} after {after}")


def reference_parameters(ref, run_id, config, steps):
    """{(layer, kind, i, j): value} after the last step of the reference run with the same id."""
    with sqlite3.connect(ref) as connection:
        found = connection.execute("SELECT config FROM runs WHERE id = ?", (run_id,)).fetchone()
        if found is None or strip_capture(found[0]) != strip_capture(config):
            return None
        rows = connection.execute(
            "SELECT layer, kind, i, j, value FROM trace WHERE run_id = ? AND step = ? AND phase = 'update' "
            "AND kind IN ('w', 'b')", (run_id, steps - 1)).fetchall()
    return {(layer, kind, i, j): value for layer, kind, i, j, value in rows} or None


def strip_capture(config):
    settings = json.loads(config)
    settings.pop("capture", None)
    return settings


def random_lesson(generator, folder, index):
    """A random lesson file and a random capture for it."""
    hidden = [generator.randint(1, 5) for _ in range(generator.randint(0, 3))]
    inputs, outputs = generator.randint(1, 4), generator.randint(1, 3)
    kind = generator.choice(["sigmoid-bce", "softmax-ce", "regression", "sigmoid-mse"])
    if kind == "softmax-ce":
        outputs = max(outputs, 2)
    hidden_activations = [generator.choice(["sigmoid", "tanh", "relu", "leaky_relu", "linear"]) for _ in hidden]
    output, loss = {"sigmoid-bce": ("sigmoid", "bce"), "softmax-ce": ("softmax", "cross_entropy"),
                    "regression": (generator.choice(["linear", "tanh"]), generator.choice(["mse", "sse"])),
                    "sigmoid-mse": ("sigmoid", generator.choice(["mse", "sse"]))}[kind]
    rows = generator.randint(3, 12)
    x = [[round(generator.uniform(-2, 2), 3) for _ in range(inputs)] for _ in range(rows)]
    if kind == "softmax-ce":
        y = [[1.0 if k == generator.randrange(outputs) else 0.0 for k in range(outputs)] for _ in range(rows)]
        y = [row if sum(row) == 1 else [1.0] + [0.0] * (outputs - 1) for row in y]
    elif output == "sigmoid":
        y = [[float(generator.randint(0, 1)) for _ in range(outputs)] for _ in range(rows)]
    else:
        y = [[round(generator.uniform(-1, 1), 3) for _ in range(outputs)] for _ in range(rows)]
    optimizer = {"name": generator.choice(["sgd", "momentum", "rmsprop", "adam"]),
                 "lr": generator.choice([0.5, 0.1, 0.05, 0.01])}
    activations = [a if a != "leaky_relu" else {"name": "leaky_relu", "slope": 0.1} for a in hidden_activations]
    lesson = {
        "title": f"Random network {index}",
        "layers": [inputs] + hidden + [outputs],
        "activations": activations + [output],
        "loss": loss,
        "optimizer": optimizer,
        "init": {"name": generator.choice(["xavier", "he", "normal"]), "seed": generator.randint(1, 10000)},
        "data": {"inputs": x, "targets": y},
        "training": {"epochs": generator.randint(1, 6), "batch_size": generator.randint(1, rows),
                     "shuffle": generator.random() < 0.5},
    }
    path = os.path.join(folder, f"random{index}.json")
    with open(path, "w") as file:
        json.dump(lesson, file)
    capture = generator.choice([[], ["--capture", "summary"], ["--capture", "none"], ["--every-step", "2"],
                                ["--samples", "0,1"], ["--layers", "1"], ["--last-steps", "1"]])
    return path, capture


if __name__ == "__main__":
    sys.exit(main())
