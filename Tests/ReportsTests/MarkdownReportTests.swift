import Foundation
import FoundationXML
import Ink
import Reports
import Testing

@Suite struct MarkdownReportTests {
  /// Exports `yaml`'s run with charts and checks it as Markdown: real tables, images that exist, SVGs that parse.
  func checkReport(_ yaml: String, name: String) throws -> String {
    let run = try RecordedRun(yaml, name: name)
    let reader = try TraceReader(database: run.database, runID: run.runID)
    let output = try MarkdownReport(reader: reader, chartPrefix: "report").render()
    let markdown = output.markdown
    #expect(markdown.utf8.count < 1_000_000, "\(name): \(markdown.utf8.count) bytes")

    // Every table has the header's number of cells on every row, and Ink turns each into an HTML table.
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var tables = 0
    var k = 0
    var inFence = false
    while k < lines.count {
      if lines[k].hasPrefix("```") { inFence.toggle() }
      if !inFence && lines[k].hasPrefix("| ") && k + 1 < lines.count && lines[k + 1].hasPrefix("| ---") {
        tables += 1
        let columns = Self.cells(lines[k])
        var row = k + 1
        while row < lines.count && lines[row].hasPrefix("|") {
          #expect(Self.cells(lines[row]) == columns, "\(name): a ragged table row: \(lines[row])")
          row += 1
        }
        k = row
        continue
      }
      k += 1
    }
    // Configuration, network, data and parameters; an activation lesson has no parameters.
    #expect(tables >= (markdown.contains("an activation function, evaluated") ? 3 : 4), "\(name): \(tables) tables")
    let html = MarkdownParser().html(from: markdown)
    #expect(
      html.components(separatedBy: "<table>").count - 1 == tables, "\(name): Ink saw a different number of tables")
    #expect(html.contains("<th>setting</th>"))
    #expect(html.contains("<h1>"))

    // Math blocks are LaTeX in ASCII with balanced braces.
    var mathLines = 0
    for line in MathBlocks.extract(markdown).flatMap({ $0.split(separator: "\n").map(String.init) }) {
      mathLines += 1
      let ascii = line.allSatisfy { $0.isASCII }
      #expect(ascii, "\(name): non-ASCII LaTeX: \(line)")
      #expect(!line.contains("\\text{?}"), "\(name): a symbol LaTeX was not given: \(line)")
      #expect(line.filter { $0 == "{" }.count == line.filter { $0 == "}" }.count, "\(name): unbalanced: \(line)")
      #expect(line.components(separatedBy: "\\left(").count == line.components(separatedBy: "\\right)").count)
    }
    #expect(mathLines > 5)

    // Every image is one of the charts, and every chart parses as an SVG.
    let images = lines.compactMap { line -> String? in
      guard line.hasPrefix("!["), let open = line.range(of: "](", options: .backwards), line.hasSuffix(")") else {
        return nil
      }
      return String(line[open.upperBound..<line.index(before: line.endIndex)])
    }
    #expect(!images.isEmpty)
    #expect(Set(images) == Set(output.charts.map(\.fileName)))
    for chart in output.charts {
      let document = try XMLDocument(xmlString: chart.svg)
      #expect(document.rootElement()?.name == "svg", "\(chart.fileName)")
    }
    return markdown
  }

  static func cells(_ line: String) -> Int {
    line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count - 1
  }

  @Test(arguments: BuiltInLessons.ids)
  func everyBuiltInLessonExportsAsValidMarkdown(lesson: String) throws {
    let yaml = try #require(try BuiltInLessons.all().first { $0.id == lesson }?.yaml)
    let markdown = try checkReport(yaml, name: lesson)
    #expect(markdown.contains("worked in full"))
  }

  @Test(arguments: FixtureLessons.all.map(\.name))
  func everyFixtureExportsAsValidMarkdown(lesson: String) throws {
    let yaml = try #require(FixtureLessons.all.first { $0.name == lesson }?.yaml)
    _ = try checkReport(yaml, name: lesson)
  }

  @Test func aLargeRunIsSummarisedNotDumped() throws {
    var inputs: [String] = []
    var targets: [String] = []
    for r in 0..<200 {
      inputs.append(
        "[" + (0..<64).map { c in "\(Double((r * 31 + c * 17) % 97) / 48.0 - 1.0)" }.joined(separator: ", ") + "]")
      targets.append(r % 2 == 0 ? "[1, 0]" : "[0, 1]")
    }
    let yaml = """
      title: Large
      layers: [64, 48, 2]
      activations: [relu, softmax]
      loss: cross_entropy
      optimizer: {name: sgd, lr: 0.05}
      init: {name: he, seed: 1}
      data: {inputs: [\(inputs.joined(separator: ", "))], targets: [\(targets.joined(separator: ", "))]}
      training: {epochs: 3, batch_size: 50}
      """
    let markdown = try checkReport(yaml, name: "large")
    #expect(markdown.utf8.count < 200_000, "\(markdown.utf8.count) bytes for a 3,218-parameter network")
    #expect(markdown.contains("more parameters of this layer"))
    #expect(markdown.contains("and 184 more rows"))
  }

  @Test func withoutAFileTheChartsBecomeSparklines() throws {
    let run = try RecordedRun(FixtureLessons.xor, name: "xor")
    let output = try MarkdownReport(reader: TraceReader(database: run.database, runID: run.runID), chartPrefix: nil)
      .render()
    #expect(output.charts.isEmpty)
    #expect(!output.markdown.contains("!["))
    #expect(output.markdown.contains("loss per step"))
  }

  @Test func aRunWithoutItsTraceSaysSo() throws {
    let run = try RecordedRun(FixtureLessons.xor, name: "xor", capture: .none)
    let output = try MarkdownReport(reader: TraceReader(database: run.database, runID: run.runID), chartPrefix: "r")
      .render()
    #expect(output.markdown.contains("`--capture none`"))
    #expect(output.charts.isEmpty)
  }
}
