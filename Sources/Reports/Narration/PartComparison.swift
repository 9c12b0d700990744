import TraceStore

/// A lesson's parts side by side, told after the last of them: their loss at the same steps in one table
/// and, where the depth of the networks or the kind of loss is the point, each layer's ‖∂L/∂W⁽ˡ⁾‖ at the
/// first step and at each part's last.
///
/// Every number is read from the trace through ``RunStatistics``, the definitions the narration,
/// replay, export and diff use.
public struct PartComparison {
  /// The parts, in order.
  public let readers: [TraceReader]

  /// A comparison of `readers`.
  public init(_ readers: [TraceReader]) {
    self.readers = readers
  }

  /// Whether `readers` make a comparison: two parts or more, each a trained network that recorded
  /// its steps (not a perceptron's or an activation's), one at least of more than one step.
  public static func applies(to readers: [TraceReader]) -> Bool {
    readers.count >= 2
      && readers.allSatisfy { !$0.configuration.isPerceptron && !$0.configuration.isActivation && $0.hasTrace }
      && readers.contains { $0.run.steps > 1 }
  }

  /// The name of part `k` in a table's header.
  func name(_ k: Int) -> String {
    readers[k].run.part ?? "run \(readers[k].run.id)"
  }

  /// The loss names of the parts, in order.
  var losses: [String] { readers.map { $0.configuration.loss?.name ?? "?" } }

  /// The steps the loss table shows: the steps recorded by any part, thinned to a handful, the first and last kept.
  static func steps(_ statistics: [RunStatistics]) -> [Int] {
    var recorded = Set<Int>()
    for s in statistics {
      for (step, loss) in s.stepLosses.enumerated() where loss.isFinite { recorded.insert(step) }
    }
    let all = recorded.sorted()
    guard all.count > 8 else { return all }
    let interval = StepSelection.interval(epochs: all.count * 2)
    var picked = Swift.stride(from: 0, to: all.count, by: interval).map { all[$0] }
    if picked.last != all.last, let last = all.last { picked.append(last) }
    return picked
  }

  /// The comparison as text, starting with a blank line.
  ///
  /// - Throws: the store's errors.
  public func render(style: TextStyle) throws -> String {
    let statistics = try readers.map { try $0.statistics() }
    var out = "\n" + style.bold("The parts side by side") + "\n"
    let sameLoss = Set(losses).count == 1
    // A part named after its loss (seed-shortcut's bce and mse) needs it said once.
    let named = readers.indices.map { name($0) == losses[$0] ? losses[$0] : "\(name($0)) (\(losses[$0]))" }
    let header = ["step"] + (sameLoss ? readers.indices.map(name) : named)
    let rows = Self.steps(statistics).map { step in
      ["\(step)"] + statistics.map { step < $0.steps ? Self.cell($0.stepLosses[step]) : "—" }
    }
    out += sameLoss ? "  The \(losses[0]) loss of each step's batch:\n" : "  Each part's loss of each step's batch:\n"
    out += table(header, rows)
    if !sameLoss {
      out +=
        "  The losses are not of the same kind (\(named.joined(separator: ", "))): compare how each falls, not one with the other.\n"
    }
    if statistics.contains(where: \.hasGradients),
      !sameLoss || readers.contains(where: { $0.configuration.depth >= 3 })
    {
      out += gradientTables(statistics)
    }
    if rows.contains(where: { $0.contains("—") }) {
      out += "  " + style.dim("— : the part did not record that step, or did not run that long.") + "\n"
    }
    return out
  }

  /// Each layer's ‖∂L/∂W⁽ˡ⁾‖ at step 0 for every part, then at each part's last recorded step.
  func gradientTables(_ statistics: [RunStatistics]) -> String {
    let depth = readers.map(\.configuration.depth).max() ?? 1
    func rows(at steps: [Int?]) -> [[String]] {
      (1...depth).map { l in
        [RunStatistics.weightGradientNorm(layer: l)]
          + statistics.indices.map { k in
            let norms = statistics[k].gradientNorms(layer: l)
            guard let step = steps[k], step < norms.count else { return "—" }
            return Self.cell(norms[step])
          }
      }
    }
    let names = readers.indices.map(name)
    var out = "  Each layer's weight gradient at step 0 (biases excluded):\n"
    out += table(["layer"] + names, rows(at: statistics.map { _ in 0 }))
    let last: [Int?] = statistics.map { s in
      s.gradientNorms(layer: 1).lastIndex(where: \.isFinite).flatMap { $0 > 0 ? $0 : nil }
    }
    // Only the parts that ran more than one step, and the layers they have.
    let later = statistics.indices.filter { last[$0] != nil }
    if !later.isEmpty {
      out += "  And at each part's last recorded step:\n"
      let header = ["layer"] + later.map { k in "\(names[k]) (step \(last[k] ?? 0))" }
      let cells = rows(at: last).map { row in [row[0]] + later.map { row[$0 + 1] } }
      out += table(header, cells.filter { $0.dropFirst().contains { $0 != "—" } })
    }
    return out
  }

  static func cell(_ value: Double) -> String {
    value.isFinite ? NumberFormat.value(value) : "—"
  }

  func table(_ header: [String], _ rows: [[String]]) -> String {
    NarrationTable(caption: "", header: header, rows: rows).lines().map { "    " + $0 }.joined(separator: "\n") + "\n"
  }
}
