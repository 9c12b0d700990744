#!/usr/bin/env python3
"""The seed's NumPy MLP, generalised to any depth, training a benchmark lesson file.

    python3 bench/numpy_mlp.py bench/workloads/medium.json

It reads the same lesson file as `nntrace run FILE` (JSON is YAML) and trains the
same network from the same initial weights with the same arithmetic:

- every hidden layer is a sigmoid, `z = a @ W + b`, `a = 1 / (1 + exp(-z))`;
- the output is a sigmoid with `mse` (per sample, the mean over outputs of (a - y)^2,
  so dL/da = 2 (a - y) / n_out and dz = da * a (1 - a)), or a softmax with
  cross-entropy (dz = a - y, the seed's `dz2 = a2 - y`);
- every gradient is the mean over the batch, `dW = a.T @ dz / m`;
- plain gradient descent, `W -= lr * dW`, one step per batch of consecutive rows
  (the whole data set unless the lesson gives `training.batch_size`).

Like the seed, it computes the loss every 200 epochs (and at the last epoch) and
prints only the final loss, the batch loss of the last step's forward pass, which is
what nntrace stores as the run's `final_loss`.
"""

import json
import sys

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_deriv(a):
    return a * (1 - a)


def softmax(x):
    ex = np.exp(x - np.max(x, axis=1, keepdims=True))
    return ex / ex.sum(axis=1, keepdims=True)


class MLP:
    """The seed's `MLP` class with a list of layers instead of W1, W2."""

    def __init__(self, weights, biases, lr, output):
        self.W = weights
        self.b = biases
        self.lr = lr
        self.output = output  # "sigmoid" (with mse) or "softmax" (with cross-entropy)

    def forward(self, X):
        self.a = [X]
        last = len(self.W) - 1
        for l, (W, b) in enumerate(zip(self.W, self.b)):
            z = self.a[-1] @ W + b
            self.a.append(softmax(z) if l == last and self.output == "softmax" else sigmoid(z))
        return self.a[-1]

    def backward(self, y, output):
        m = y.shape[0]
        if self.output == "softmax":
            dz = output - y
        else:
            da = 2 * (output - y) / y.shape[1]
            dz = da * sigmoid_deriv(output)
        self.dW = [None] * len(self.W)
        self.db = [None] * len(self.W)
        for l in reversed(range(len(self.W))):
            self.dW[l] = self.a[l].T @ dz / m
            self.db[l] = np.sum(dz, axis=0, keepdims=True) / m
            if l > 0:
                da = dz @ self.W[l].T
                dz = da * sigmoid_deriv(self.a[l])

    def update(self):
        for l in range(len(self.W)):
            self.W[l] -= self.lr * self.dW[l]
            self.b[l] -= self.lr * self.db[l]

    def loss(self, output, y):
        if self.output == "softmax":
            return np.mean(-np.sum(y * np.log(output), axis=1))
        return np.mean(np.mean((output - y) ** 2, axis=1))

    def fit(self, X, y, epochs, batch_size):
        loss = None
        n = X.shape[0]
        for i in range(epochs):
            for start in range(0, n, batch_size):
                xb, yb = X[start : start + batch_size], y[start : start + batch_size]
                output = self.forward(xb)
                self.backward(yb, output)
                self.update()
            if i % 200 == 0 or i == epochs - 1:
                loss = self.loss(output, yb)
        return loss


def main(path):
    with open(path) as f:
        spec = json.load(f)
    assert spec.get("model", "mlp") == "mlp" and spec["optimizer"]["name"] == "sgd"
    output = spec["activations"][-1]
    assert all(a == "sigmoid" for a in spec["activations"][:-1])
    assert (output, spec["loss"]) in (("sigmoid", "mse"), ("softmax", "cross_entropy"))
    weights = [np.array(layer["w"], dtype=float) for layer in spec["weights"]]
    biases = [np.array([layer["b"]], dtype=float) for layer in spec["weights"]]
    X = np.array(spec["data"]["inputs"], dtype=float)
    y = np.array(spec["data"]["targets"], dtype=float)
    training = spec["training"]
    model = MLP(weights, biases, spec["optimizer"]["lr"], output)
    loss = model.fit(X, y, training["epochs"], training.get("batch_size", X.shape[0]))
    print(f"final loss {float(loss)!r}")


if __name__ == "__main__":
    main(sys.argv[1])
