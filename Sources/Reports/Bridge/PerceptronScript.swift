/// A recorded perceptron run as the seed's own NumPy `Perceptron` class, with the run's data,
/// initial weights, learning rate and epochs, checking its first steps against the trace.
struct PerceptronScript {
  let snapshot: RunSnapshot

  var text: String {
    let s = snapshot
    let layer = s.initial.first ?? RunSnapshot.Layer(w: [], b: [0])
    var lines = [
      s.header,
      "# The seed's Perceptron class, with this run's data, initial weights, learning rate and epochs.",
      "# Run it with: python3 this_file.py",
      "import json",
      "import os",
      "import sys",
      "",
      "import numpy as np",
      "",
      "# The training rows and their targets (0 or 1).",
      "X = np.array(\(PythonLiteral.rows(s.inputs, indent: "")))",
      "y = np.array(\(PythonLiteral.list(s.targets.map { $0.first ?? 0 })))",
      "# The initial weights and bias (the seed starts from zeros: np.zeros(n_features) and 0).",
      "WEIGHTS = np.array(\(PythonLiteral.list(layer.w.map { $0.first ?? 0 })))",
      "BIAS = \(PythonLiteral.number(layer.b.first ?? 0))",
      "",
    ]
    lines.append(contentsOf: SelfCheck.lines(s.expected, tolerance: 1e-9, quantities: ["a", "w", "b"]))
    lines.append(contentsOf: [
      "",
      "",
      "class Perceptron:",
      "    def __init__(self, lr=0.01, epochs=15):",
      "        self.lr = lr",
      "        self.epochs = epochs",
      "        self.weights = None",
      "        self.bias = None",
      "",
      "    def activation(self, z):",
      "        return 1 if z >= 0 else 0",
      "",
      "    def fit(self, X, y, max_steps):",
      "        self.weights = WEIGHTS.copy()",
      "        self.bias = BIAS",
      "        step = 0",
      "        for _ in range(self.epochs):",
      "            for idx, x_i in enumerate(X):",
      "                if step == max_steps:",
      "                    return",
      "                # The seed's np.dot(x_i, self.weights) + self.bias, summed in order as nntrace sums it:",
      "                # where z is 0 up to rounding, the order of the additions decides the step.",
      "                linear = sum(float(x) * float(w) for x, w in zip(x_i, self.weights)) + self.bias",
      "                y_pred = self.activation(linear)",
      "                update = self.lr * (y[idx] - y_pred)",
      "                self.weights += update * x_i",
      "                self.bias += update",
      "                if step < CHECK_STEPS:",
      "                    found = {(\"a\", 1, idx, 0, None): y_pred, (\"b\", 1, None, 0, None): self.bias}",
      "                    found.update(table(\"w\", 1, [[w] for w in self.weights.tolist()]))",
      "                    check(step, found)",
      "                step += 1",
      "",
      "    def predict(self, X):",
      "        linear = np.dot(X, self.weights) + self.bias",
      "        return np.array([self.activation(z) for z in linear])",
      "",
      "",
      "# NNTRACE_STEPS=n stops after n updates (one per sample), to compare with the trace step by step.",
      "max_steps = int(os.environ.get(\"NNTRACE_STEPS\", \"0\")) or -1",
      "model = Perceptron(lr=\(PythonLiteral.number(s.optimizer.lr)), epochs=\(s.epochs))",
      "model.fit(X, y, max_steps)",
      "print(f\"predictions: {model.predict(X).tolist()}, targets: {y.tolist()}\")",
    ])
    lines.append(contentsOf: SelfCheck.summary)
    lines.append("# The weights after training, in nntrace's layout (w[j][0] from input j), as JSON.")
    lines.append("if os.environ.get(\"NNTRACE_JSON\"):")
    lines.append("    print(json.dumps([{\"w\": [[w] for w in model.weights.tolist()], \"b\": [model.bias]}]))")
    return lines.joined(separator: "\n") + "\n"
  }
}
