import Foundation
import TraceStore

/// Several recorded runs, a lesson's parts, as one Markdown handout with its charts to write beside it.
///
/// The lesson's title, summary and introduction once; a table of the parts naming the settings
/// that tell them apart (optimizer, initial weights, loss, layer sizes, activations, …); the parts
/// compared on shared axes and scales: the loss (the perceptron's mistakes) of every part on one
/// chart, each layer's ‖∂L/∂W⁽ˡ⁾‖ at step 0 of every part on one chart, and each part's
/// ‖∂L/∂W⁽ˡ⁾‖ per step on charts that share one y range and one scale (logarithmic for all of them
/// when the values span more than 100×, else linear for all); then a section per part with its own
/// result, epoch table and charts, and the conclusion. Every point drawn is a recorded value at its
/// real step, and the same runs always give the same bytes.
public struct ComparisonReport: Sendable {
  /// The parts, in order.
  public let readers: [TraceReader]
  /// Charts' file names start with this (the report's name without `.md`); `nil` writes no charts.
  public var chartPrefix: String?

  /// A handout of `readers` (two or more runs).
  public init(readers: [TraceReader], chartPrefix: String?) {
    self.readers = readers
    self.chartPrefix = chartPrefix
  }

  /// The settings that can tell parts apart, by name, as the single-run handout's configuration table writes them.
  static let settings: [(name: String, value: @Sendable (RunConfiguration) -> String)] = [
    ("layer sizes", { $0.shape }),
    ("activations", { activations($0.activations.map(\.name)) }),
    ("loss", { $0.loss.map { "`\($0.name)`" } ?? "—" }),
    ("optimizer", { $0.optimizerDescription }),
    ("initial weights", { $0.initialization ?? "—" }),
    ("seed", { $0.seed.map { "\($0)" } ?? "—" }),
    ("epochs", { "\($0.epochs)" }),
    ("data", { data($0) }),
  ]

  /// The settings whose values are not the same in every part, in ``settings``' order.
  var differingSettings: [(name: String, value: @Sendable (RunConfiguration) -> String)] {
    Self.settings.filter { setting in Set(readers.map { setting.value($0.configuration) }).count > 1 }
  }

  /// Part `k`'s name: its part name, else `run N`.
  func name(_ k: Int) -> String {
    readers[k].run.part ?? "run \(readers[k].run.id)"
  }

  /// Part `k`'s name in chart file names: its part name in lower-case letters, digits and dashes
  /// when every part has a distinct one, else `runN`.
  func slug(_ k: Int) -> String {
    func clean(_ part: String?) -> String {
      String((part ?? "").lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
    }
    let slugs = readers.map { clean($0.run.part) }
    let distinct = Set(slugs).count == slugs.count && !slugs.contains { $0.isEmpty }
    return distinct ? slugs[k] : "run\(readers[k].run.id)"
  }

  /// The parts that drew a line of loss (or of mistakes) and of gradient norms: trained, with a trace.
  func trained(_ statistics: [RunStatistics?]) -> [Int] {
    readers.indices.filter { k in
      readers[k].hasTrace && !readers[k].configuration.isActivation && statistics[k].map { $0.steps > 0 } == true
    }
  }

  /// Builds the handout.
  ///
  /// - Throws: the store's errors.
  public func render() throws -> MarkdownReport.Output {
    guard let first = readers.first else { return MarkdownReport.Output(markdown: "", charts: []) }
    let statistics = try readers.map { reader -> RunStatistics? in
      guard reader.hasTrace else { return nil }
      return try reader.statistics()
    }
    let c = first.configuration
    let oneLesson = Set(readers.map { "\($0.run.lesson)\u{0}\($0.configuration.title)" }).count == 1
    let ids = readers.map { "\($0.run.id)" }
    let idList = Self.list(ids)
    var md =
      "# " + (oneLesson ? TextSafety.markdown(c.title) : "Runs \(idList) side by side") + "\n\n"
    let parts = readers.indices.map { "run \(readers[$0].run.id) (\(TextSafety.markdown(name($0))))" }
    md +=
      oneLesson
      ? "*Lesson `\(TextSafety.inlineCode(first.run.lesson))` in \(NumberFormat.count(readers.count, "part")), side by side: \(Self.list(parts)).*\n\n"
      : "*\(NumberFormat.count(readers.count, "run")) side by side: \(Self.list(parts)).*\n\n"
    if oneLesson {
      if let summary = c.summary?.trimmed, !summary.isEmpty { md += "> \(summary)\n\n" }
      if let introduction = c.introduction?.trimmed, !introduction.isEmpty {
        md += "## Introduction\n\n" + MarkdownReport.paragraphs(TextSafety.markdown(introduction))
      }
    }
    md += "## The parts\n\n" + partsTable().render() + "\n"
    let differing = differingSettings
    md +=
      differing.isEmpty
      ? "The parts share every setting shown here.\n\n"
      : "What tells them apart: \(Self.list(differing.map(\.name))); every other setting is the same.\n\n"

    var charts: [MarkdownReport.Chart] = []
    // The chart files each part's section leaves out because the comparison drew them.
    var compared = Set<Int>()
    let trained = trained(statistics)
    if trained.count >= 1 {
      md += "## The parts compared\n\n"
      md +=
        "Every part on the same axes and scales, each point a recorded value at its real step "
        + "(a step a part did not record is a gap in its line).\n\n"
      if let prefix = chartPrefix {
        let comparison = comparisonCharts(statistics, trained: trained, prefix: prefix).map {
          MarkdownReport.Chart(fileName: $0.fileName, $0.chart)
        }
        charts += comparison
        compared = Set(trained)
        for chart in comparison {
          md += "![\(TextSafety.markdown(chart.title).replacingOccurrences(of: "]", with: ")"))](\(chart.fileName))\n\n"
        }
      }
      md += lossTable(statistics, trained: trained)
    }

    for k in readers.indices {
      let (section, own) = try partSection(k, statistics: statistics[k], compared: compared.contains(k))
      md += section
      charts += own
    }
    let conclusions = readers.map { RunNarration(configuration: $0.configuration, style: .plain).conclusion }
    if oneLesson, let conclusion = conclusions[0], Set(conclusions).count == 1 {
      md += "## Conclusion\n\n" + MarkdownReport.paragraphs(TextSafety.markdown(conclusion))
    }
    md +=
      "---\n\n*Written by nntrace from the traces of runs \(idList) alone: no number was recomputed. "
      + "`nntrace replay \(ids.joined(separator: " "))` tells every step the same way; "
      + "`nntrace export RUN -o FILE` writes the full handout of one part.*\n"
    return MarkdownReport.Output(markdown: md, charts: charts)
  }

  /// One row per part: its name and title, its run, the settings that differ, and how it ended.
  func partsTable() -> MarkdownTable {
    let differing = differingSettings
    let rows = readers.indices.map { k in
      let r = readers[k]
      let title = r.configuration.partTitle.map { ": " + TextSafety.markdown($0) } ?? ""
      return ["**\(TextSafety.markdown(name(k)))**\(title)", "\(r.run.id)"]
        + differing.map { $0.value(r.configuration) }
        + ["\(r.run.status), \(NumberFormat.count(r.run.steps, "step"))"]
    }
    return MarkdownTable(
      header: ["part", "run"] + differing.map(\.name) + ["result"], rows: rows, rightAligned: [1])
  }

  /// The loss of every part at the same steps (a handful, the first and last kept), as the terminal's
  /// comparison shows it; empty unless the parts make a comparison.
  func lossTable(_ statistics: [RunStatistics?], trained: [Int]) -> String {
    guard PartComparison.applies(to: readers) else { return "" }
    let all = statistics.compactMap { $0 }
    let losses = readers.map { $0.configuration.loss?.name ?? "?" }
    let rows = PartComparison.steps(all).map { step in
      ["\(step)"]
        + readers.indices.map { k in
          guard let s = statistics[k], step < s.steps, s.stepLosses[step].isFinite else { return "—" }
          return NumberFormat.value(s.stepLosses[step])
        }
    }
    var md = "The batch loss of each part at the same steps:\n\n"
    md +=
      MarkdownTable(
        header: ["step"] + readers.indices.map { TextSafety.markdown(name($0)) }, rows: rows,
        rightAligned: Set(0...readers.count)
      ).render() + "\n"
    if Set(losses).count > 1 {
      md +=
        "The losses are not of the same kind (\(Self.list(losses.map { "`\($0)`" }))): "
        + "compare how each falls, not one with the other.\n\n"
    }
    if rows.contains(where: { $0.contains("—") }) {
      md += "— : the part did not record that step, or did not run that long.\n\n"
    }
    return md
  }

  /// The comparison charts: the loss (or mistakes) overlaid, each layer's gradient norm at step 0
  /// overlaid, and each part's gradient norms per step on one shared scale.
  func comparisonCharts(_ statistics: [RunStatistics?], trained: [Int], prefix: String)
    -> [(fileName: String, chart: SVGChart)]
  {
    var charts: [(fileName: String, chart: SVGChart)] = []
    let perceptrons = trained.filter { readers[$0].configuration.isPerceptron }
    let networks = trained.filter { !readers[$0].configuration.isPerceptron }
    let longest = trained.compactMap { statistics[$0]?.steps }.max() ?? 1
    let gapNote =
      trained.contains { k in
        guard let s = statistics[k] else { return false }
        return s.stepLosses.contains { !$0.isFinite } || s.steps < readers[k].run.steps
      } ? "gaps: steps a part did not record" : nil
    if !perceptrons.isEmpty {
      let series = perceptrons.map { k in
        SVGChart.Series(
          name: name(k),
          points: (statistics[k]?.epochs ?? []).map { (x: Double($0.epoch), y: Double($0.mistakes)) })
      }
      charts.append(
        (
          fileName: prefix + "-mistakes.svg",
          chart: SVGChart(
            title: "Mistakes per epoch, every part", xLabel: "epoch (passes over the data, from 0)",
            yLabel: "mistakes (rows answered wrongly)", series: series, logarithmic: false, integerY: true)
        ))
    }
    guard !networks.isEmpty else { return charts }
    let losses = Set(networks.map { readers[$0].configuration.loss?.name ?? "mse" })
    let crossEntropy = networks.allSatisfy {
      readers[$0].configuration.loss == .bce || readers[$0].configuration.loss == .crossEntropy
    }
    let squared = networks.allSatisfy {
      readers[$0].configuration.loss == .mse || readers[$0].configuration.loss == .sse
    }
    let unit =
      crossEntropy
      ? "loss (nats: natural-log cross-entropy)"
      : squared ? "loss (squared error, target units²)" : "loss (each part's own kind)"
    let lossNotes = [gapNote, losses.count > 1 ? "losses of different kinds: compare how each falls" : nil]
    charts.append(
      (
        fileName: prefix + "-loss.svg",
        chart: SVGChart(
          title: "Loss per step, every part (\(losses.sorted().joined(separator: ", ")), mean over each batch)",
          xLabel: MarkdownReport.stepLabel, yLabel: unit,
          series: networks.map { k in
            SVGChart.Series(name: name(k), points: RecordedSeries.steps(statistics[k]?.stepLosses ?? []))
          }, logarithmic: false, note: lossNotes.compactMap { $0 }.joined(separator: "; ").nilIfEmpty)
      ))

    let withGradients = networks.filter { statistics[$0]?.hasGradients == true }
    guard !withGradients.isEmpty else { return charts }
    let norms = withGradients.map { k in
      (1...max(1, readers[k].configuration.depth)).map { statistics[k]?.gradientNorms(layer: $0) ?? [] }
    }
    let values = norms.flatMap { $0.flatMap { $0.filter(\.isFinite) } }
    guard let low = values.min(), let high = values.max() else { return charts }
    let logarithmic = low > 0 && high / low > 100
    let scale =
      logarithmic
      ? "one log scale for every part: the values span \(NumberFormat.short(high / low))×"
      : "one linear scale for every part"
    let depth = withGradients.map { readers[$0].configuration.depth }.max() ?? 1
    if depth >= 2 {
      let series = withGradients.indices.map { n in
        SVGChart.Series(
          name: name(withGradients[n]),
          points: norms[n].enumerated().compactMap { l, layer in
            layer.first.flatMap { $0.isFinite ? (x: Double(l + 1), y: $0) : nil }
          })
      }
      charts.append(
        (
          fileName: prefix + "-gradients-by-layer.svg",
          chart: SVGChart(
            title: "‖∂L/∂W⁽ˡ⁾‖ of each layer at step 0, every part (weights only)",
            xLabel: "layer l (1 = first hidden layer)", yLabel: "‖∂L/∂W⁽ˡ⁾‖ (loss per unit of weight)",
            series: series, logarithmic: logarithmic, note: scale, yRange: low...high)
        ))
    }
    for (n, k) in withGradients.enumerated() {
      let series = norms[n].enumerated().map { l, layer in
        SVGChart.Series(name: RunStatistics.weightGradientNorm(layer: l + 1), points: RecordedSeries.steps(layer))
      }
      charts.append(
        (
          fileName: prefix + "-\(slug(k))-gradients.svg",
          chart: SVGChart(
            title: "‖∂L/∂W⁽ˡ⁾‖ of each layer per step, part \(name(k)) (weights only)",
            xLabel: MarkdownReport.stepLabel, yLabel: "‖∂L/∂W⁽ˡ⁾‖ (loss per unit of weight)", series: series,
            logarithmic: logarithmic, note: [scale, gapNote].compactMap { $0 }.joined(separator: "; "),
            yRange: low...high, xRange: 0...Double(max(1, longest - 1)))
        ))
    }
    return charts
  }

  /// Part `k`'s section and its own charts (those the comparison did not draw).
  func partSection(_ k: Int, statistics: RunStatistics?, compared: Bool) throws
    -> (String, [MarkdownReport.Chart])
  {
    let reader = readers[k]
    let run = reader.run
    let c = reader.configuration
    let report = MarkdownReport(reader: reader, chartPrefix: chartPrefix.map { "\($0)-\(slug(k))" })
    let narration = RunNarration(configuration: c, style: .plain)
    var md = "## Part \(TextSafety.markdown(name(k)))" + (c.partTitle.map { ": " + TextSafety.markdown($0) } ?? "")
    md += "\n\n"
    md +=
      "*Run \(run.id) · \(run.status) · \(run.epochs) of \(NumberFormat.count(c.epochs, "epoch")) · \(NumberFormat.count(run.steps, "step")) · \(NumberFormat.count(run.values, "value")) recorded.*\n\n"
    let own = differingSettings.map { "\($0.name) \($0.value(c))" }
    if !own.isEmpty { md += "Its own settings: \(own.joined(separator: "; ")).\n\n" }
    var charts: [MarkdownReport.Chart] = []
    if reader.hasTrace {
      // A lesson whose parts are not a comparison of training (the perceptron's, an activation's, a
      // forward pass's) is about the arithmetic: each part's first step is worked in full.
      if run.capture == "all" && !PartComparison.applies(to: readers) {
        md += try report.workedSteps(level: 3)
      }
      md += "### Training\n\n"
      md +=
        narration.ending(
          status: run.status, epochs: run.epochs, steps: run.steps, detail: run.detail.map(TextSafety.markdown))
        + "\n\n"
      if let statistics {
        if let missing = report.notRecorded(statistics) { md += "*\(missing)*\n\n" }
        if let prefix = report.chartPrefix {
          let drawn = compared ? ["-loss.svg", "-gradients.svg", "-mistakes.svg"] : []
          charts = try report.makeCharts(statistics, prefix: prefix).filter { chart in
            !drawn.contains { chart.fileName.hasSuffix($0) }
          }
          for chart in charts {
            md +=
              "![\(TextSafety.markdown(chart.title).replacingOccurrences(of: "]", with: ")"))](\(chart.fileName))\n\n"
          }
        }
        md += try report.epochTable(statistics)
      }
    } else {
      md +=
        "### Training\n\n"
        + narration.ending(
          status: run.status, epochs: run.epochs, steps: run.steps, detail: run.detail.map(TextSafety.markdown))
        + "\n\nThis run was recorded with `--capture none`: there is no arithmetic to show.\n\n"
    }
    let conclusions = Set(readers.map { RunNarration(configuration: $0.configuration, style: .plain).conclusion })
    if conclusions.count > 1, let conclusion = narration.conclusion {
      md += "### Conclusion\n\n" + MarkdownReport.paragraphs(TextSafety.markdown(conclusion))
    }
    return (md, charts)
  }
}

extension ComparisonReport {
  /// The data in a few words: its rows, and a small one-output set's targets (AND against OR).
  static func data(_ c: RunConfiguration) -> String {
    let rows = NumberFormat.count(c.rowCount, "row")
    guard c.rowCount <= 8, c.targets.count == c.rowCount, c.targets.allSatisfy({ $0.count == 1 }) else { return rows }
    return rows + ", targets y = " + c.targets.map { NumberFormat.short($0[0]) }.joined(separator: ", ")
  }

  /// Layers' activations with repeats counted: `` `relu` × 8, `sigmoid` ``.
  static func activations(_ names: [String]) -> String {
    var runs: [(name: String, count: Int)] = []
    for name in names {
      if let last = runs.last, last.name == name {
        runs[runs.count - 1].count += 1
      } else {
        runs.append((name, 1))
      }
    }
    return runs.map { "`\($0.name)`" + ($0.count > 1 ? " × \($0.count)" : "") }.joined(separator: ", ")
  }

  /// `a`, `a and b`, `a, b and c`.
  static func list(_ items: [String]) -> String {
    guard let last = items.last else { return "" }
    return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " and " + last
  }
}

extension String {
  /// `nil` for the empty string.
  fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
