import Foundation
import FoundationXML
import Testing
import TraceStore

@testable import Reports

/// A lesson's parts in one handout: the parts overlaid on shared axes and scales, every point a recorded value.
@Suite struct ComparisonReportTests {
  func readers(_ lesson: RecordedLesson) throws -> [TraceReader] {
    try lesson.runIDs.map { try TraceReader(database: lesson.database, runID: $0) }
  }

  func charts(_ report: ComparisonReport) throws -> [(fileName: String, chart: SVGChart)] {
    let statistics = try report.readers.map { try $0.statistics() }
    return report.comparisonCharts(
      statistics, trained: report.trained(statistics), prefix: try #require(report.chartPrefix))
  }

  /// The y-axis tick labels of an SVG chart, top to bottom as written.
  func yTicks(_ svg: String) throws -> [String] {
    let root = try #require(try XMLDocument(xmlString: svg).rootElement())
    return try root.nodes(forXPath: "//*[local-name()='text'][@text-anchor='end']").compactMap { $0.stringValue }
  }

  /// `value` within a relative 1e-12 of `expected`: the view sums the squares in SQLite's order.
  func close(_ value: Double, _ expected: Double) -> Bool {
    abs(value - expected) <= 1e-12 * max(1, abs(expected))
  }

  @Test func vanishingGradientsPartsShareOneLogScaleAndDrawTheTracesValues() throws {
    let lesson = try RecordedLesson("vanishing-gradients")
    let report = ComparisonReport(readers: try readers(lesson), chartPrefix: "h")
    let drawn = try charts(report)
    let names = drawn.map(\.fileName)
    #expect(names == ["h-loss.svg", "h-gradients-by-layer.svg", "h-sigmoid-gradients.svg", "h-relu-gradients.svg"])

    // The loss: one chart, one line per part, each point the view's loss at its real step.
    let loss = try #require(drawn.first { $0.fileName == "h-loss.svg" }?.chart)
    #expect(loss.series.count == lesson.runIDs.count)
    for (series, run) in zip(loss.series, lesson.runIDs) {
      let recorded = try lesson.database.stepLosses(run: run).filter { $0.value.isFinite }
      let points = series.points.filter { $0.y.isFinite }
      if loss.drawnEvery == 1 { #expect(points.count == recorded.count) }
      for point in points {
        #expect(recorded.contains { Double($0.step) == point.x && $0.value == point.y }, "\(series.name) \(point)")
      }
    }

    // The gradient norms of both parts: one y range covering every value of every part, log for both.
    let parts = drawn.filter { $0.fileName.hasSuffix("-gradients.svg") }.map(\.chart)
    #expect(parts.count == 2)
    var all: [Double] = []
    for (chart, run) in zip(parts, lesson.runIDs) {
      let recorded = try lesson.database.layerGradientNorms(run: run).filter { $0.value.isFinite }
      all += recorded.map(\.value)
      for (l, series) in chart.series.enumerated() {
        #expect(series.name == RunStatistics.weightGradientNorm(layer: l + 1))
        let ofLayer = recorded.filter { $0.layer == l + 1 }
        let points = series.points.filter { $0.y.isFinite }
        if chart.drawnEvery == 1 { #expect(points.count == ofLayer.count) }
        for point in points {
          #expect(ofLayer.contains { Double($0.step) == point.x && close(point.y, $0.value) }, "\(series.name)")
        }
      }
    }
    let low = try #require(all.min())
    let high = try #require(all.max())
    #expect(high / low > 100, "the two parts' gradients span decades")
    for chart in parts {
      #expect(chart.logarithmic)
      let range = try #require(chart.yRange)
      #expect(close(range.lowerBound, low) && close(range.upperBound, high))
      #expect(chart.xRange == parts[0].xRange)
    }
    // In the SVGs themselves: the same y axis, ticks and labels, on both parts' charts.
    let svgs = parts.map { $0.render() }
    #expect(try yTicks(svgs[0]) == (try yTicks(svgs[1])))
    #expect(try yTicks(svgs[0]).count >= 3)
    #expect(svgs.allSatisfy { $0.contains("(log scale)") })

    // Each layer at step 0, every part on one chart and the same scale.
    let byLayer = try #require(drawn.first { $0.fileName == "h-gradients-by-layer.svg" }?.chart)
    #expect(byLayer.logarithmic && byLayer.yRange == parts[0].yRange)
    for (series, run) in zip(byLayer.series, lesson.runIDs) {
      let atZero = try lesson.database.layerGradientNorms(run: run).filter { $0.step == 0 }
      #expect(series.points.map(\.x) == atZero.compactMap { $0.layer.map(Double.init) })
      #expect(zip(series.points, atZero).allSatisfy { close($0.y, $1.value) })
    }
  }

  @Test func theHandoutNamesEachPartAndWhatTellsThemApartAndIsByteStable() throws {
    let lesson = try RecordedLesson("optimizers")
    let report = ComparisonReport(readers: try readers(lesson), chartPrefix: "h")
    let output = try report.render()
    let again = try ComparisonReport(readers: try readers(lesson), chartPrefix: "h").render()
    #expect(output.markdown == again.markdown)
    #expect(output.charts.map(\.svg) == again.charts.map(\.svg))
    let md = output.markdown
    // The title and introduction once.
    #expect(md.hasPrefix("# Optimizers\n\n"))
    #expect(md.components(separatedBy: "## Introduction").count == 2)
    // The parts table names the optimizer, the setting that differs, and a section per part.
    #expect(md.contains("What tells them apart: optimizer;"))
    for name in ["sgd", "momentum", "rmsprop", "adam"] {
      #expect(md.contains("## Part \(name): "), "\(name)")
      #expect(md.contains("](h-\(name)-gradients.svg)"), "\(name)")
    }
    #expect(md.contains("](h-loss.svg)"))
    // Every chart it links to is written, once.
    let files = output.charts.map(\.fileName)
    #expect(Set(files).count == files.count)
    for file in files { #expect(md.contains("](\(file))"), "\(file)") }
  }
}
