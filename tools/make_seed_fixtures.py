#!/usr/bin/env python3
"""Writes the seed fixtures that NeuralEngineTests hold the Swift engine to.

Re-run from anywhere (Python 3 and NumPy needed, nothing else):

    python3 tools/make_seed_fixtures.py

It overwrites Tests/NeuralEngineTests/Fixtures/perceptron_and.json and
Tests/NeuralEngineTests/Fixtures/mlp_xor.json. The output is deterministic:
the only randomness is NumPy's legacy generator under a fixed seed, whose
stream NumPy keeps stable across versions, and every float is written both
as Python's shortest round-trip decimal and as its exact hexadecimal form
(float.hex()), which the tests parse so that "exactly equal" means bit for bit.

The classes `Perceptron` and `MLP` below are the seed's code, verbatim (only
the indentation, lost in the seed's text, restored). Nothing here changes
their arithmetic: the recording perceptron repeats the seed's `fit` line for
line and only appends what it sees, and the script checks that it ends where
the verbatim class ends.
"""

import json
import os

import numpy as np

# ---------------------------------------------------------------------------
# The seed's code, verbatim.
# ---------------------------------------------------------------------------


class Perceptron:
    def __init__(self, lr=0.01, epochs=15):
        self.lr = lr
        self.epochs = epochs
        self.weights = None
        self.bias = None

    def activation(self, z):
        return 1 if z >= 0 else 0

    def fit(self, X, y):
        n_samples, n_features = X.shape
        self.weights = np.zeros(n_features)
        self.bias = 0
        for _ in range(self.epochs):
            for idx, x_i in enumerate(X):
                linear = np.dot(x_i, self.weights) + self.bias
                y_pred = self.activation(linear)
                update = self.lr * (y[idx] - y_pred)
                self.weights += update * x_i
                self.bias += update

    def predict(self, X):
        linear = np.dot(X, self.weights) + self.bias
        return np.array([self.activation(z) for z in linear])


class MLP:
    def __init__(self, input_size, hidden_size, output_size, lr=0.1):
        self.lr = lr
        self.W1 = np.random.randn(input_size, hidden_size) * 0.5
        self.b1 = np.zeros((1, hidden_size))
        self.W2 = np.random.randn(hidden_size, output_size) * 0.5
        self.b2 = np.zeros((1, output_size))

    def sigmoid(self, x):
        return 1 / (1 + np.exp(-x))

    def sigmoid_deriv(self, x):
        return x * (1 - x)

    def forward(self, X):
        self.z1 = X @ self.W1 + self.b1
        self.a1 = self.sigmoid(self.z1)
        self.z2 = self.a1 @ self.W2 + self.b2
        self.a2 = self.sigmoid(self.z2)
        return self.a2

    def backward(self, X, y, output):
        m = X.shape[0]
        self.dz2 = output - y.reshape(-1, 1)
        self.dW2 = (1 / m) * self.a1.T @ self.dz2
        self.db2 = (1 / m) * np.sum(self.dz2, axis=0, keepdims=True)
        self.da1 = self.dz2 @ self.W2.T
        self.dz1 = self.da1 * self.sigmoid_deriv(self.a1)
        self.dW1 = (1 / m) * X.T @ self.dz1
        self.db1 = (1 / m) * np.sum(self.dz1, axis=0, keepdims=True)

    def update(self):
        self.W1 -= self.lr * self.dW1
        self.b1 -= self.lr * self.db1
        self.W2 -= self.lr * self.dW2
        self.b2 -= self.lr * self.db2

    def fit(self, X, y, epochs=1000):
        for i in range(epochs):
            output = self.forward(X)
            self.backward(X, y, output)
            self.update()
            if i % 200 == 0:
                # (The seed's printed loss broadcasts a 4×1 output against a
                # length-4 y into a 4×4 array, so it is not the MSE of the
                # outputs; it is printed only and never feeds back.)
                loss = np.mean((output - y) ** 2)
                print(f"epoch {i}, loss: {loss:.6f}")


# ---------------------------------------------------------------------------
# Recording.
# ---------------------------------------------------------------------------


class RecordingPerceptron(Perceptron):
    """The seed's `fit`, line for line, plus a record of every update."""

    def fit(self, X, y):
        self.updates = []
        self.epoch_errors = []
        n_samples, n_features = X.shape
        self.weights = np.zeros(n_features)
        self.bias = 0
        for epoch in range(self.epochs):
            errors = 0
            for idx, x_i in enumerate(X):
                linear = np.dot(x_i, self.weights) + self.bias
                y_pred = self.activation(linear)
                update = self.lr * (y[idx] - y_pred)
                self.weights += update * x_i
                self.bias += update
                errors += int(y[idx] != y_pred)
                self.updates.append(
                    {
                        "epoch": epoch,
                        "sample": idx,
                        "prediction": int(y_pred),
                        "weights": numbers(self.weights),
                        "bias": number(self.bias),
                        "weights_hex": hexes(self.weights),
                        "bias_hex": float(self.bias).hex(),
                    }
                )
            self.epoch_errors.append(errors)


def number(x):
    return float(x)


def numbers(array):
    return [float(v) for v in np.asarray(array).ravel()]


def hexes(array):
    return [float(v).hex() for v in np.asarray(array).ravel()]


def matrix(array):
    """A matrix as nested rows of decimals, with the exact hex form beside it."""
    array = np.asarray(array, dtype=np.float64)
    return {
        "values": [[float(v) for v in row] for row in array],
        "hex": [[float(v).hex() for v in row] for row in array],
    }


def parameters(mlp):
    # b1 and b2 are 1 × n arrays in the seed, as nntrace's biases are 1 × n in traces.
    return {"W1": matrix(mlp.W1), "b1": matrix(mlp.b1), "W2": matrix(mlp.W2), "b2": matrix(mlp.b2)}


# ---------------------------------------------------------------------------
# Fixtures.
# ---------------------------------------------------------------------------


def perceptron_and():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    y = np.array([0, 0, 0, 1])
    recorded = RecordingPerceptron(lr=0.01, epochs=15)
    recorded.fit(X, y)
    verbatim = Perceptron(lr=0.01, epochs=15)
    verbatim.fit(X, y)
    assert np.array_equal(recorded.weights, verbatim.weights) and recorded.bias == verbatim.bias
    first_error_free = next(e for e, n in enumerate(recorded.epoch_errors) if n == 0)
    return {
        "description": "The seed's Perceptron(lr=0.01, epochs=15) on AND: weights and bias after every update.",
        "generated_by": "tools/make_seed_fixtures.py",
        "lr": 0.01,
        "epochs": 15,
        "inputs": X.tolist(),
        "targets": y.tolist(),
        "updates": recorded.updates,
        "epoch_errors": recorded.epoch_errors,
        "first_error_free_epoch": first_error_free,
        "predictions": [int(v) for v in verbatim.predict(X)],
    }


MLP_NUMPY_SEED = 7
MLP_HIDDEN = 4
MLP_LR = 0.1
MLP_EPOCHS = 1000


def mlp_xor():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0.0, 1.0, 1.0, 0.0])

    np.random.seed(MLP_NUMPY_SEED)
    mlp = MLP(2, MLP_HIDDEN, 1, lr=MLP_LR)
    initial = parameters(mlp)

    # One epoch on a copy, for a first-step comparison.
    np.random.seed(MLP_NUMPY_SEED)
    one = MLP(2, MLP_HIDDEN, 1, lr=MLP_LR)
    one.fit(X, y, epochs=1)
    after_first = parameters(one)

    mlp.fit(X, y, epochs=MLP_EPOCHS)
    final = parameters(mlp)
    return {
        "description": (
            "The seed's MLP (sigmoid hidden, sigmoid output, dz2 = a2 - y, full-batch gradient descent) on XOR, "
            "initial weights from np.random.seed(%d)." % MLP_NUMPY_SEED
        ),
        "generated_by": "tools/make_seed_fixtures.py",
        "numpy_seed": MLP_NUMPY_SEED,
        "hidden_size": MLP_HIDDEN,
        "lr": MLP_LR,
        "epochs": MLP_EPOCHS,
        "inputs": X.tolist(),
        "targets": y.tolist(),
        "initial": initial,
        "after_first_epoch": after_first,
        "final": final,
        "final_outputs": matrix(mlp.forward(X)),
    }


def write(name, content):
    here = os.path.dirname(os.path.abspath(__file__))
    folder = os.path.join(here, os.pardir, "Tests", "NeuralEngineTests", "Fixtures")
    os.makedirs(folder, exist_ok=True)
    path = os.path.normpath(os.path.join(folder, name))
    with open(path, "w", encoding="utf-8") as f:
        json.dump(content, f, indent=1)
        f.write("\n")
    print("wrote", path)


if __name__ == "__main__":
    write("perceptron_and.json", perceptron_and())
    write("mlp_xor.json", mlp_xor())
