/// A recorded run as a Keras 3 program, written the way the seed writes its `Sequential`, that
/// runs on any backend (JAX, TensorFlow, PyTorch) in double precision with nntrace's arithmetic.
///
/// float64 is not enough on its own: Keras 3.15's type promotion (`keras.backend.result_type`) turns
/// float64 into float32 on every backend but TensorFlow, and the ops that go through it compute in
/// single precision there, whatever the inputs. Measured on 3.15.1: `ops.mean` and `ops.tanh` on JAX;
/// `ops.mean`, `ops.matmul` (so every `Dense` layer), `ops.maximum` and `ops.divide_no_nan` (Keras's
/// own batch average of a loss) on torch. The script avoids each of them with ops that keep float64
/// on all three backends (`ops.einsum`, `ops.sum` divided by a count, `ops.where`, `ops.sigmoid`).
struct KerasScript {
  let snapshot: RunSnapshot

  /// Whether the output activation is folded into the loss (bce after sigmoid, cross-entropy after softmax).
  var fromLogits: Bool {
    let output = snapshot.activations.last?.name
    return (snapshot.loss == "bce" && output == "sigmoid") || (snapshot.loss == "cross_entropy" && output == "softmax")
  }

  var text: String {
    let s = snapshot
    let count = s.layers.count - 1
    var lines = [
      s.header,
      "# The same network in Keras 3: layer sizes, activations, loss, nntrace's optimizer, the run's exact",
      "# initial weights and training rows. It runs on any backend: KERAS_BACKEND=jax (or tensorflow, or torch)",
      "# python3 this_file.py",
      "import json",
      "import os",
      "import sys",
      "",
      "# nntrace computes in double precision. JAX computes in single unless this is set before it is imported.",
      "os.environ[\"JAX_ENABLE_X64\"] = \"1\"",
      "",
      "import keras",
      "import numpy as np",
      "from keras import ops",
      "",
      "# Every layer, weight and computation in float64 (Keras's default is float32).",
      "keras.config.set_floatx(\"float64\")",
      "# That is not quite enough: Keras 3.15's type promotion turns float64 into float32 on every backend but",
      "# TensorFlow, and the ops that use it compute in float32 there (ops.mean and ops.tanh on JAX; ops.mean,",
      "# ops.matmul, ops.maximum and ops.divide_no_nan on torch). This script writes each with ops that keep float64.",
      "",
      "# The training rows as nntrace saw them (after any standardisation and hold-out).",
      "X = np.array(\(PythonLiteral.rows(s.inputs, indent: "")))",
      "Y = np.array(\(PythonLiteral.rows(s.targets, indent: "")))",
      "",
      "",
      "class Dense(keras.layers.Dense):",
      "    \"\"\"keras.layers.Dense with z = a·W + b written with ops.einsum: Keras 3.15's ops.matmul, which Dense",
      "    uses, computes in float32 on the torch backend even for float64 inputs; ops.einsum keeps float64.\"\"\"",
      "",
      "    def call(self, inputs, training=None):",
      "        z = ops.einsum(\"nj,ji->ni\", inputs, self.kernel) + self.bias",
      "        return self.activation(z)",
      "",
      "",
    ]
    if s.activations.contains(where: { $0.name == "tanh" }) {
      lines.append(
        "# tanh is written 2σ(2z) − 1: Keras 3.15's ops.tanh computes in float32 on JAX; ops.sigmoid keeps float64.")
    }
    lines += [
      "model = keras.Sequential([",
      "    keras.Input(shape=(\(s.layers[0]),)),",
    ]
    for l in 1...count {
      let activation = l == count && fromLogits ? nil : Self.activation(s.activations[l - 1])
      lines.append("    Dense(\(s.layers[l])\(activation.map { ", activation=\($0)" } ?? "")),")
    }
    lines.append("])")
    if fromLogits {
      lines.append(
        "# The last layer gives z; its \(s.activations[count - 1].name) is applied by the loss, computed from z (below)."
      )
      lines.append("OUTPUT = keras.activations.\(s.activations[count - 1].name)")
    } else {
      lines.append("OUTPUT = keras.activations.linear  # the last layer applies its own activation")
    }
    lines.append("# A Keras Dense kernel is n_in × n_out, the same layout as nntrace's w[j][i] (from unit j")
    lines.append("# below to unit i): no transpose is needed, unlike PyTorch.")
    for (l, layer) in s.initial.enumerated() {
      lines.append(
        "model.layers[\(l)].set_weights([np.array(\(PythonLiteral.rows(layer.w, indent: ""))), np.array(\(PythonLiteral.list(layer.b)))])"
      )
    }
    lines.append("")
    lines.append(contentsOf: lossLines)
    lines.append("")
    lines.append("")
    lines.append(contentsOf: [
      "def batch_loss(y, a):",
      "    \"\"\"The batch's loss, the mean of loss_fn over its rows, written as a sum divided by their number:",
      "    Keras 3.15's ops.mean computes in float32 on JAX and torch, and so does ops.divide_no_nan, with which",
      "    Keras would average loss_fn itself, on torch. A loss that is already a scalar Keras leaves as it is.\"\"\"",
      "    per_row = loss_fn(y, a)",
      "    return ops.sum(per_row) / ops.cast(ops.shape(per_row)[0], per_row.dtype)",
      "",
      "",
    ])
    lines.append(contentsOf: KerasOptimizer.lines(s.optimizer))
    lines.append("")
    lines.append("")
    lines.append("model.compile(optimizer=NNTraceOptimizer(), loss=batch_loss)")
    lines.append("# Every layer's output, to check a at step 0.")
    lines.append("probe = keras.Model(model.inputs, [layer.output for layer in model.layers])")
    lines.append("")
    lines.append(
      contentsOf: SelfCheck.lines(
        s.expected, tolerance: 1e-7, quantities: ["loss", "a", "w", "b"],
        note:
          "δ is not checked here: Keras 3 has no backend-neutral way to ask for ∂L/∂z of a layer (the NumPy and PyTorch scripts check it)."
      ))
    lines.append("")
    lines.append("")
    lines.append(contentsOf: BatchPlan.lines(snapshot: s))
    lines.append("for step, (epoch, rows) in enumerate(BATCHES[:max_steps]):")
    lines.append("    found = {}")
    lines.append("    if step < CHECK_STEPS:")
    lines.append("        outputs = probe(X[rows])")
    lines.append("        outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]")
    lines.append(
      "        found[(\"loss\", None, None, None, None)] = float(ops.convert_to_numpy(batch_loss(ops.convert_to_tensor(Y[rows]), outputs[-1])))"
    )
    lines.append("        if step == 0:")
    lines.append("            for l, a in enumerate(outputs[:-1] + [OUTPUT(outputs[-1])], start=1):")
    lines.append("                found.update(table(\"a\", l, ops.convert_to_numpy(a).tolist(), rows))")
    lines.append("    loss = model.train_on_batch(X[rows], Y[rows])")
    lines.append("    if step < CHECK_STEPS:")
    lines.append("        for l, layer in enumerate(model.layers, start=1):")
    lines.append("            found.update(table(\"w\", l, layer.get_weights()[0].tolist()))")
    lines.append("            found.update(table(\"b\", l, layer.get_weights()[1].tolist()))")
    lines.append("        check(step, found)")
    lines.append("    if \(BatchPlan.printsLoss(snapshot: s)):")
    lines.append("        print(f\"epoch {epoch}, loss: {float(np.ravel(loss)[0]):.6f}\")")
    lines.append("")
    lines.append(contentsOf: SelfCheck.summary)
    lines.append("# The parameters after training, in nntrace's layout, as JSON.")
    lines.append("layers = [{\"w\": layer.get_weights()[0].tolist(), \"b\": layer.get_weights()[1].tolist()}")
    lines.append("          for layer in model.layers]")
    lines.append("if os.environ.get(\"NNTRACE_JSON\"):")
    lines.append("    print(json.dumps(layers))")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The activation argument of a Dense layer. ReLU and leaky ReLU are written with `where`, whose
  /// derivative at z = 0 is nntrace's (0, and the slope); backends differ there.
  static func activation(_ activation: (name: String, slope: Double?)) -> String {
    switch activation.name {
    case "sigmoid", "softmax", "linear":
      return "\"\(activation.name)\""
    case "tanh":
      // 2σ(2z) − 1: Keras 3.15's ops.tanh returns float32 on JAX even for float64 input.
      return "lambda z: 2 * ops.sigmoid(2 * z) - 1"
    case "relu":
      return "lambda z: ops.where(z > 0, z, ops.zeros_like(z))"
    case "leaky_relu":
      return "lambda z: ops.where(z > 0, z, \(PythonLiteral.number(activation.slope ?? 0.01)) * z)"
    case "step":
      return "lambda z: ops.cast(z >= 0, z.dtype)"
    default:
      return "\"linear\""
    }
  }

  /// ln x clamped at −100 as nntrace clamps it, written with `where`: Keras 3.15's `ops.maximum`
  /// computes in float32 on torch.
  static let clampedLog = [
    "def clamped_log(x):",
    "    \"\"\"ln x, never below −100. With ops.where: Keras 3.15's ops.maximum computes in float32 on torch.\"\"\"",
    "    log = ops.log(x)",
    "    return ops.where(log > -100.0, log, -100.0)",
    "",
    "",
  ]

  var lossLines: [String] {
    let output = snapshot.activations.last?.name ?? ""
    switch snapshot.loss {
    case "sse":
      return [
        "# sse: ½ Σ (a − y)² per example, averaged over the batch (batch_loss, below).",
        "def loss_fn(y, a):",
        "    return 0.5 * ops.sum(ops.square(a - y), axis=-1)",
      ]
    case "bce" where fromLogits:
      return [
        "# bce from z: Σ [y softplus(−z) + (1 − y) softplus(z)] over the outputs, exact however saturated.",
        "# Keras's binary_crossentropy averages over the outputs (nntrace sums) and clips a to [1e-7, 1 − 1e-7].",
        "def loss_fn(y, z):",
        "    return ops.sum(y * ops.softplus(-z) + (1 - y) * ops.softplus(z), axis=-1)",
      ]
    case "cross_entropy" where fromLogits:
      return [
        "# cross_entropy from z: −Σ y log_softmax(z), exact however large the logits (Keras's",
        "# categorical_crossentropy of probabilities clips them to [1e-7, 1 − 1e-7]).",
        "def loss_fn(y, z):",
        "    return -ops.sum(y * ops.log_softmax(z, axis=-1), axis=-1)",
      ]
    case "bce":
      return Self.clampedLog + [
        "# bce after a \(output) output: nntrace's loss of a, with ln clamped at −100.",
        "def loss_fn(y, a):",
        "    return -ops.sum(y * clamped_log(a) + (1 - y) * clamped_log(1 - a), axis=-1)",
      ]
    case "cross_entropy":
      return Self.clampedLog + [
        "# cross_entropy after a \(output) output: −Σ y ln a with ln clamped at −100, as nntrace computes it.",
        "def loss_fn(y, a):",
        "    return -ops.sum(y * clamped_log(a), axis=-1)",
      ]
    default:
      return [
        "# mse: the mean over outputs of (a − y)², averaged over the batch: Keras's \"mse\", with the mean written",
        "# as a sum divided by the number of outputs (Keras 3.15's ops.mean computes in float32 on JAX and torch).",
        "def loss_fn(y, a):",
        "    return ops.sum(ops.square(a - y), axis=-1) / \(PythonLiteral.number(Double(snapshot.layers.last ?? 1)))",
      ]
    }
  }
}
