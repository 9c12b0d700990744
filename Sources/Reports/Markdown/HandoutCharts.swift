import Foundation
import TraceStore

/// The handout's charts, each drawn from recorded values only, at the steps they were recorded.
extension MarkdownReport {
  /// The steps that recorded a loss (the perceptron: an error), in order.
  func recordedSteps(_ statistics: RunStatistics) -> [Int] {
    statistics.stepLosses.indices.filter { statistics.stepLosses[$0].isFinite }
  }

  /// What was not recorded, in words, or `nil` when every step of the run was.
  func notRecorded(_ statistics: RunStatistics) -> String? {
    let steps = recordedSteps(statistics)
    let total = reader.run.steps
    guard total > 0, steps.count < total else { return nil }
    let missing = total - steps.count
    let how = reader.run.thinning.map { " (\($0))" } ?? ""
    let which =
      RecordedSeries.rangeCount(steps) <= 4
      ? "steps \(RecordedSeries.ranges(steps))" : "\(NumberFormat.count(steps.count)) of them"
    return "Only \(which) of the run's \(NumberFormat.count(total, "step")) were recorded\(how): "
      + "the other \(NumberFormat.count(missing)) were not, and nothing is drawn for them."
  }

  /// The loss (or mistakes), gradient-norm, accuracy, activation, fit, boundary, code and weight charts.
  func makeCharts(_ statistics: RunStatistics, prefix: String) throws -> [Chart] {
    let c = configuration
    if c.isActivation {
      return activationChart(try activationValues()).map { [Chart(fileName: prefix + "-activation.svg", $0)] } ?? []
    }
    var charts: [Chart] = []
    let steps = recordedSteps(statistics)
    let gapNote =
      notRecorded(statistics) == nil
      ? nil
      : RecordedSeries.rangeCount(steps) <= 4
        ? "recorded: steps \(RecordedSeries.ranges(steps)) only; nothing drawn between"
        : "gaps: steps not recorded"
    if c.isPerceptron {
      let points = statistics.epochs.map { (x: Double($0.epoch), y: Double($0.mistakes)) }
      charts.append(
        Chart(
          fileName: prefix + "-mistakes.svg",
          SVGChart(
            title: "Mistakes per epoch", xLabel: "epoch (passes over the data, from 0)",
            yLabel: "mistakes (rows answered wrongly)", series: [SVGChart.Series(name: "mistakes", points: points)],
            logarithmic: false, integerY: true, note: gapNote)))
    } else {
      let unit =
        c.loss == .bce || c.loss == .crossEntropy
        ? "loss (nats: natural-log cross-entropy)" : "loss (squared error, target units²)"
      charts.append(
        Chart(
          fileName: prefix + "-loss.svg",
          SVGChart(
            title: "Loss per step (\(c.loss?.name ?? "mse"), mean over each batch)", xLabel: Self.stepLabel,
            yLabel: unit,
            series: [SVGChart.Series(name: "batch loss", points: RecordedSeries.steps(statistics.stepLosses))],
            logarithmic: false, note: gapNote)))
      if statistics.hasGradients {
        let series = (1...c.depth).map { l in
          SVGChart.Series(name: "layer \(l)", points: RecordedSeries.steps(statistics.gradientNorms(layer: l)))
        }
        charts.append(
          Chart(
            fileName: prefix + "-gradients.svg",
            SVGChart(
              title: "Gradient norm ‖g⁽ˡ⁾‖ of each layer per step", xLabel: Self.stepLabel,
              yLabel: "‖g‖ (loss per unit of weight)", series: series, note: gapNote)))
      }
      if let accuracy = try accuracyChart() { charts.append(Chart(fileName: prefix + "-accuracy.svg", accuracy)) }
      if let fit = try fitChart() { charts.append(Chart(fileName: prefix + "-fit.svg", fit)) }
    }
    if let boundary = try boundaryChart() {
      charts.append(Chart(fileName: prefix + "-boundary.svg", title: boundary.title, svg: boundary.render()))
    }
    if let codes = try codeSeries() {
      charts.append(
        Chart(
          fileName: prefix + "-codes.svg",
          SVGChart(
            title: "Held-out rows in the 2-unit layer \(codes.layer), by class",
            xLabel: "a₁⁽\(codes.layer)⁾ (activation of the first unit)",
            yLabel: "a₂⁽\(codes.layer)⁾ (activation of the second unit)",
            series: codes.series, logarithmic: false, scatter: true)))
    }
    if let weights = try weightChart(gapNote: gapNote) {
      charts.append(Chart(fileName: prefix + "-weights.svg", weights))
    }
    return charts
  }

  static let stepLabel = "step (optimizer updates, counted from 0)"

  // MARK: - Activation functions

  /// Each data row's z, f(z) and f′(z) as recorded, in increasing z; `nil` unless the layer has one unit.
  func activationValues() throws -> [(z: Double, a: Double, slope: Double)]? {
    guard configuration.units(1) == 1, configuration.activation(1).function != .softmax else { return nil }
    var rows: [Int: [String: Double]] = [:]
    try reader.database.forEachTraceRow(
      run: reader.run.id, filter: TraceFilter(step: 0, layer: 1, kinds: ["z", "a", "derivative"])
    ) { row in
      guard let sample = row.sample else { return }
      rows[sample, default: [:]][row.kind] = row.value
    }
    let values = rows.values.compactMap { row -> (z: Double, a: Double, slope: Double)? in
      guard let z = row["z"], let a = row["a"], let slope = row["derivative"] else { return nil }
      return (z, a, slope)
    }
    return values.isEmpty ? nil : values.sorted { $0.z < $1.z }
  }

  /// f(z) and f′(z) at the recorded z.
  func activationChart(_ values: [(z: Double, a: Double, slope: Double)]?) -> SVGChart? {
    guard let values else { return nil }
    let name = configuration.activation(1).name
    return SVGChart(
      title: "\(name)(z) and its derivative \(name)′(z), at the \(values.count) recorded z",
      xLabel: "z (the unit's weighted input)", yLabel: "value (dimensionless)",
      series: [
        SVGChart.Series(name: "f(z) = \(name)(z)", points: values.map { (x: $0.z, y: $0.a) }),
        SVGChart.Series(name: "f′(z)", points: values.map { (x: $0.z, y: $0.slope) }),
      ], logarithmic: false, note: "dots: recorded values; lines join neighbouring z")
  }

  // MARK: - Accuracy

  /// The accuracy after each epoch, on the training rows and the held-out ones, where it was measured.
  func accuracyChart() throws -> SVGChart? {
    var values: [String: [(x: Double, y: Double)]] = [:]
    try reader.database.forEachTraceRow(
      run: reader.run.id, filter: TraceFilter(kinds: ["train_accuracy", "test_accuracy"])
    ) { row in
      values[row.kind, default: []].append((x: Double(row.epoch), y: row.value))
    }
    guard !values.isEmpty else { return nil }
    let series = [("train_accuracy", "training rows"), ("test_accuracy", "held-out rows")].compactMap {
      kind, name -> SVGChart.Series? in
      values[kind].map { SVGChart.Series(name: name, points: RecordedSeries.joined($0.sorted { $0.x < $1.x })) }
    }
    return SVGChart(
      title: "Accuracy after each epoch", xLabel: "epoch (passes over the data, from 0)",
      yLabel: "accuracy (fraction of rows right)", series: series, logarithmic: false, yRange: 0...1)
  }

  // MARK: - The fitted curve

  /// A one-input, one-output regression's recorded outputs against its targets, at its first and last recorded step.
  func fitChart() throws -> SVGChart? {
    let c = configuration
    guard c.depth >= 1, c.units(0) == 1, c.units(c.depth) == 1, c.loss == .mse || c.loss == .sse
    else { return nil }
    var x: [Int: [Int: Double]] = [:]
    var y: [Int: Double] = [:]
    var a: [Int: [Int: Double]] = [:]
    try reader.database.forEachTraceRow(run: reader.run.id, filter: TraceFilter(kinds: ["x", "y", "a"])) { row in
      guard let sample = row.sample else { return }
      switch row.kind {
      case "x": x[row.step, default: [:]][sample] = row.value
      case "y": y[sample] = y[sample] ?? row.value
      default: if row.layer == c.depth { a[row.step, default: [:]][sample] = row.value }
      }
    }
    let steps = a.keys.sorted()
    guard let first = steps.first, let last = steps.last, let inputs = x[first] else { return nil }
    let targets = inputs.keys.sorted().compactMap { s in y[s].flatMap { t in inputs[s].map { (x: $0, y: t) } } }
    func output(_ step: Int) -> [(x: Double, y: Double)] {
      let rows = x[step] ?? inputs
      return (a[step] ?? [:]).compactMap { s, value in rows[s].map { (x: $0, y: value) } }.sorted { $0.x < $1.x }
    }
    var series = [SVGChart.Series(name: "target y (the data)", points: targets.sorted { $0.x < $1.x })]
    series.append(SVGChart.Series(name: "output at step \(first)", points: output(first)))
    if last != first { series.append(SVGChart.Series(name: "output at step \(last)", points: output(last))) }
    return SVGChart(
      title: "The network's output against the target, at steps \(first == last ? "\(first)" : "\(first) and \(last)")",
      xLabel: "x (the input)", yLabel: "y (the target's units)", series: series, logarithmic: false,
      note: "dots: the outputs recorded in each step's forward pass (weights before that step's update)")
  }

  // MARK: - Decision boundary

  /// The parameters recorded at the start of training (`nil`) or after step `step`'s update.
  func parameters(after step: Int?) throws -> [ParameterKey: Double] {
    var values: [ParameterKey: Double] = [:]
    try reader.database.forEachTraceRow(run: reader.run.id, filter: TraceFilter(step: step ?? 0, kinds: ["w", "b"])) {
      row in
      guard row.phase == (step == nil ? "init" : "update") else { return }
      values[ParameterKey(layer: row.layer ?? 0, i: row.i ?? 0, j: row.kind == "w" ? row.j : nil)] = row.value
    }
    return values
  }

  /// The classes a 2-input classifier answers over the input plane, before training, midway and after
  /// its last recorded update, from the weights recorded then; `nil` for other networks.
  func boundaryChart() throws -> BoundaryChart? {
    let c = configuration
    guard c.depth >= 1, c.units(0) == 2 else { return nil }
    let output = c.activation(c.depth).function
    let classifier = c.isPerceptron || (output == .sigmoid && c.units(c.depth) == 1) || output == .softmax
    guard classifier, let (inputs, targets) = try PageRun.dataRows(reader, epoch: 0) else { return nil }
    let rows = zip(inputs, targets).map { x, y in
      (x: x, label: y.count == 1 ? (y[0] >= 0.5 ? 1 : 0) : (y.indices.max { y[$0] < y[$1] } ?? 0))
    }
    var updated = Set<Int>()
    try reader.database.forEachTraceRow(run: reader.run.id, filter: TraceFilter(layer: c.depth, kinds: ["b"])) { row in
      if row.phase == "update" { updated.insert(row.step) }
    }
    let steps = updated.sorted()
    var chosen: [Int?] = [nil]
    if steps.count > 2 { chosen.append(steps[(steps.count - 1) / 2]) }
    if let last = steps.last { chosen.append(last) }
    let panels = try chosen.map { step in
      BoundaryChart.Panel(
        title: step.map { "after step \($0)" } ?? "before step 0 (initial)",
        network: BoundaryNetwork(configuration: c, parameters: try parameters(after: step)))
    }
    return BoundaryChart(
      title: "What the network answers over the input plane",
      note: "from the weights recorded after each step named; marks: the training rows",
      panels: panels, rows: rows)
  }

  // MARK: - Weights

  /// Up to six weights that moved most: of the output layer and, in a deeper network with a small first
  /// layer, three of each (so that a first layer that hardly moves is seen beside the last), at real steps.
  func weightChart(gapNote: String?) throws -> SVGChart? {
    let c = configuration
    var layers = [c.depth]
    if c.depth > 1 && c.units(0) * c.units(1) <= 64 { layers.insert(1, at: 0) }
    var chosen: [(key: ParameterKey, points: [(x: Double, y: Double)])] = []
    for l in layers {
      var series: [ParameterKey: [(x: Double, y: Double)]] = [:]
      try reader.database.forEachTraceRow(run: reader.run.id, filter: TraceFilter(layer: l, kinds: ["w"])) { row in
        guard row.j != nil, row.phase == "init" || row.phase == "update" else { return }
        // x = 0 is the initial value; x = n the value after step n − 1.
        series[ParameterKey(layer: l, i: row.i ?? 0, j: row.j), default: []].append(
          (x: row.phase == "init" ? 0 : Double(row.step + 1), y: row.value))
      }
      // A weight with only its initial value (a summary capture keeps no updated weights) has no line to draw.
      let moved = series.filter { $0.value.count > 1 }.sorted { a, b in
        let da = abs((a.value.last?.y ?? 0) - (a.value.first?.y ?? 0))
        let db = abs((b.value.last?.y ?? 0) - (b.value.first?.y ?? 0))
        return da != db ? da > db : a.key < b.key
      }
      chosen += moved.prefix(6 / layers.count).map { ($0.key, $0.value.sorted { $0.x < $1.x }) }
    }
    guard !chosen.isEmpty else { return nil }
    let named = layers.count == 1 ? "of layer \(layers[0])" : "of layers \(layers[0]) and \(layers[1])"
    return SVGChart(
      title: "Weights \(named) over the run (those that moved most)",
      xLabel: "step (0 = initial value, n = after step n − 1)", yLabel: "weight value (dimensionless)",
      series: chosen.sorted { $0.key < $1.key }.map {
        SVGChart.Series(name: symbol($0.key), points: RecordedSeries.joined($0.points))
      }, logarithmic: false, note: gapNote)
  }
}

extension MarkdownReport.Chart {
  /// A chart file of `chart`, titled as it is.
  init(fileName: String, _ chart: SVGChart) {
    self.init(fileName: fileName, title: chart.title, svg: chart.render())
  }
}
