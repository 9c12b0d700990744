import Foundation
import Ink
import Reports
import Testing

/// pandoc, found on PATH: a Markdown engine of its own, run as a subprocess.
enum Pandoc {
  static let path: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin")
    .split(separator: ":").map { "\($0)/pandoc" }.first { FileManager.default.isExecutableFile(atPath: $0) }

  /// Under CI (`CI=true`) a missing pandoc fails the test; elsewhere the test is skipped.
  static var runs: Bool { path != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

  /// The document pandoc reads from `markdown` as the `format` reader parses it, as pandoc's JSON.
  static func document(_ markdown: String, format: String) throws -> Any {
    let path = try #require(path, "pandoc is not installed (Debian: apt-get install -y pandoc)")
    let input = FileManager.default.temporaryDirectory.appendingPathComponent("nntrace-pandoc-\(UUID()).md")
    try Data(markdown.utf8).write(to: input)
    defer { try? FileManager.default.removeItem(at: input) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = ["--from", format, "--to", "json", input.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "pandoc --from \(format) failed")
    return try JSONSerialization.jsonObject(with: data)
  }

  /// Every Math element of a pandoc document, in order: whether it is display maths, and its TeX.
  static func maths(in node: Any) -> [(display: Bool, tex: String)] {
    if let array = node as? [Any] { return array.flatMap(maths(in:)) }
    guard let object = node as? [String: Any] else { return [] }
    if object["t"] as? String == "Math", let content = object["c"] as? [Any], content.count == 2,
      let kind = (content[0] as? [String: Any])?["t"] as? String, let tex = content[1] as? String
    {
      return [(kind == "DisplayMath", tex)]
    }
    return object.values.flatMap(maths(in:))
  }
}

@Suite struct HandoutMathsTests {
  /// Each built-in lesson's parts recorded as `nntrace run` records them, and each part's handout
  /// read by two Markdown engines of their own: pandoc, with its own Markdown reader and with its
  /// CommonMark one as GitHub, GitLab and VS Code read Markdown (`gfm+tex_math_dollars`), must find
  /// every `$$` block as display maths with its LaTeX unchanged, and no other maths; Ink, which does
  /// not know maths, must keep each block one paragraph of its own, between its `$$`, without letting
  /// it swallow a heading or a table.
  // One lesson at a time: recording all sixteen at once would crowd the timing tests of other suites.
  @Test(.enabled(if: Pandoc.runs), .serialized, arguments: BuiltInLessons.ids)
  func everyHandoutsMathsSurvivesTwoEngines(lesson: String) throws {
    let recorded = try RecordedLesson(lesson)
    var blocksSeen = 0
    for id in recorded.runIDs {
      let reader = try TraceReader(database: recorded.database, runID: id)
      let markdown = try MarkdownReport(reader: reader, chartPrefix: "handout").render().markdown
      #expect(!markdown.contains("```math"), "\(lesson) run \(id): a GitHub-only maths fence")
      let blocks = MathBlocks.extract(markdown)
      blocksSeen += blocks.count
      for format in ["markdown", "gfm+tex_math_dollars"] {
        let found = Pandoc.maths(in: try Pandoc.document(markdown, format: format))
        #expect(found.allSatisfy { $0.display }, "\(lesson) run \(id), pandoc \(format): inline maths found")
        let tex = found.map { $0.tex.trimmingCharacters(in: .newlines) }
        #expect(tex == blocks, "\(lesson) run \(id), pandoc \(format): \(tex.count) maths of \(blocks.count)")
      }
      let html = MarkdownParser().html(from: markdown)
      let paragraphs = html.components(separatedBy: "<p>$$").count - 1
      #expect(paragraphs == blocks.count, "\(lesson) run \(id), Ink: \(paragraphs) maths paragraphs of \(blocks.count)")
      for block in html.components(separatedBy: "<p>$$").dropFirst() {
        let paragraph = block.components(separatedBy: "</p>")[0]
        #expect(paragraph.hasSuffix("$$"), "\(lesson) run \(id), Ink: a maths block not closed in its paragraph")
        #expect(!paragraph.contains("<h") && !paragraph.contains("<table"), "\(lesson) run \(id), Ink: \(paragraph)")
      }
      // Headings: lines of `#` outside fenced code (the PyTorch sketch's comments are not headings).
      var fenced = false
      let headings = markdown.split(separator: "\n").filter { line in
        if line.hasPrefix("```") { fenced.toggle() }
        return !fenced && line.hasPrefix("#")
      }.count
      let inkHeadings = (1...6).map { html.components(separatedBy: "<h\($0)>").count - 1 }.reduce(0, +)
      #expect(inkHeadings == headings, "\(lesson) run \(id), Ink: \(inkHeadings) headings of \(headings)")
    }
    let worked = try recorded.runIDs.contains { id in
      try TraceReader(database: recorded.database, runID: id).run.capture == "all"
    }
    #expect(!worked || blocksSeen > 0, "\(lesson): a step worked in full without maths")
  }
}
