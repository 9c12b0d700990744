import Foundation
import Testing

@Suite struct ExportCommandTests {
  @Test func writesTheReportWithItsChartsBesideIt() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "xor-mlp", "--db", "t.sqlite", "--quiet", "--epochs", "50"], in: directory)
    let export = try ReportsCLI.run(["export", "latest", "--db", "t.sqlite", "-o", "handout/xor.md"], in: directory)
    #expect(export.status == 0)
    #expect(export.stdout.isEmpty)
    let folder = directory.appendingPathComponent("handout")
    let markdown = try String(contentsOf: folder.appendingPathComponent("xor.md"), encoding: .utf8)
    #expect(markdown.hasPrefix("# Depth solves XOR\n"))
    for chart in ["xor-loss.svg", "xor-gradients.svg", "xor-weights.svg"] {
      #expect(markdown.contains("](\(chart))"))
      let svg = try String(contentsOf: folder.appendingPathComponent(chart), encoding: .utf8)
      #expect(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }
  }

  @Test func withoutAFileTheReportGoesToStandardOutput() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "perceptron", "--db", "t.sqlite", "--quiet"], in: directory)
    let export = try ReportsCLI.run(["export", "1", "--db", "t.sqlite"], in: directory)
    #expect(export.status == 0)
    #expect(export.stdout.hasPrefix("# The perceptron update rule — and\n"), "\(export.stdout.prefix(80))")
    #expect(!export.stdout.contains("!["))
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".svg") }
    #expect(files.isEmpty)
  }

  @Test func anUnknownRunIsRefused() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "perceptron", "--db", "t.sqlite", "--quiet"], in: directory)
    let export = try ReportsCLI.run(["export", "7", "--db", "t.sqlite", "-o", "r.md"], in: directory)
    #expect(export.status == 66)
    #expect(export.stderr.contains("there is no run 7"))
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("r.md").path))
  }
}

/// `nntrace export A B … -o FILE`: a lesson's parts in one handout; one run's handout as it was.
@Suite struct ExportSeveralRunsCommandTests {
  @Test func severalRunsAreOneHandoutWithEveryChartItLinksBesideIt() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "perceptron", "--db", "t.sqlite", "--quiet"], in: directory)
    let export = try ReportsCLI.run(["export", "1", "2", "--db", "t.sqlite", "-o", "out/h.md"], in: directory)
    #expect(export.status == 0, "\(export.stderr)")
    #expect(export.stdout.isEmpty)
    let folder = directory.appendingPathComponent("out")
    let markdown = try String(contentsOf: folder.appendingPathComponent("h.md"), encoding: .utf8)
    #expect(markdown.hasPrefix("# The perceptron update rule\n"))
    #expect(markdown.contains("## Part and: ") && markdown.contains("## Part or: "))
    #expect(markdown.contains("](h-mistakes.svg)"))
    let linked = markdown.components(separatedBy: "](").dropFirst().compactMap { $0.split(separator: ")").first }
      .map(String.init)
    let written = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(written == (["h.md"] + linked).sorted())
    // The same runs again give the same bytes.
    let again = try ReportsCLI.run(
      ["export", "1", "2", "--db", "t.sqlite", "-o", "again/h.md"], in: directory)
    #expect(again.status == 0)
    for name in written {
      let a = try Data(contentsOf: folder.appendingPathComponent(name))
      let b = try Data(contentsOf: directory.appendingPathComponent("again").appendingPathComponent(name))
      #expect(a == b, "\(name)")
    }
  }

  @Test func oneRunsHandoutIsByteForByteWhatItWasBefore() throws {
    // Handouts/chain-rule was written by `nntrace export 1 -o report.md` of commit ff33223, before
    // several runs made one handout (every built-in lesson's one-run handouts were compared then, all alike).
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "chain-rule", "--db", "t.sqlite", "--quiet"], in: directory)
    let out = directory.appendingPathComponent("out")
    let export = try ReportsCLI.run(["export", "1", "--db", "t.sqlite", "-o", "out/report.md"], in: directory)
    #expect(export.status == 0, "\(export.stderr)")
    let before = ReportsCLI.root.appendingPathComponent("Tests/nntraceTests/Handouts/chain-rule")
    let expected = try FileManager.default.contentsOfDirectory(atPath: before.path).sorted()
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == expected)
    for name in expected {
      let now = try Data(contentsOf: out.appendingPathComponent(name))
      #expect(now == (try Data(contentsOf: before.appendingPathComponent(name))), "\(name)")
    }
  }
}
