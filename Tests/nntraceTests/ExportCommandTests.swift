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
