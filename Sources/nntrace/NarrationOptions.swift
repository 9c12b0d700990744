import ArgumentParser
import Reports

/// The options `run` and `replay` share: filters, detail, stepping and colour.
struct NarrationOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Tell the steps of this epoch in full (0-based).", valueName: "n"))
  var epoch: Int?

  @Option(
    name: .customLong("step"),
    help: ArgumentHelp(
      "With a number: tell that step in full (0-based). Alone: step through the narration, waiting for a key after each step (only when standard input is a terminal): Enter next, b back, a number to jump, c continue, q quit.",
      valueName: "n"))
  var stepNumber: Int?

  @Option(help: ArgumentHelp("Only the lines of this data row (0-based).", valueName: "n"))
  var sample: Int?

  @Option(help: ArgumentHelp("Only the lines of this layer (0 for the inputs).", valueName: "n"))
  var layer: Int?

  @Option(
    name: .customLong("kind"),
    help: ArgumentHelp(
      "Only lines of these kinds (repeatable): x, y, z, a, loss, error, delta, grad_w, grad_b, w, b, dw, db, velocity_w, s_w, m_w, v_w (and their _b).",
      valueName: "kind"))
  var kinds: [String] = []

  @Flag(help: "Tell every step in full (by default: a short run's every step, a long run's first).")
  var all = false

  @Flag(help: "Tell every data row, unit and weight of a step (by default: 4 of each).")
  var full = false

  @Flag(name: .customLong("interactive"), help: .hidden)
  var interactive = false

  @Flag(help: "No colours (also when NO_COLOR is set or output is not a terminal).")
  var noColor = false

  func validate() throws {
    for (name, value) in [("--epoch", epoch), ("--step", stepNumber), ("--sample", sample), ("--layer", layer)] {
      if let value, value < 0 { throw ValidationError("\(name): expected 0 or more, found \(value)") }
    }
    for kind in kinds where !NarrationFilter.knownKinds.contains(kind) {
      throw ValidationError(
        "--kind: unknown kind '\(kind)'; expected one of \(NarrationFilter.knownKinds.joined(separator: ", "))")
    }
  }

  /// The filter these options describe.
  var filter: NarrationFilter {
    NarrationFilter(
      epoch: epoch, step: stepNumber, sample: sample, layer: layer, kinds: kinds.isEmpty ? nil : Set(kinds))
  }

  /// The limits these options describe.
  var limits: NarrationLimits { full ? .full : .brief }
}
