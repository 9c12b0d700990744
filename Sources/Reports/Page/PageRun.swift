import TraceStore
import Tracing

/// One run as the explorable page holds it: what it is, its loss and gradient norms at every step,
/// the recorded steps as frames, and for a `--capture summary` run its statistics epoch by epoch.
struct PageRun {
  /// The run's fields other than its frames.
  let fields: [(String, String)]
  /// The run's label: `xor-mlp` or `optimizers/adam`.
  let label: String
  /// The run's id.
  let id: Int64
  /// Steps in all, recorded or not.
  let steps: Int
  /// The steps that may have values to show: every step a loss or gradient was recorded for, and the
  /// last (a step that diverged may have neither); empty for a `--capture summary` or `none` run.
  let candidates: [Int]
  private let reader: TraceReader
  private let narrator: StepNarrator

  /// Data rows of a batch the page tells.
  static let maxRows = 4

  /// Reads run `reader.run`'s description and statistics.
  init(reader: TraceReader) throws {
    let c = reader.configuration
    let run = reader.run
    self.reader = reader
    id = run.id
    label = run.lesson + (run.part.map { "/" + $0 } ?? "")
    let statistics = try reader.statistics()
    steps = statistics.steps
    // Small networks are told in full; wide ones as replay tells them by default.
    let full = (c.layers.max() ?? 0) <= 8
    narrator = StepNarrator(
      configuration: c,
      limits: full ? NarrationLimits.full : NarrationLimits(samples: Self.maxRows, units: 4, inputs: 4))
    if !reader.hasTrace || run.capture != "all" {
      candidates = []
    } else if c.isActivation {
      candidates = [0]
    } else {
      let norms = (1...max(1, c.depth)).map { statistics.gradientNorms(layer: $0) }
      candidates = (0..<statistics.steps).filter { step in
        !statistics.stepLosses[step].isNaN || norms.contains { step < $0.count && !$0[step].isNaN }
          || step == statistics.steps - 1
      }
    }
    let depth = c.depth
    var fields: [(String, String)] = [
      ("id", String(run.id)), ("label", PageText.json(label)), ("title", PageText.json(c.title)),
      ("summary", PageText.json(c.summary)), ("model", PageText.json(c.model)),
      ("layers", PageText.array(c.layers.map(String.init))),
      ("activations", PageText.array((0..<depth).map { PageText.json(c.activation($0 + 1).name) })),
      ("slopes", PageText.array((0..<depth).map { PageText.json(NumberFormat.setting(c.activation($0 + 1).slope)) })),
      ("loss", PageText.json(c.loss?.name)),
      ("optimizer", PageText.json(c.isActivation ? nil : c.optimizerDescription)),
      ("capture", PageText.json(run.capture)), ("status", PageText.json(run.status)),
      ("epochs", String(c.epochs)), ("steps", String(statistics.steps)),
      ("toldInFull", full ? "true" : "false"),
      ("losses", PageText.array(statistics.stepLosses.map { $0.isNaN ? "null" : PageText.value($0) })),
      ("stepEpochs", PageText.array(statistics.stepEpochs.map(String.init))),
      (
        "norms",
        PageText.array(
          (0..<depth).map { l in
            PageText.array(statistics.gradientNorms(layer: l + 1).map { $0.isNaN ? "null" : PageText.value($0) })
          })
      ),
    ]
    if c.layers.first == 2 && !c.isActivation,
      let (points, targets) = try Self.dataRows(reader, epoch: candidates.first.map { statistics.stepEpochs[$0] })
    {
      fields.append(("points", PageText.array(points.map { PageText.array($0.map(PageText.value)) })))
      fields.append(("targets", PageText.array(targets.map { PageText.array($0.map(PageText.value)) })))
    }
    if c.isActivation, c.layers == [1, 1], let trace = try reader.step(0) {
      fields.append(("curve", Self.curve(trace)))
    }
    if run.capture == "summary" {
      fields.append(("epochView", try Self.epochView(reader: reader, statistics: statistics)))
    }
    self.fields = fields
  }

  /// Step `step` as a frame, or `nil` when nothing of it was recorded.
  func frame(_ step: Int) throws -> PageFrame? {
    try reader.step(step).map { PageFrame(trace: $0, narrator: narrator, maxRows: Self.maxRows) }
  }

  /// The run as JSON with `frames` and words on what was left out.
  func json(frames: [PageFrame], thinning: String?) -> String {
    PageText.object(
      fields + [
        ("frames", PageText.array(frames.map(\.json))),
        ("thinning", PageText.json(thinning)),
      ])
  }

  /// The training rows for the decision boundary's points: the lesson's own rows, or, for data read
  /// from a CSV file, the rows recorded in the first recorded epoch (at most 2,000 of them).
  static func dataRows(_ reader: TraceReader, epoch: Int?) throws -> ([[Double]], [[Double]])? {
    let c = reader.configuration
    if !c.inputs.isEmpty {
      return c.inputs.count <= 2000 ? (c.inputs, c.targets) : nil
    }
    guard let epoch else { return nil }
    var rows: [Int: (x: [Double?], y: [Double?])] = [:]
    let filter = TraceFilter(epoch: epoch, kinds: ["x", "y"])
    try reader.database.forEachTraceRow(run: reader.run.id, filter: filter) { row in
      guard let sample = row.sample, let i = row.i, rows.count <= 2000 || rows[sample] != nil else { return }
      var entry =
        rows[sample] ?? (Array(repeating: nil, count: c.units(0)), Array(repeating: nil, count: c.units(c.depth)))
      if row.kind == "x", i < entry.x.count { entry.x[i] = row.value }
      if row.kind == "y", i < entry.y.count { entry.y[i] = row.value }
      rows[sample] = entry
    }
    let complete = rows.keys.sorted().compactMap { sample -> ([Double], [Double])? in
      guard let entry = rows[sample] else { return nil }
      let x = entry.x.compactMap { $0 }
      let y = entry.y.compactMap { $0 }
      return x.count == entry.x.count && y.count == entry.y.count ? (x, y) : nil
    }
    return complete.isEmpty || complete.count > 2000 ? nil : (complete.map(\.0), complete.map(\.1))
  }

  /// An activation lesson's function and derivative at every recorded z, in order of z:
  /// `[[z, f(z), f′(z)], …]`. Only points recorded whole are drawn.
  static func curve(_ trace: StepTrace) -> String {
    let points = trace.samples.compactMap { s -> [Double]? in
      guard let z = trace.value(.z, layer: 1, sample: s, i: 0),
        let a = trace.value(.a, layer: 1, sample: s, i: 0),
        let d = trace.value(.derivative, layer: 1, sample: s, i: 0)
      else { return nil }
      return [z, a, d]
    }
    return PageText.array(points.sorted { $0[0] < $1[0] }.map { PageText.array($0.map(PageText.value)) })
  }

  /// A `--capture summary` run's epochs: the mean loss, any accuracies measured after the epoch, and
  /// each layer's statistics averaged over the epoch's recorded steps (‖W‖ as it ended the epoch).
  static func epochView(reader: TraceReader, statistics: RunStatistics) throws -> String {
    let depth = reader.configuration.depth
    let metricKinds = ["train_loss", "train_accuracy", "test_loss", "test_accuracy"]
    var metrics: [String: [Int: Double]] = [:]
    try reader.database.forEachTraceRow(run: reader.run.id, filter: TraceFilter(kinds: metricKinds)) { row in
      metrics[row.kind, default: [:]][row.epoch] = row.value
    }
    let layerRows = try reader.database.layerStatistics(run: reader.run.id)
    var byEpoch: [Int: [Int: [LayerStatistics]]] = [:]
    for row in layerRows { byEpoch[row.epoch, default: [:]][row.layer, default: []].append(row) }
    func mean(_ values: [Double?]) -> Double? {
      let present = values.compactMap { $0 }
      return present.isEmpty ? nil : present.reduce(0, +) / Double(present.count)
    }
    let kinds = metricKinds.filter { metrics[$0] != nil }
    var columns = ["epoch", "steps recorded", "mean loss"] + kinds.map { $0.replacingOccurrences(of: "_", with: " ") }
    for l in 1...max(1, depth) where depth >= 1 {
      columns += ["‖∂L/∂W⁽\(l)⁾‖ mean", "a⁽\(l)⁾ mean", "a⁽\(l)⁾ sd", "saturated or dead⁽\(l)⁾", "‖W⁽\(l)⁾‖ at end"]
    }
    var rows: [String] = []
    for epoch in statistics.epochs {
      var cells = [String(epoch.epoch), String(epoch.steps), PageText.value(epoch.meanLoss)]
      cells += kinds.map { PageText.value(metrics[$0]?[epoch.epoch]) }
      for l in 1...max(1, depth) where depth >= 1 {
        let stats = byEpoch[epoch.epoch]?[l] ?? []
        cells += [
          PageText.value(mean(stats.map(\.gradientWeightNorm))), PageText.value(mean(stats.map(\.activationMean))),
          PageText.value(mean(stats.map(\.activationDeviation))),
          PageText.value(mean(stats.map { $0.saturatedShare ?? $0.deadShare })),
          PageText.value(stats.last(where: { $0.weightNorm != nil })?.weightNorm),
        ]
      }
      rows.append(PageText.array(cells))
    }
    return PageText.object([
      ("columns", PageText.array(columns.map { PageText.json($0) })), ("rows", PageText.array(rows)),
    ])
  }
}
