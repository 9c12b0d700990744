/// A recorded run as the seed's from-scratch NumPy `MLP`, generalised to the run's depth,
/// activations, loss and optimizer: `forward`, `backward` and `update` written out, nothing hidden.
struct NumPyScript {
  let snapshot: RunSnapshot

  var text: String {
    let s = snapshot
    let count = s.layers.count - 1
    var lines = [
      s.header,
      "# The seed's from-scratch NumPy MLP, generalised to this run: layers \(s.layers.map(String.init).joined(separator: "-")),",
      "# activations \(s.activations.map(\.name).joined(separator: ", ")), loss \(s.loss), optimizer \(s.optimizer.name); the run's",
      "# exact initial weights and training rows. Run it with: python3 this_file.py",
      "import json",
      "import math",
      "import os",
      "import sys",
      "",
      "import numpy as np",
      "",
      "# The training rows as nntrace saw them (after any standardisation and hold-out).",
      "X = np.array(\(PythonLiteral.rows(s.inputs, indent: "")))",
      "Y = np.array(\(PythonLiteral.rows(s.targets, indent: "")))",
      "# The initial parameters: W is n_in × n_out (w[j][i] from unit j below to unit i) and b is 1 × n_out,",
      "# the seed's layout.",
      "W_INIT = [",
    ]
    for layer in s.initial { lines.append("    np.array(\(PythonLiteral.rows(layer.w, indent: "    "))),") }
    lines.append("]")
    lines.append("B_INIT = [")
    for layer in s.initial { lines.append("    np.array([\(PythonLiteral.list(layer.b))]),") }
    lines.append("]")
    lines.append("")
    lines.append("")
    lines.append(contentsOf: activationLines)
    lines.append("ACTIVATIONS = [\(s.activations.map(Self.call).joined(separator: ", "))]")
    lines.append("DERIVATIVES = [\(s.activations.map(Self.derivative).joined(separator: ", "))]")
    lines.append("")
    lines.append("")
    lines.append(contentsOf: lossLines)
    lines.append("")
    lines.append("")
    lines.append(contentsOf: NumPyOptimizer.lines(s.optimizer))
    lines.append("")
    lines.append("")
    lines.append(contentsOf: Self.mlpClass)
    lines.append("")
    lines.append(
      contentsOf: SelfCheck.lines(s.expected, tolerance: 1e-9, quantities: ["loss", "a", "delta", "w", "b"]))
    lines.append("")
    lines.append("")
    lines.append(contentsOf: BatchPlan.lines(snapshot: s))
    lines.append("model = MLP(W_INIT, B_INIT)")
    lines.append("for step, (epoch, rows) in enumerate(BATCHES[:max_steps]):")
    lines.append("    yb = Y[rows]")
    lines.append("    model.forward(X[rows])")
    lines.append("    loss = np.mean(losses(model.z[-1], model.a[-1], yb))")
    lines.append("    model.backward(yb)")
    lines.append("    found = {(\"loss\", None, None, None, None): loss}")
    lines.append("    if step == 0:")
    lines.append("        for l in range(1, \(count + 1)):")
    lines.append("            found.update(table(\"a\", l, model.a[l].tolist(), rows))")
    lines.append("            found.update(table(\"delta\", l, model.delta[l].tolist(), rows))")
    lines.append("    model.update()")
    lines.append("    if step < CHECK_STEPS:")
    lines.append("        for l in range(1, \(count + 1)):")
    lines.append("            found.update(table(\"w\", l, model.W[l - 1].tolist()))")
    lines.append("            found.update(table(\"b\", l, model.b[l - 1][0].tolist()))")
    lines.append("        check(step, found)")
    lines.append("    if \(BatchPlan.printsLoss(snapshot: s)):")
    lines.append("        print(f\"epoch {epoch}, loss: {loss:.6f}\")")
    lines.append("")
    lines.append(contentsOf: SelfCheck.summary)
    lines.append("# The parameters after training, in nntrace's layout, as JSON.")
    lines.append("if os.environ.get(\"NNTRACE_JSON\"):")
    lines.append("    print(json.dumps([{\"w\": W.tolist(), \"b\": b[0].tolist()} for W, b in zip(model.W, model.b)]))")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The seed's activation functions this run uses, each with its derivative written as `f′(z, a)`.
  var activationLines: [String] {
    let names = Set(snapshot.activations.map(\.name))
    var lines: [String] = []
    let definitions: [(String, [String])] = [
      (
        "sigmoid",
        [
          "def sigmoid(x):", "    return 1 / (1 + np.exp(-x))", "", "", "def sigmoid_deriv(z, a):",
          "    return a * (1 - a)",
        ]
      ),
      ("tanh", ["def tanh(x):", "    return np.tanh(x)", "", "", "def tanh_deriv(z, a):", "    return 1 - a * a"]),
      (
        "relu",
        [
          "def relu(x):", "    return np.maximum(0, x)", "", "", "def relu_deriv(z, a):",
          "    return np.where(z > 0, 1.0, 0.0)",
        ]
      ),
      (
        "leaky_relu",
        [
          "def leaky_relu(x, alpha=0.1):", "    return np.where(x > 0, x, alpha * x)", "", "",
          "def leaky_relu_deriv(z, a, alpha=0.1):", "    return np.where(z > 0, 1.0, alpha)",
        ]
      ),
      (
        "softmax",
        [
          "def softmax(x):", "    ex = np.exp(x - np.max(x, axis=1, keepdims=True))",
          "    return ex / ex.sum(axis=1, keepdims=True)",
        ]
      ),
      ("linear", ["def linear(x):", "    return x", "", "", "def linear_deriv(z, a):", "    return np.ones_like(z)"]),
      (
        "step",
        [
          "def step(x):", "    return np.where(x >= 0, 1.0, 0.0)", "", "", "def step_deriv(z, a):",
          "    return np.zeros_like(z)",
        ]
      ),
    ]
    for (name, body) in definitions where names.contains(name) {
      lines.append(contentsOf: body)
      lines.append("")
      lines.append("")
    }
    return lines
  }

  static func call(_ activation: (name: String, slope: Double?)) -> String {
    activation.name == "leaky_relu"
      ? "lambda x: leaky_relu(x, \(PythonLiteral.number(activation.slope ?? 0.01)))" : activation.name
  }

  /// `None` for softmax, whose backward pass is the product with its Jacobian (in `MLP.through`).
  static func derivative(_ activation: (name: String, slope: Double?)) -> String {
    switch activation.name {
    case "softmax": "None"
    case "leaky_relu": "lambda z, a: leaky_relu_deriv(z, a, \(PythonLiteral.number(activation.slope ?? 0.01)))"
    default: "\(activation.name)_deriv"
    }
  }

  var lossLines: [String] {
    let output = snapshot.activations.last?.name ?? ""
    var lines = ["def losses(z, a, y):", "    \"\"\"Each sample's loss, from the output layer's z and a.\"\"\""]
    switch snapshot.loss {
    case "sse": lines += ["    return 0.5 * np.sum((a - y) ** 2, axis=1)"]
    case "bce" where output == "sigmoid":
      lines += [
        "    # −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = y softplus(−z) + (1 − y) softplus(z), exact however",
        "    # saturated z is (ln of a rounded a would be −∞); a term whose coefficient is 0 counts 0.",
        "    return np.sum(np.where(y != 0, y * np.logaddexp(0, -z), 0) + np.where(y != 1, (1 - y) * np.logaddexp(0, z), 0), axis=1)",
      ]
    case "cross_entropy" where output == "softmax":
      lines += [
        "    # −Σ y ln softmax(z) = Σ y (lse(z) − z) with the log-sum-exp lse, exact however large the logits.",
        "    top = np.max(z, axis=1, keepdims=True)",
        "    lse = top + np.log(np.exp(z - top).sum(axis=1, keepdims=True))",
        "    return np.sum(np.where(y != 0, y * (lse - z), 0), axis=1)",
      ]
    case "bce":
      lines += [
        "    return -np.sum(np.where(y != 0, y * np.maximum(np.log(a), -100), 0) + np.where(y != 1, (1 - y) * np.maximum(np.log(1 - a), -100), 0), axis=1)"
      ]
    case "cross_entropy": lines += ["    return -np.sum(np.where(y != 0, y * np.maximum(np.log(a), -100), 0), axis=1)"]
    default: lines += ["    return np.mean((a - y) ** 2, axis=1)"]
    }
    lines += ["", "", "def output_delta(z, a, y):", "    \"\"\"δ = ∂L/∂z of the output layer, per sample.\"\"\""]
    switch (snapshot.loss, output) {
    case ("bce", "sigmoid"):
      lines += ["    return a - y  # the seed's dz2 = a2 - y: (a − y)/(a(1 − a)) meets σ′ = a(1 − a)"]
    case ("cross_entropy", "softmax"):
      lines += ["    return a * y.sum(axis=1, keepdims=True) - y  # a − y when the targets sum to 1"]
    default:
      let da: String =
        switch snapshot.loss {
        case "sse": "a - y"
        case "bce": "(a - y) / (a * (1 - a))"
        case "cross_entropy": "-y / a"
        default: "2 * (a - y) / y.shape[1]"
        }
      lines += ["    return MLP.through(\(snapshot.activations.count - 1), z, a, \(da))"]
    }
    return lines
  }

  static let mlpClass = [
    "class MLP:",
    "    \"\"\"The seed's MLP with a list of layers instead of W1, W2.\"\"\"",
    "",
    "    def __init__(self, weights, biases):",
    "        self.W = [w.copy() for w in weights]",
    "        self.b = [b.copy() for b in biases]",
    "        self.optimizer = Optimizer(self.W + self.b)",
    "",
    "    def forward(self, X):",
    "        self.z, self.a = [None], [X]",
    "        for l in range(len(self.W)):",
    "            self.z.append(self.a[-1] @ self.W[l] + self.b[l])",
    "            self.a.append(ACTIVATIONS[l](self.z[-1]))",
    "        return self.a[-1]",
    "",
    "    @staticmethod",
    "    def through(l, z, a, da):",
    "        \"\"\"dz = da ⊙ f′(z) for layer l (0-based), or the product with softmax's Jacobian.\"\"\"",
    "        if DERIVATIVES[l] is None:",
    "            return a * (da - (da * a).sum(axis=1, keepdims=True))",
    "        return da * DERIVATIVES[l](z, a)",
    "",
    "    def backward(self, y):",
    "        m = y.shape[0]",
    "        dz = output_delta(self.z[-1], self.a[-1], y)",
    "        self.delta = [None] * (len(self.W) + 1)",
    "        self.dW = [None] * len(self.W)",
    "        self.db = [None] * len(self.W)",
    "        for l in reversed(range(len(self.W))):",
    "            self.delta[l + 1] = dz",
    "            self.dW[l] = self.a[l].T @ dz / m  # the seed's (1/m) * a.T @ dz, divided as nntrace divides",
    "            self.db[l] = np.sum(dz, axis=0, keepdims=True) / m",
    "            if l > 0:",
    "                dz = MLP.through(l - 1, self.z[l], self.a[l], dz @ self.W[l].T)",
    "",
    "    def update(self):",
    "        self.optimizer.step(self.W + self.b, self.dW + self.db)",
    "",
  ]
}

/// nntrace's optimizer (PyTorch's formulas), written out for the NumPy script.
enum NumPyOptimizer {
  static func lines(_ o: OptimizerSettings) -> [String] {
    let n = PythonLiteral.number
    var lines = [
      "class Optimizer:",
      "    \"\"\"nntrace's \(o.name), as PyTorch computes it; updates the parameters in place.\"\"\"",
      "",
      "    def __init__(self, parameters):",
      "        self.t = 0",
      "        self.first = [np.zeros_like(p) for p in parameters]",
      "        self.second = [np.zeros_like(p) for p in parameters]",
      "",
      "    def step(self, parameters, gradients):",
      "        self.t += 1",
    ]
    switch o.name {
    case "momentum":
      lines += [
        "        for p, g, v in zip(parameters, gradients, self.first):",
        "            v[...] = \(n(o.beta)) * v + g  # v ← β·v + g",
        "            p -= \(n(o.lr)) * v",
      ]
    case "rmsprop":
      lines += [
        "        for p, g, s in zip(parameters, gradients, self.second):",
        "            s[...] = \(n(o.rho)) * s + (1 - \(n(o.rho))) * g * g  # s ← ρ·s + (1 − ρ)·g²",
        "            p -= \(n(o.lr)) * g / (np.sqrt(s) + \(n(o.eps)))",
      ]
    case "adam":
      lines += [
        "        step_size = \(n(o.lr)) / (1 - \(n(o.beta1)) ** self.t)  # lr / (1 − β₁ᵗ)",
        "        correction2_root = math.sqrt(1 - \(n(o.beta2)) ** self.t)  # √(1 − β₂ᵗ)",
        "        for p, g, m, v in zip(parameters, gradients, self.first, self.second):",
        "            m[...] = \(n(o.beta1)) * m + (1 - \(n(o.beta1))) * g",
        "            v[...] = \(n(o.beta2)) * v + (1 - \(n(o.beta2))) * g * g",
        "            p -= step_size * m / (np.sqrt(v) / correction2_root + \(n(o.eps)))",
      ]
    default:
      lines += ["        for p, g in zip(parameters, gradients):", "            p -= \(n(o.lr)) * g"]
    }
    return lines
  }
}
