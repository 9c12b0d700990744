/// nntrace's optimizer (PyTorch's formulas) as a Keras 3 optimizer, written with `keras.ops` so that
/// it runs on every backend.
///
/// Keras's built-in optimizers do not take nntrace's steps: its Adam adds ε to the uncorrected √v
/// (nntrace and PyTorch add it to √v / √(1 − β₂ᵗ)); its RMSprop puts ε inside the square root;
/// its SGD with momentum keeps v ← β·v − lr·g; and on TensorFlow they cast β through float32.
/// Where gradients are small those differences are not small (one RMSprop step of a weight whose
/// gradient is 0.01 differs by a factor of 9), so the update is written out.
enum KerasOptimizer {
  static func lines(_ o: OptimizerSettings) -> [String] {
    let n = PythonLiteral.number
    var lines = [
      "class NNTraceOptimizer(keras.optimizers.Optimizer):",
      "    \"\"\"nntrace's \(o.name), as nntrace and PyTorch compute it.",
      "",
      "    Keras's own optimizers differ: its Adam adds ε to the uncorrected √v, its RMSprop puts ε inside",
      "    the square root, its momentum keeps v ← β·v − lr·g, and on TensorFlow they cast β through",
      "    float32. Where gradients are small those are not small differences, so the update is written",
      "    out here, every constant converted straight to float64.",
      "    \"\"\"",
      "",
      "    def __init__(self):",
      "        super().__init__(learning_rate=\(n(o.lr)), name=\(PythonLiteral.string("nntrace_" + o.name)))",
      "",
      "    def build(self, variables):",
      "        if self.built:",
      "            return",
      "        super().build(variables)",
      "        self.first = [self.add_variable_from_reference(v, \"first\") for v in variables]",
      "        self.second = [self.add_variable_from_reference(v, \"second\") for v in variables]",
      "",
      "    def update_step(self, g, variable, learning_rate):",
      "        def c(x):",
      "            return ops.convert_to_tensor(x, dtype=variable.dtype)",
      "",
      "        index = self._get_variable_index(variable)",
      "        first, second = self.first[index], self.second[index]",
    ]
    switch o.name {
    case "momentum":
      lines += [
        "        v = c(\(n(o.beta))) * first + g  # v ← β·v + g",
        "        self.assign(first, v)",
        "        self.assign_sub(variable, c(\(n(o.lr))) * v)",
      ]
    case "rmsprop":
      lines += [
        "        s = c(\(n(o.rho))) * second + c(\(n(1 - o.rho))) * g * g  # s ← ρ·s + (1 − ρ)·g²",
        "        self.assign(second, s)",
        "        self.assign_sub(variable, c(\(n(o.lr))) * g / (ops.sqrt(s) + c(\(n(o.eps)))))",
      ]
    case "adam":
      lines += [
        "        t = ops.cast(self.iterations + 1, variable.dtype)",
        "        step_size = c(\(n(o.lr))) / (c(1.0) - ops.power(c(\(n(o.beta1))), t))  # lr / (1 − β₁ᵗ)",
        "        correction2_root = ops.sqrt(c(1.0) - ops.power(c(\(n(o.beta2))), t))  # √(1 − β₂ᵗ)",
        "        m = c(\(n(o.beta1))) * first + c(\(n(1 - o.beta1))) * g",
        "        v = c(\(n(o.beta2))) * second + c(\(n(1 - o.beta2))) * g * g",
        "        self.assign(first, m)",
        "        self.assign(second, v)",
        "        self.assign_sub(variable, step_size * m / (ops.sqrt(v) / correction2_root + c(\(n(o.eps)))))",
      ]
    default:
      lines += ["        self.assign_sub(variable, c(\(n(o.lr))) * g)"]
    }
    return lines
  }
}
