import TraceStore

/// One value the trace recorded in a run's first steps, which an exported script checks its own against.
struct ExpectedValue {
  /// 0-based step.
  var step: Int
  /// `loss`, `a`, `delta`, `w` or `b`.
  var quantity: String
  var layer: Int?
  var sample: Int?
  var i: Int?
  var j: Int?
  var value: Double

  /// Steps whose loss and updated parameters are checked.
  static let checkedSteps = 3
  /// Data rows of the first batch whose `a` and `δ` are checked, in batch order.
  static let checkedSamples = 3

  /// The trace's values of the first ``checkedSteps`` steps, as far as they were recorded: each
  /// step's batch loss and parameters after the update, and every layer's `a` and `δ` at step 0
  /// for the first ``checkedSamples`` rows of the batch (the perceptron: `a`, its ŷ, at every checked step).
  static func read(database: TraceDatabase, run: RunSummary, layers: [Int], batch: Int, model: RunSnapshot.Model)
    throws -> [ExpectedValue]
  {
    var found: [ExpectedValue] = []
    let last = layers.count - 1
    for step in 0..<Swift.min(checkedSteps, run.steps) {
      var samples: [Int] = []
      try database.forEachTraceRow(
        run: run.id, filter: TraceFilter(step: step, kinds: ["loss", "a", "delta", "w", "b"])
      ) { row in
        guard row.value.isFinite else { return }
        let value = ExpectedValue(
          step: step, quantity: row.kind, layer: row.layer, sample: row.sample, i: row.i, j: row.j, value: row.value)
        switch row.kind {
        case "loss" where row.sample == nil && row.phase == "loss" && model == .mlp:
          found.append(value)
        case "a", "delta":
          guard step == 0 || model == .perceptron, let layer = row.layer, (1...last).contains(layer),
            let i = row.i, i >= 0, i < layers[layer], let sample = row.sample
          else { return }
          if !samples.contains(sample) && samples.count < checkedSamples { samples.append(sample) }
          if samples.contains(sample) { found.append(value) }
        case "w", "b":
          guard row.phase == "update", let layer = row.layer, (1...last).contains(layer), let i = row.i,
            i < layers[layer],
            row.j.map({ $0 < layers[layer - 1] }) ?? (row.kind == "b")
          else { return }
          found.append(value)
        default:
          return
        }
      }
    }
    return found
  }
}

/// The Python every exported script shares to compare its values with the trace's.
enum SelfCheck {
  /// `EXPECTED`, `TOLERANCE` and the `table` and `check` functions; `quantities` limits the
  /// expected values to those the script can compute.
  static func lines(_ expected: [ExpectedValue], tolerance: Double, quantities: Set<String>, note: String? = nil)
    -> [String]
  {
    var lines = [
      "# The self-check: the trace's own values of the first steps, compared with this script's as it runs.",
      "# Each is (step, quantity, layer, sample, i, j, value), indexed as in the trace (layer 0 is the input,",
      "# units i and j count from 0, sample is the data row). The script stops at the first value that differs by",
      "# more than TOLERANCE × max(1, |value|) and names it.",
    ]
    if let note { lines.append("# \(note)") }
    lines.append("TOLERANCE = \(PythonLiteral.number(tolerance))")
    lines.append("EXPECTED = [")
    for e in expected where quantities.contains(e.quantity) {
      let fields = [e.layer, e.sample, e.i, e.j].map { $0.map(String.init) ?? "None" }.joined(separator: ", ")
      lines.append("    (\(e.step), \(PythonLiteral.string(e.quantity)), \(fields), \(PythonLiteral.number(e.value))),")
    }
    lines.append("]")
    lines.append("CHECK_STEPS = 1 + max((e[0] for e in EXPECTED), default=-1)")
    lines.append("checked = 0")
    lines.append("")
    lines.append("")
    lines.append("def table(quantity, layer, values, rows=None):")
    lines.append(
      "    \"\"\"This script's values keyed as the trace's: a batch's rows (data rows `rows`), w[j][i], or b[i].\"\"\"")
    lines.append("    if rows is not None:")
    lines.append(
      "        return {(quantity, layer, rows[p], i, None): v for p, row in enumerate(values) for i, v in enumerate(row)}"
    )
    lines.append("    if values and isinstance(values[0], list):")
    lines.append(
      "        return {(quantity, layer, None, i, j): v for j, row in enumerate(values) for i, v in enumerate(row)}")
    lines.append("    return {(quantity, layer, None, i, None): v for i, v in enumerate(values)}")
    lines.append("")
    lines.append("")
    lines.append("def check(step, found):")
    lines.append(
      "    \"\"\"Compares this script's values of `step` with the trace's; stops at the first that differs.\"\"\"")
    lines.append("    global checked")
    lines.append("    for s, quantity, layer, sample, i, j, expected in EXPECTED:")
    lines.append("        key = (quantity, layer, sample, i, j)")
    lines.append("        if s != step or key not in found:")
    lines.append("            continue")
    lines.append("        value = float(found[key])")
    lines.append("        checked += 1")
    lines.append("        if not abs(value - expected) <= TOLERANCE * max(1.0, abs(expected)):")
    lines.append(
      "            where = \", \".join(f\"{name} {v}\" for name, v in ((\"layer\", layer), (\"sample\", sample), (\"i\", i), (\"j\", j)) if v is not None)"
    )
    lines.append("            sys.exit(f\"self-check: step {step}, {quantity}\" + (f\" ({where})\" if where else \"\")")
    lines.append("                     + f\": this script computes {value!r}, the trace recorded {expected!r}\"")
    lines.append(
      "                     + f\" (difference {abs(value - expected):.3g}, tolerance {TOLERANCE:g} × max(1, |value|))\")"
    )
    return lines
  }

  /// The lines that end a script: how many values agreed.
  static let summary = [
    "if EXPECTED:",
    "    print(f\"self-check: {checked} of the trace's {len(EXPECTED)} values agree to {TOLERANCE:g}\", file=sys.stderr)",
    "else:",
    "    print(\"self-check: nothing to compare: the trace holds no values of this run's first steps\"",
    "          \" (recorded with --capture none or summary, or thinned past them)\", file=sys.stderr)",
  ]
}
