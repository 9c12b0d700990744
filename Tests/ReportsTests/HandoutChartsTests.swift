import Foundation
import FoundationXML
import Testing
import TraceStore

@testable import Reports

/// The handout's charts draw recorded values only, at the steps they were recorded.
@Suite struct HandoutChartsTests {
  /// Every value of `kinds` the run recorded, by step.
  func recorded(_ reader: TraceReader, _ kinds: [String]) throws -> [TraceRow] {
    var rows: [TraceRow] = []
    try reader.database.forEachTraceRow(run: reader.run.id, filter: TraceFilter(kinds: kinds)) { rows.append($0) }
    return rows
  }

  func elements(_ svg: String, _ name: String) throws -> [XMLElement] {
    let root = try #require(try XMLDocument(xmlString: svg).rootElement())
    return try root.nodes(forXPath: "//*[local-name()='\(name)']").compactMap { $0 as? XMLElement }
  }

  func chart(_ output: MarkdownReport.Output, _ suffix: String) throws -> String {
    try #require(output.charts.first { $0.fileName.hasSuffix(suffix) }?.svg, "no \(suffix) chart")
  }

  @Test func aThinnedRunIsDrawnAtItsRealStepsWithItsGapLeftOpen() throws {
    // universal-approximation records steps 0 and 599 only (first_steps 1, last_steps 1).
    let lesson = try RecordedLesson("universal-approximation")
    let reader = try TraceReader(database: lesson.database, runID: lesson.runIDs[0])
    let report = MarkdownReport(reader: reader, chartPrefix: "h")
    let output = try report.render()
    let statistics = try reader.statistics()
    let losses = try recorded(reader, ["loss"]).filter { $0.sample == nil }
    #expect(losses.map(\.step) == [0, 599])

    // The loss: two dots at steps 0 and 599, no line between them.
    let loss = try chart(output, "-loss.svg")
    #expect(try elements(loss, "polyline").isEmpty)
    #expect(try elements(loss, "circle").count == 2)
    let points = RecordedSeries.steps(statistics.stepLosses).filter { $0.y.isFinite }
    #expect(points.map(\.x) == losses.map { Double($0.step) })
    #expect(points.map(\.y) == losses.map(\.value))
    #expect(loss.contains("recorded: steps 0 and 599 only; nothing drawn between"))

    // The weights: the initial value at 0, after step 0 at 1, after step 599 at 600 (not at 2).
    let weights = try #require(try report.weightChart(gapNote: nil))
    let rows = try recorded(reader, ["w"]).filter { $0.j != nil }
    for series in weights.series {
      let drawn = series.points.filter { $0.y.isFinite }
      #expect(drawn.map(\.x) == [0, 1, 600])
      for point in drawn {
        let step = point.x == 0 ? 0 : Int(point.x) - 1
        let phase = point.x == 0 ? "init" : "update"
        #expect(rows.contains { $0.step == step && $0.phase == phase && $0.value == point.y }, "\(series.name)")
      }
      #expect(series.points.contains { $0.y.isNaN }, "\(series.name): no gap between steps 1 and 600")
    }

    // The handout says what was not recorded, and so does its table.
    #expect(output.markdown.contains("Only steps 0 and 599 of the run's 600 steps were recorded"))
    #expect(output.markdown.contains("| 1–598 | not recorded |"))
  }

  @Test func everyPointOfALineIsARecordedValue() {
    let values: [Double] = [3, .nan, .nan, 2, 1, .nan, 5]
    let points = RecordedSeries.steps(values)
    #expect(points.filter { $0.y.isFinite }.map(\.x) == [0, 3, 4, 6])
    let chart = SVGChart(title: "t", xLabel: "x", yLabel: "y", series: [SVGChart.Series(name: "s", points: points)])
    let svg = chart.render()
    // Step 0 and step 6 stand alone; steps 3–4 are one line: two dots, one polyline of two points, marked.
    #expect(svg.components(separatedBy: "<polyline").count - 1 == 1)
    #expect(svg.components(separatedBy: "<circle").count - 1 == 4)
    // A regular thinning (every 10th step) is one line through the recorded steps.
    let every = RecordedSeries.joined((0..<20).map { (x: Double($0 * 10), y: Double($0)) })
    #expect(!every.contains { $0.y.isNaN })
    // More points than a chart draws: every k-th recorded point, each one of the series' own.
    let long = (0..<1000).map { (x: Double($0), y: sin(Double($0))) }
    let thinned = SVGChart(title: "t", xLabel: "x", yLabel: "y", series: [SVGChart.Series(name: "s", points: long)])
    #expect(thinned.drawnEvery == 3)
    #expect(thinned.series[0].points.allSatisfy { point in long.contains { $0 == point } })
    #expect(thinned.note == "every 3rd recorded point drawn")
  }

  @Test func countsHaveWholeTicksAndEveryEpochIsTabled() throws {
    let lesson = try RecordedLesson("perceptron")
    let reader = try TraceReader(database: lesson.database, runID: lesson.runIDs[0])
    let output = try MarkdownReport(reader: reader, chartPrefix: "p").render()
    let svg = try chart(output, "-mistakes.svg")
    // The y axis' tick labels are the texts anchored at their end.
    let yLabels = svg.components(separatedBy: "text-anchor=\"end\">").dropFirst().map {
      String($0.prefix { $0 != "<" })
    }
    #expect(yLabels.count >= 2)
    for label in yLabels { #expect(Int(label) != nil, "a tick at \(label) mistakes") }
    for epoch in 0..<15 { #expect(output.markdown.contains("\n| \(epoch) | "), "epoch \(epoch) is not in the table") }
  }

  @Test func eachActivationIsDrawnWithItsDerivativeFromTheTrace() throws {
    let lesson = try RecordedLesson("activations")
    for id in lesson.runIDs {
      let reader = try TraceReader(database: lesson.database, runID: id)
      let report = MarkdownReport(reader: reader, chartPrefix: "a")
      let output = try report.render()
      #expect(!output.charts.contains { $0.fileName.hasSuffix("-loss.svg") }, "run \(id): a loss chart")
      guard reader.configuration.units(1) == 1 else {
        #expect(output.charts.isEmpty, "softmax has no single curve")
        continue
      }
      let rows = try recorded(reader, ["z", "a", "derivative"])
      let chart = try #require(report.activationChart(try report.activationValues()))
      #expect(chart.series.count == 2)
      for (series, kind) in zip(chart.series, ["a", "derivative"]) {
        #expect(series.points.count == 17)
        for point in series.points {
          let sample = try #require(rows.first { $0.kind == "z" && $0.value == point.x }?.sample)
          #expect(rows.contains { $0.kind == kind && $0.sample == sample && $0.value == point.y })
        }
      }
      #expect(try elements(try self.chart(output, "-activation.svg"), "circle").count == 34)
    }
  }

  @Test func theDecisionBoundaryIsTheNetworkOfTheRecordedWeights() throws {
    let lesson = try RecordedLesson("xor-mlp")
    let reader = try TraceReader(database: lesson.database, runID: lesson.runIDs[0])
    let report = MarkdownReport(reader: reader, chartPrefix: "x")
    let outputs = try recorded(reader, ["a"]).filter { $0.layer == 2 }
    // Evaluated from the weights recorded after step s − 1, the network gives step s's recorded outputs.
    for step in [1, 500, 999] {
      let network = BoundaryNetwork(
        configuration: reader.configuration, parameters: try report.parameters(after: step - 1))
      for (r, x) in reader.configuration.inputs.enumerated() {
        let recordedOutput = try #require(outputs.first { $0.step == step && $0.sample == r }).value
        #expect(abs(network.output(x)[0] - recordedOutput) < 1e-12, "step \(step), row \(r)")
      }
    }
    let chart = try #require(try report.boundaryChart())
    #expect(chart.panels.map(\.title) == ["before step 0 (initial)", "after step 499", "after step 999"])
    #expect(chart.rows.map(\.label) == [0, 1, 1, 0])
    let svg = try self.chart(try report.render(), "-boundary.svg")
    #expect(svg.contains("after step 999"))
    #expect(try elements(svg, "circle").count == 2 * 3)
  }

  @Test func thePerceptronsLastBoundarySeparatesWhatItLearned() throws {
    let lesson = try RecordedLesson("perceptron")
    for id in lesson.runIDs {
      let reader = try TraceReader(database: lesson.database, runID: id)
      let statistics = try reader.statistics()
      #expect(statistics.epochs.last?.mistakes == 0)
      let chart = try #require(try MarkdownReport(reader: reader, chartPrefix: "p").boundaryChart())
      let last = try #require(chart.panels.last)
      #expect(last.title == "after step \(reader.lastStep)")
      for (x, y) in zip(reader.configuration.inputs, reader.configuration.targets) {
        #expect(last.network.answer(x).label == Int(y[0]), "run \(id): \(x)")
      }
    }
  }

  @Test func theFittedCurveIsTheRecordedOutput() throws {
    let lesson = try RecordedLesson("universal-approximation")
    let reader = try TraceReader(database: lesson.database, runID: lesson.runIDs[3])
    let chart = try #require(try MarkdownReport(reader: reader, chartPrefix: "u").fitChart())
    #expect(chart.series.map(\.name) == ["target y (the data)", "output at step 0", "output at step 599"])
    let rows = try recorded(reader, ["x", "y", "a"])
    for point in chart.series[2].points {
      let sample = try #require(rows.first { $0.kind == "x" && $0.step == 599 && $0.value == point.x }?.sample)
      #expect(
        rows.contains {
          $0.kind == "a" && $0.layer == 2 && $0.step == 599 && $0.sample == sample && $0.value == point.y
        })
    }
    for point in chart.series[0].points {
      #expect(abs(point.y - sin(point.x)) < 1e-6, "the target is sin(x)")
    }
    #expect(chart.series[0].points.count == 40)
  }

  @Test func accuracyIsDrawnPerEpochWhereItWasMeasured() throws {
    let lesson = try RecordedLesson("iris")
    let reader = try TraceReader(database: lesson.database, runID: lesson.runIDs[0])
    let chart = try #require(try MarkdownReport(reader: reader, chartPrefix: "i").accuracyChart())
    let rows = try recorded(reader, ["train_accuracy", "test_accuracy"])
    #expect(chart.series.map(\.name) == ["training rows", "held-out rows"])
    for (series, kind) in zip(chart.series, ["train_accuracy", "test_accuracy"]) {
      let expected = rows.filter { $0.kind == kind }.sorted { $0.epoch < $1.epoch }
      #expect(series.points.map(\.x) == expected.map { Double($0.epoch) })
      #expect(series.points.map(\.y) == expected.map(\.value))
    }
    #expect(chart.yRange == 0...1)
  }

  @Test func vanishingGradientsShowsItsFirstLayerBesideItsLast() throws {
    let lesson = try RecordedLesson("vanishing-gradients")
    let reader = try TraceReader(database: lesson.database, runID: lesson.runIDs[0])
    let chart = try #require(try MarkdownReport(reader: reader, chartPrefix: "v").weightChart(gapNote: nil))
    #expect(chart.series.filter { $0.name.hasSuffix("⁽¹⁾") }.count == 3)
    #expect(chart.series.filter { $0.name.hasSuffix("⁽⁹⁾") }.count == 3)
    #expect(chart.title.contains("layers 1 and 9"))
  }
}
