import TraceStore

/// A recorded run as a Keras program, written the way the seed writes its `tf.keras.Sequential`.
struct KerasScript {
  let snapshot: RunSnapshot

  var text: String {
    let s = snapshot
    var lines: [String] = []
    lines.append(
      "# nntrace run \(s.run.id): \(TextSafety.pythonComment(s.run.title)) — lesson \(TextSafety.pythonComment(s.lessonName))"
    )
    lines.append("# The same network in TensorFlow's Keras: layer sizes, activations, loss, optimizer, the")
    lines.append("# run's exact initial weights and training rows. Run it with: python3 this_file.py")
    lines.append("import json")
    lines.append("import os")
    lines.append("")
    lines.append("import numpy as np")
    lines.append("import tensorflow as tf")
    lines.append("")
    lines.append("# nntrace computes in double precision; Keras's default is single.")
    lines.append("tf.keras.backend.set_floatx(\"float64\")")
    lines.append("")
    lines.append("# The training rows as nntrace saw them (after any standardisation and hold-out).")
    lines.append("X = np.array(\(PythonLiteral.rows(s.inputs, indent: "")))")
    lines.append("Y = np.array(\(PythonLiteral.rows(s.targets, indent: "")))")
    lines.append("")
    lines.append("model = tf.keras.Sequential([")
    lines.append("    tf.keras.Input(shape=(\(s.layers[0]),)),")
    for l in 1..<s.layers.count {
      lines.append("    tf.keras.layers.Dense(\(s.layers[l]), activation=\(Self.activation(s.activations[l - 1]))),")
    }
    lines.append("])")
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
    lines.append(contentsOf: optimizerLines)
    lines.append("model.compile(optimizer=optimizer, loss=loss_fn)")
    lines.append("")
    lines.append(contentsOf: BatchPlan.lines(snapshot: s))
    lines.append("")
    lines.append("# NNTRACE_STEPS=n stops after n optimizer steps (to compare with the trace step by step).")
    lines.append("max_steps = int(os.environ.get(\"NNTRACE_STEPS\", \"0\")) or len(BATCHES)")
    lines.append("for step, (epoch, rows) in enumerate(BATCHES[:max_steps]):")
    lines.append("    loss = model.train_on_batch(X[rows], Y[rows])")
    lines.append("    last_of_epoch = step + 1 == len(BATCHES) or BATCHES[step + 1][0] != epoch")
    lines.append("    if last_of_epoch and (epoch % \(Swift.max(1, s.epochs / 10)) == 0 or epoch == EPOCHS - 1):")
    lines.append("        print(f\"epoch {epoch}, loss: {float(loss):.6f}\")")
    lines.append("")
    lines.append("# The parameters after training, in nntrace's layout, as JSON.")
    lines.append("layers = [{\"w\": layer.get_weights()[0].tolist(), \"b\": layer.get_weights()[1].tolist()}")
    lines.append("          for layer in model.layers]")
    lines.append("if os.environ.get(\"NNTRACE_JSON\"):")
    lines.append("    print(json.dumps(layers))")
    return lines.joined(separator: "\n") + "\n"
  }

  static func activation(_ activation: (name: String, slope: Double?)) -> String {
    switch activation.name {
    case "sigmoid", "tanh", "relu", "softmax", "linear":
      return "\"\(activation.name)\""
    case "leaky_relu":
      let slope = PythonLiteral.number(activation.slope ?? 0.01)
      return "lambda z: tf.nn.leaky_relu(z, alpha=\(slope))"
    default:
      return "\"linear\""
    }
  }

  var lossLines: [String] {
    switch snapshot.loss {
    case "sse":
      return [
        "# sse: ½ Σ (a − y)² per example; Keras averages the per-example losses over the batch.",
        "def loss_fn(y, a):",
        "    return 0.5 * tf.reduce_sum(tf.square(a - y), axis=-1)",
      ]
    case "bce":
      return [
        "# bce: nntrace sums over the outputs of an example (Keras's \"binary_crossentropy\" averages",
        "# them, and clips a to [1e-7, 1 − 1e-7]); ln is clamped at −100 as in nntrace and PyTorch.",
        "def loss_fn(y, a):",
        "    log_a = tf.maximum(tf.math.log(a), -100.0)",
        "    log_not_a = tf.maximum(tf.math.log(1.0 - a), -100.0)",
        "    return -tf.reduce_sum(y * log_a + (1.0 - y) * log_not_a, axis=-1)",
      ]
    case "cross_entropy":
      return [
        "# cross_entropy: −Σ y ln a over the softmax outputs (Keras's \"categorical_crossentropy\"",
        "# computes the same, but clips a to [1e-7, 1 − 1e-7]).",
        "def loss_fn(y, a):",
        "    return -tf.reduce_sum(y * tf.maximum(tf.math.log(a), -100.0), axis=-1)",
      ]
    default:
      return [
        "# mse: the mean over outputs of (a − y)², averaged over the batch: Keras's \"mse\".",
        "loss_fn = \"mse\"",
      ]
    }
  }

  var optimizerLines: [String] {
    let o = snapshot.optimizer
    let lr = PythonLiteral.number(o["lr"] as? Double ?? 0.01)
    func value(_ key: String, _ fallback: Double) -> String { PythonLiteral.number(o[key] as? Double ?? fallback) }
    switch o["name"] as? String {
    case "momentum":
      return [
        "# Keras keeps v ← β·v − lr·g and adds it; PyTorch (and nntrace) keep v ← β·v + g and subtract",
        "# lr·v. With a constant learning rate both take the same steps.",
        "optimizer = tf.keras.optimizers.SGD(learning_rate=\(lr), momentum=\(value("beta", 0.9)))",
      ]
    case "rmsprop":
      return [
        "# Keras's RMSprop puts ε in a slightly different place from PyTorch's; with ε = 1e-8 the",
        "# steps differ only where gradients are of that size.",
        "optimizer = tf.keras.optimizers.RMSprop(learning_rate=\(lr), rho=\(value("rho", 0.99)), epsilon=\(value("eps", 1e-8)))",
      ]
    case "adam":
      return [
        "# Keras's default ε is 1e-7; nntrace and PyTorch use 1e-8, set here explicitly.",
        "optimizer = tf.keras.optimizers.Adam(learning_rate=\(lr), beta_1=\(value("beta1", 0.9)), beta_2=\(value("beta2", 0.999)), epsilon=\(value("eps", 1e-8)))",
      ]
    default:
      return ["optimizer = tf.keras.optimizers.SGD(learning_rate=\(lr))"]
    }
  }
}
