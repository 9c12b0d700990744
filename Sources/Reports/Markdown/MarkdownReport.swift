import Foundation
import TraceStore

/// A recorded run as a Markdown handout a teacher could print, with SVG charts to write beside it.
///
/// Title and introduction, a configuration table, the network and the data as
/// tables, how to read the arithmetic, the first step(s) worked in full in
/// `$$` display maths, the parameters before and after training, charts of
/// the loss, of each layer's gradient norm and of a few weights, and the
/// conclusion. Everything comes from the database. Large runs are
/// summarised, never dumped: wide layers and large batches are shown in part,
/// tables are capped, charts are thinned.
public struct MarkdownReport: Sendable {
  /// A chart file to write beside the report.
  public struct Chart: Sendable {
    /// The file name, e.g. `report-loss.svg`.
    public var fileName: String
    /// Its title, the image's text in the report.
    public var title: String
    /// The SVG text.
    public var svg: String
  }

  /// The Markdown and the charts it links to.
  public struct Output: Sendable {
    /// The report.
    public var markdown: String
    /// The charts, to be written beside it under their file names.
    public var charts: [Chart]
  }

  /// Rows of a table shown at most; the rest are counted.
  public static let tableRows = 24

  /// The run.
  public let reader: TraceReader
  /// Charts' file names start with this (the report's name without `.md`); `nil` writes no charts.
  public var chartPrefix: String?

  /// A report of `reader`'s run.
  public init(reader: TraceReader, chartPrefix: String?) {
    self.reader = reader
    self.chartPrefix = chartPrefix
  }

  var configuration: RunConfiguration { reader.configuration }

  /// Builds the report.
  ///
  /// - Throws: the store's errors.
  public func render() throws -> Output {
    let run = reader.run
    let c = configuration
    let narration = RunNarration(configuration: c, style: .plain)
    // Text from the database is escaped for Markdown: no raw HTML, no fence, no control character.
    var md = "# \(TextSafety.markdown(c.title))" + (run.part.map { " — \(TextSafety.markdown($0))" } ?? "") + "\n\n"
    if let title = c.partTitle {
      md += "**Part \(TextSafety.markdown(run.part ?? "")): \(TextSafety.markdown(title))**\n\n"
    }
    md +=
      "*Run \(run.id) of lesson `\(TextSafety.inlineCode(run.lesson))` · \(run.status) · \(run.epochs) of \(NumberFormat.count(c.epochs, "epoch")) · \(NumberFormat.count(run.steps, "step")) · \(NumberFormat.count(run.values, "value")) recorded.*\n\n"
    if let summary = c.summary?.trimmed, !summary.isEmpty { md += "> \(summary)\n\n" }
    if let introduction = c.introduction?.trimmed, !introduction.isEmpty {
      md += "## Introduction\n\n" + Self.paragraphs(TextSafety.markdown(introduction))
    }
    md += "## Configuration\n\n" + configurationTable(narration).render() + "\n"
    md += "## The network\n\n" + networkTable().render() + "\n"
    if let data = dataTable() { md += "## The data\n\n" + data + "\n" }
    md += "## How to read the arithmetic\n\n"
    for paragraph in narration.legendParagraphs() { md += paragraph + "\n\n" }

    var charts: [Chart] = []
    if reader.hasTrace {
      if reader.run.capture == "all" {
        md += try workedSteps()
        md += try parameterTables()
      } else {
        md +=
          "## The arithmetic\n\nThis run recorded statistics of each step and layer (`--capture summary`), not every value, "
          + "so no step can be worked in full here: run the lesson again with `--capture all` (thinned with "
          + "`--first-steps 1` if it is large) and export that run to see every number of a step.\n\n"
      }
      let statistics = try reader.statistics()
      md += "## Training\n\n"
      md +=
        narration.ending(
          status: run.status, epochs: run.epochs, steps: run.steps, detail: run.detail.map(TextSafety.markdown))
        + "\n\n"
      if let prefix = chartPrefix {
        charts = try makeCharts(statistics, prefix: prefix)
        if let missing = notRecorded(statistics) { md += "*\(missing)*\n\n" }
        for chart in charts {
          md += "![\(TextSafety.markdown(chart.title).replacingOccurrences(of: "]", with: ")"))](\(chart.fileName))\n\n"
        }
      } else {
        md += "```text\n" + TextStyle.strip(narration.summary(statistics)) + "```\n\n"
      }
      md += try epochTable(statistics)
    } else {
      md += "## Training\n\n"
      md +=
        narration.ending(
          status: run.status, epochs: run.epochs, steps: run.steps, detail: run.detail.map(TextSafety.markdown))
        + "\n\n"
      md +=
        "This run was recorded with `--capture none`: only its result and its inputs (training rows, initial weights) were kept, so there is no arithmetic to show; `nntrace export --as numpy` can still repeat it.\n\n"
    }
    if let sketch = FrameworkScript.pytorchSketch(run: run.id, database: reader.database) {
      md += "## The same network in PyTorch\n\n"
      md +=
        "The network, its loss and its optimizer as PyTorch writes them (the seed's `class Net(nn.Module)`). "
        + "`nntrace export \(run.id) --as pytorch` writes the complete script, with this run's data rows and "
        + "initial weights, which reproduces the numbers above; `--as keras` writes it for Keras 3 (any backend), `--as numpy` as the seed's own NumPy MLP; each checks its first steps against this trace.\n\n"
      md += "```python\n" + sketch + "```\n\n"
    }
    if let conclusion = narration.conclusion {
      md += "## Conclusion\n\n" + Self.paragraphs(TextSafety.markdown(conclusion))
    }
    md +=
      "---\n\n*Written by nntrace from the trace of run \(run.id) alone: no number was recomputed. `nntrace replay \(run.id)` tells every step the same way.*\n"
    return Output(markdown: md, charts: charts)
  }

  /// Lines of text as Markdown paragraphs: lines within a paragraph joined, blank lines kept.
  static func paragraphs(_ text: String) -> String {
    text.components(separatedBy: "\n\n").map { paragraph in
      paragraph.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }.filter { !$0.isEmpty }.map { $0 + "\n\n" }.joined()
  }

  func configurationTable(_ narration: RunNarration) -> MarkdownTable {
    let c = configuration
    if c.isActivation {
      return MarkdownTable(
        header: ["setting", "value"],
        rows: [
          ["model", "an activation function, evaluated (`activation`): nothing is trained"],
          ["units", "\(c.units(1))"],
          ["activation", "`\(c.activation(1).name)`"],
          ["data", "\(c.rowCount) rows of z"],
        ])
    }
    var rows: [[String]] = [
      ["model", c.isPerceptron ? "Rosenblatt's perceptron (`perceptron`)" : "multi-layer perceptron (`mlp`)"],
      ["layer sizes", c.shape],
      ["activations", c.activations.map { "`\($0.name)`" }.joined(separator: ", ")],
    ]
    if let loss = c.loss { rows.append(["loss", "`\(loss.name)`"]) }
    rows.append(["optimizer", c.optimizerDescription])
    if let initializer = c.initializer { rows.append(["initial weights", "`\(initializer)`"]) }
    if let seed = c.seed { rows.append(["seed", "\(seed)"]) }
    rows.append([
      "data",
      "\(c.rowCount) rows of \(c.units(0)) input\(c.units(0) == 1 ? "" : "s") and \(c.units(c.depth)) target\(c.units(c.depth) == 1 ? "" : "s")",
    ])
    if !c.isPerceptron {
      rows.append([
        "batch size", "\(min(c.batchSize, max(1, c.rowCount)))" + (c.shuffle ? ", shuffled each epoch" : ""),
      ])
    }
    rows.append(["epochs", "\(c.epochs) (\(c.stepsPerEpoch) step\(c.stepsPerEpoch == 1 ? "" : "s") each)"])
    let thinning = reader.run.thinning.map { ", \($0)" } ?? ""
    let recorded =
      switch reader.run.capture {
      case "none": "the result and the run's inputs only (`--capture none`)"
      case "summary": "statistics of each step and layer (`--capture summary`)\(thinning)"
      default: "every value (`--capture all`)\(thinning)"
      }
    rows.append(["recorded", recorded])
    return MarkdownTable(header: ["setting", "value"], rows: rows)
  }

  func networkTable() -> MarkdownTable {
    let c = configuration
    var rows = [["0 (input x)", "\(c.units(0))", "—", "—", "—"]]
    for l in 1...max(1, c.depth) where l <= c.depth {
      let role = l == c.depth ? " (output)" : " (hidden)"
      rows.append([
        "\(l)\(role)", "\(c.units(l))", "`\(c.activation(l).name)`",
        "\(c.units(l - 1)) × \(c.units(l)) = \(c.units(l - 1) * c.units(l))", "\(c.units(l))",
      ])
    }
    return MarkdownTable(
      header: ["layer", "units", "activation", "weights (from × to)", "biases"], rows: rows,
      rightAligned: [1, 4])
  }

  func dataTable() -> String? {
    let c = configuration
    guard !c.inputs.isEmpty else { return nil }
    let inputCount = min(c.units(0), 8)
    let targetCount = min(c.units(c.depth), 6)
    var header = ["row"]
    header += (0..<inputCount).map { "x" + Notation.subscripted($0 + 1) }
    if c.units(0) > inputCount { header.append("…") }
    header += (0..<targetCount).map { "y" + Notation.subscripted($0 + 1) }
    if c.units(c.depth) > targetCount { header.append("…") }
    var rows: [[String]] = []
    for (r, input) in c.inputs.prefix(16).enumerated() {
      var row = ["\(r)"]
      row += input.prefix(inputCount).map(NumberFormat.short)
      if c.units(0) > inputCount { row.append("…") }
      let target = r < c.targets.count ? c.targets[r] : []
      row += target.prefix(targetCount).map(NumberFormat.short)
      if c.units(c.depth) > targetCount { row.append("…") }
      rows.append(row)
    }
    var out = MarkdownTable(header: header, rows: rows, rightAligned: Set(0..<header.count)).render()
    if c.rowCount > 16 { out += "\n… and \(c.rowCount - 16) more rows.\n" }
    return out
  }

  /// The first step worked in full (the perceptron's first epoch, up to 4 steps), under a heading of `level`.
  func workedSteps(level: Int = 2) throws -> String {
    let c = configuration
    let count = c.isPerceptron ? min(4, max(1, c.stepsPerEpoch)) : 1
    let steps = (0..<min(count, max(1, reader.run.steps + 1)))
    let hashes = String(repeating: "#", count: level)
    var md =
      count == 1
      ? "\(hashes) Step 0, worked in full\n\n" : "\(hashes) Steps 0–\(steps.upperBound - 1), worked in full\n\n"
    md +=
      "Every number below is read from the trace; each line's arithmetic can be checked by hand. `nntrace replay \(reader.run.id) --step N` tells any other step the same way.\n\n"
    let narrator = StepNarrator(configuration: c)
    for step in steps {
      guard let trace = try reader.step(step) else { continue }
      let story = narrator.story(for: trace)
      if count > 1 { md += "\(hashes)# \(story.heading)\n\n" }
      md += StoryMarkdown.render(story, level: count > 1 ? level + 2 : level + 1)
    }
    return md
  }

  /// Each layer's parameters before training and after the last recorded step.
  func parameterTables() throws -> String {
    let before = try reader.initialParameters()
    let after = try reader.finalParameters()
    guard !before.isEmpty else { return "" }
    let lastStep = reader.lastStep
    var md = "## Parameters before and after\n\n"
    md +=
      lastStep >= 0
      ? "Before step 0 and after step \(lastStep), the last one recorded.\n\n"
      : "No step was completed: the parameters are the initial ones.\n\n"
    let c = configuration
    for l in 1...max(1, c.depth) where l <= c.depth {
      let keys = before.keys.filter { $0.layer == l }.sorted()
      md += "### Layer \(l) (\(c.units(l - 1)) → \(c.units(l)), `\(c.activation(l).name)`)\n\n"
      var rows: [[String]] = []
      for key in keys.prefix(Self.tableRows) {
        let start = before[key] ?? .nan
        let end = after[key] ?? start
        rows.append([
          symbol(key), NumberFormat.value(start), NumberFormat.value(end), NumberFormat.value(end - start),
        ])
      }
      md +=
        MarkdownTable(header: ["parameter", "before", "after", "change"], rows: rows, rightAligned: [1, 2, 3])
        .render()
      if keys.count > Self.tableRows {
        md += "\n… and \(NumberFormat.count(keys.count - Self.tableRows)) more parameters of this layer.\n"
      }
      md += "\n"
    }
    return md
  }

  /// The parameter's symbol: `w₁₂⁽²⁾`, `b₁⁽²⁾`, or the perceptron's `w₁`, `b`.
  func symbol(_ key: ParameterKey) -> String {
    if configuration.isPerceptron {
      return key.j.map { Notation.symbol("w", [$0 + 1], layer: nil).text } ?? "b"
    }
    if let j = key.j { return Notation.symbol("w", [j + 1, key.i + 1], layer: key.layer).text }
    return Notation.symbol("b", [key.i + 1], layer: key.layer).text
  }

  /// The loss (the perceptron's mistakes) of each recorded epoch, with the accuracies where they were
  /// measured: every epoch up to ``tableRows`` of them, else every k-th and the last; a stretch of epochs
  /// that recorded nothing is one row that says so.
  func epochTable(_ statistics: RunStatistics) throws -> String {
    let epochs = statistics.epochs
    guard let lastEpoch = epochs.last?.epoch else { return "" }
    let every = epochs.count <= Self.tableRows ? 1 : (epochs.count + 19) / 20
    let chosen = epochs.enumerated().filter { $0.offset % every == 0 || $0.element.epoch == lastEpoch }.map(\.element)
    var accuracy: [String: [Int: Double]] = [:]
    try reader.database.forEachTraceRow(
      run: reader.run.id, filter: TraceFilter(kinds: ["train_accuracy", "test_accuracy"])
    ) { row in accuracy[row.kind, default: [:]][row.epoch] = row.value }
    let accuracyKinds = ["train_accuracy", "test_accuracy"].filter { accuracy[$0] != nil }
    let recorded = Set(epochs.map(\.epoch))
    var rows: [[String]] = []
    var previous: Int?
    for epoch in chosen {
      if let previous, epoch.epoch > previous + 1, !(previous + 1..<epoch.epoch).contains(where: recorded.contains) {
        let gap = previous + 1 == epoch.epoch - 1 ? "\(previous + 1)" : "\(previous + 1)–\(epoch.epoch - 1)"
        rows.append([gap, "not recorded"])
      }
      previous = epoch.epoch
      var row =
        configuration.isPerceptron
        ? ["\(epoch.epoch)", "\(epoch.mistakes) of \(epoch.samples)"]
        : ["\(epoch.epoch)", epoch.meanLoss.map(NumberFormat.value) ?? "—"]
      row += accuracyKinds.map { kind in accuracy[kind]?[epoch.epoch].map(NumberFormat.value) ?? "—" }
      rows.append(row)
    }
    var header = configuration.isPerceptron ? ["epoch", "mistakes"] : ["epoch", "mean loss over its rows"]
    header += accuracyKinds.map { $0 == "train_accuracy" ? "accuracy, training rows" : "accuracy, held-out rows" }
    var out = MarkdownTable(header: header, rows: rows, rightAligned: Set(0..<header.count)).render()
    if every > 1 { out += "\nEvery \(SVGChart.ordinal(every)) recorded epoch and the last are shown.\n" }
    return out + "\n"
  }

  /// The held-out rows' activations in the first layer of two units, one series per class
  /// (`data.class_column`), for a scatter plot; `nil` unless the run recorded both.
  func codeSeries() throws -> (layer: Int, series: [SVGChart.Series])? {
    let c = configuration
    guard let layer = (1...max(1, c.depth)).first(where: { $0 < c.depth && c.units($0) == 2 }) else { return nil }
    var codes: [Int: [Double]] = [:]
    var classes: [Int: Int] = [:]
    try reader.database.forEachTraceRow(run: reader.run.id, filter: TraceFilter(kinds: ["test_a", "test_class"])) {
      row in
      guard let sample = row.sample else { return }
      if row.kind == "test_class" {
        classes[sample] = Int(row.value)
      } else if row.layer == layer, let i = row.i {
        codes[sample, default: [0, 0]][i] = row.value
      }
    }
    guard !classes.isEmpty, !codes.isEmpty else { return nil }
    let series = Set(classes.values).sorted().map { name in
      SVGChart.Series(
        name: "class \(name)",
        points: codes.keys.sorted().filter { classes[$0] == name }.compactMap { sample in
          codes[sample].map { (x: $0[0], y: $0[1]) }
        })
    }
    return (layer, series)
  }
}
