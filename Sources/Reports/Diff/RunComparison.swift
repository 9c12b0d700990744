import TraceStore

/// Two recorded runs side by side: configuration, loss, gradient norms, and where they part.
///
/// The runs are compared value by value when their networks and data have the
/// same shape (the first value, in the order of computation, that differs by
/// more than the tolerance names the step where they part); otherwise by
/// their batch losses step by step. Like is compared with like: losses of
/// different kinds (bce and mse) are shown side by side, never subtracted,
/// and are left out of where the runs part.
public struct RunComparison: Sendable {
  /// The first run.
  public let first: TraceReader
  /// The second run.
  public let second: TraceReader
  /// Values closer than this are the same.
  public var tolerance: Double

  /// Runs of more values than this are compared by their losses only.
  public static let valueLimit = 5_000_000

  /// A comparison.
  public init(_ first: TraceReader, _ second: TraceReader, tolerance: Double) {
    self.first = first
    self.second = second
    self.tolerance = tolerance
  }

  /// Where two runs first differ.
  public struct Parting: Sendable, Equatable {
    /// The step.
    public var step: Int
    /// What differs, in words.
    public var what: String
  }

  /// The comparison as text.
  ///
  /// - Throws: the store's errors.
  public func render(style: TextStyle) throws -> String {
    let a = first.run
    let b = second.run
    var out = style.bold("Run \(a.id) vs run \(b.id)") + "\n"
    out += "  run \(a.id): \(a.title) · lesson \(a.lesson) · \(a.status) · \(NumberFormat.count(a.steps, "step"))\n"
    out += "  run \(b.id): \(b.title) · lesson \(b.lesson) · \(b.status) · \(NumberFormat.count(b.steps, "step"))\n"

    out += "\n" + style.bold("Configuration") + "\n"
    let differences = configurationDifferences()
    if differences.isEmpty {
      out += "  The same configuration.\n"
    } else {
      out +=
        NarrationTable(
          caption: "", header: ["key", "run \(a.id)", "run \(b.id)"],
          rows: differences.map { [$0.key, $0.first, $0.second] }
        ).lines().map { "  " + $0 }.joined(separator: "\n") + "\n"
    }

    let statsA = try first.statistics()
    let statsB = try second.statistics()
    let common = min(statsA.steps, statsB.steps)
    out += "\n" + style.bold(first.configuration.isPerceptron ? "Mistakes by epoch" : "Loss at matching steps") + "\n"
    if common == 0 {
      out += "  No step was recorded in both runs.\n"
    } else if first.configuration.isPerceptron && second.configuration.isPerceptron {
      let epochs = min(statsA.epochs.count, statsB.epochs.count)
      let rows = Self.sampleIndices(count: epochs).map { e in
        ["\(e)", "\(statsA.epochs[e].mistakes)", "\(statsB.epochs[e].mistakes)"]
      }
      out += table(["epoch", "run \(a.id)", "run \(b.id)"], rows)
    } else if sameLossKind {
      let rows = Self.sampleIndices(count: common).map { s -> [String] in
        let la = statsA.stepLosses[s]
        let lb = statsB.stepLosses[s]
        return ["\(s)", NumberFormat.value(la), NumberFormat.value(lb), NumberFormat.value(lb - la)]
      }
      out += table(["step", "run \(a.id)", "run \(b.id)", "difference"], rows)
    } else {
      let rows = Self.sampleIndices(count: common).map { s -> [String] in
        ["\(s)", NumberFormat.value(statsA.stepLosses[s]), NumberFormat.value(statsB.stepLosses[s])]
      }
      out += table(["step", "run \(a.id) (\(lossName(first)))", "run \(b.id) (\(lossName(second)))"], rows)
      out += "  \(lossKindNote): they are shown side by side, not subtracted.\n"
    }

    if statsA.hasGradients && statsB.hasGradients && first.configuration.depth == second.configuration.depth {
      out += "\n" + style.bold("Weight gradient of each layer, ‖∂L/∂W⁽ˡ⁾‖ per step") + "\n"
      for l in 1...first.configuration.depth {
        let ga = statsA.gradientNorms(layer: l)
        let gb = statsB.gradientNorms(layer: l)
        out += "  layer \(l)  run \(a.id) " + style.paint(Sparkline.render(ga, width: 30), .gradient)
        out += " \(NumberFormat.value(ga.last(where: \.isFinite) ?? .nan))\n"
        out += "           run \(b.id) " + style.paint(Sparkline.render(gb, width: 30), .gradient)
        out += " \(NumberFormat.value(gb.last(where: \.isFinite) ?? .nan))\n"
      }
      out += "  " + style.dim(RunStatistics.weightGradientNormDefinition) + "\n"
    }

    out += "\n" + style.bold("Where they part (tolerance \(NumberFormat.setting(tolerance)))") + "\n"
    if !sameLossKind && !first.configuration.isPerceptron {
      out += "  \(lossKindNote), so the losses are left out here.\n"
    }
    if let parting = try parting(statsA, statsB) {
      out += "  They first differ at step \(parting.step): \(parting.what).\n"
    } else if statsA.steps != statsB.steps {
      out +=
        "  They agree at every step both recorded (0–\(common - 1)); run \(statsA.steps > statsB.steps ? a.id : b.id) goes on longer.\n"
    } else {
      out += "  They agree, value for value, at every step.\n"
    }
    return out
  }

  /// Whether the runs' losses are of the same kind, so that their values can be compared.
  public var sameLossKind: Bool {
    first.configuration.loss?.name == second.configuration.loss?.name
  }

  func lossName(_ reader: TraceReader) -> String { reader.configuration.loss?.name ?? "no loss" }

  var lossKindNote: String {
    "The runs' losses are not the same kind (run \(first.run.id): \(lossName(first)), run \(second.run.id): \(lossName(second)))"
  }

  func table(_ header: [String], _ rows: [[String]]) -> String {
    NarrationTable(caption: "", header: header, rows: rows).lines().map { "  " + $0 }.joined(separator: "\n") + "\n"
  }

  /// About a dozen indices from 0 to `count − 1`, the first and last included.
  static func sampleIndices(count: Int) -> [Int] {
    guard count > 12 else { return Array(0..<count) }
    let interval = StepSelection.interval(epochs: count * 10 / 12)
    var indices = Array(stride(from: 0, to: count, by: max(1, interval)))
    if indices.last != count - 1 { indices.append(count - 1) }
    return indices
  }

  /// The configuration keys whose values differ, in key order.
  public func configurationDifferences() -> [(key: String, first: String, second: String)] {
    // Both configurations were read from these texts when the readers were made.
    func leaves(_ reader: TraceReader) -> [String: JSONValue] {
      let json = (try? JSONValue.parse(reader.run.config)) ?? .object([:])
      return Dictionary(json.leaves().map { ($0.path, $0.value) }) { x, _ in x }
    }
    let (a, b) = (leaves(first), leaves(second))
    return Set(a.keys).union(b.keys).sorted().compactMap { key in
      let va = a[key]
      let vb = b[key]
      guard va != vb else { return nil }
      return (key, va?.summary ?? "—", vb?.summary ?? "—")
    }
  }

  /// The first step where the runs differ by more than the tolerance, and what differs.
  public func parting(_ statsA: RunStatistics, _ statsB: RunStatistics) throws -> Parting? {
    let sameShape =
      first.configuration.layers == second.configuration.layers
      && first.configuration.inputs.count == second.configuration.inputs.count
      && first.configuration.batchSize == second.configuration.batchSize
      && first.hasTrace && second.hasTrace && first.run.values <= Self.valueLimit
    if sameShape, let parting = try partingByValue() { return parting }
    guard sameLossKind else { return nil }
    let common = min(statsA.steps, statsB.steps)
    for s in 0..<common {
      let la = statsA.stepLosses[s]
      let lb = statsB.stepLosses[s]
      if differ(la, lb) {
        return Parting(step: s, what: "the batch loss is \(NumberFormat.value(la)) against \(NumberFormat.value(lb))")
      }
    }
    return nil
  }

  func differ(_ x: Double, _ y: Double) -> Bool {
    if x.isNaN || y.isNaN { return x.isNaN != y.isNaN }
    if x == y { return false }
    return !(abs(x - y) <= tolerance)
  }

  /// Compares every value in the order of computation.
  func partingByValue() throws -> Parting? {
    var rows: [TraceRow] = []
    try first.database.forEachTraceRow(run: first.run.id) { rows.append($0) }
    var k = 0
    var found: Parting?
    struct Stop: Error {}
    do {
      try second.database.forEachTraceRow(run: second.run.id) { row in
        guard k < rows.count else { throw Stop() }
        let other = rows[k]
        k += 1
        guard other.step == row.step, other.kind == row.kind, other.phase == row.phase, other.layer == row.layer,
          other.sample == row.sample, other.i == row.i, other.j == row.j
        else {
          found = Parting(step: min(other.step, row.step), what: "the runs record different values from here on")
          throw Stop()
        }
        if differ(other.value, row.value) && (sameLossKind || row.kind != "loss") {
          found = Parting(
            step: row.step,
            what:
              "\(Self.describe(row)) is \(NumberFormat.value(other.value)) against \(NumberFormat.value(row.value))")
          throw Stop()
        }
      }
    } catch is Stop {}
    return found
  }

  /// What a trace kind is, in words.
  static let kindNames: [String: String] = [
    "x": "input x", "y": "target y", "z": "weighted sum z", "a": "activation a", "error": "error e", "delta": "δ",
    "grad_w": "gradient ∂L/∂w", "grad_b": "gradient ∂L/∂b", "dw": "weight change Δw", "db": "bias change Δb",
  ]

  /// `the weighted sum z of data row 2, layer 1, unit 1 (trace i 0)`, `the loss of data row 0`, `the initial weight w, …`.
  public static func describe(_ row: TraceRow) -> String {
    var text: String
    switch (row.kind, row.phase) {
    case ("w", "init"): text = "the initial weight w"
    case ("b", "init"): text = "the initial bias b"
    case ("w", _): text = "the weight w after the update"
    case ("b", _): text = "the bias b after the update"
    case ("loss", _): text = row.sample == nil ? "the batch loss" : "the loss"
    default: text = "the " + (kindNames[row.kind] ?? "\(row.phase) \(row.kind)")
    }
    if let sample = row.sample { text += " of data row \(sample)" }
    if let layer = row.layer { text += ", layer \(layer)" }
    if let i = row.i {
      text +=
        row.j.map { ", from unit \($0 + 1) to unit \(i + 1) (trace j \($0), i \(i))" }
        ?? ", unit \(i + 1) (trace i \(i))"
    }
    return text
  }
}
