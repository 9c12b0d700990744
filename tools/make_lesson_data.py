#!/usr/bin/env python3
"""Writes the synthetic data sets of the built-in lessons into lessons/data/.

Run from the repository root: python3 tools/make_lesson_data.py
Deterministic: the same files every time (a fixed seed, values printed with 6 decimals).
The real data sets (iris, breast cancer, digits) are copies of scikit-learn's bundled files.
"""
import math
import random

random.seed(20261129)

# Universal approximation: y = sin(x) at 41 evenly spaced points of [-pi, pi].
with open("lessons/data/sine.csv", "w") as out:
    out.write("x,sin_x\n")
    for k in range(41):
        x = -math.pi + 2 * math.pi * k / 40
        out.write(f"{x:.6f},{math.sin(x):.6f}\n")

# Vanishing gradients: 64 points in the square [-1, 1]^2, labelled 1 inside the circle of radius 0.7.
with open("lessons/data/circle.csv", "w") as out:
    out.write("x1,x2,inside\n")
    for _ in range(64):
        x1, x2 = random.uniform(-1, 1), random.uniform(-1, 1)
        out.write(f"{x1:.6f},{x2:.6f},{int(x1 * x1 + x2 * x2 < 0.49)}\n")
