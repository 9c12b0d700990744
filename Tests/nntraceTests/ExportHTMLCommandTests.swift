import Foundation
import Testing

/// `nntrace export RUN… --html`: one page of one or several runs, and the usage it refuses.
@Suite struct ExportHTMLCommandTests {
  @Test func writesOnePageOfALessonsRunsAndSaysWhatItHolds() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "perceptron", "--db", "t.sqlite", "--quiet"], in: directory)
    let export = try ReportsCLI.run(
      ["export", "1", "2", "--html", "--db", "t.sqlite", "-o", "out/page.html"], in: directory)
    #expect(export.status == 0, "\(export.stderr)")
    #expect(export.stdout.isEmpty)
    #expect(export.stderr.contains("perceptron/and (run 1): 60 of 60 recorded steps; perceptron/or (run 2): 60 of 60"))
    let html = try String(contentsOf: directory.appendingPathComponent("out/page.html"), encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains(#""label":"perceptron/and""#) && html.contains(#""label":"perceptron/or""#))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("out").path) == ["page.html"]
    )
  }

  @Test func withoutAFileThePageGoesToStandardOutput() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "chain-rule", "--db", "t.sqlite", "--quiet"], in: directory)
    let export = try ReportsCLI.run(["export", "latest", "--html", "--db", "t.sqlite"], in: directory)
    #expect(export.status == 0)
    #expect(export.stdout.hasPrefix("<!DOCTYPE html>"))
    #expect(export.stdout.hasSuffix("</html>\n"))
  }

  @Test func severalRunsAreAHandoutOrAPageAndHTMLIsNotAScript() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "perceptron", "--db", "t.sqlite", "--quiet"], in: directory)
    let two = try ReportsCLI.run(["export", "1", "2", "--as", "numpy", "--db", "t.sqlite"], in: directory)
    #expect(two.status == 64)
    #expect(two.stderr.contains("several runs can be exported together only as a handout or with --html"))
    let both = try ReportsCLI.run(["export", "1", "--html", "--as", "pytorch", "--db", "t.sqlite"], in: directory)
    #expect(both.status == 64)
    #expect(both.stderr.contains("--html cannot be used with --as or --worksheet"))
    let missing = try ReportsCLI.run(["export", "1", "9", "--html", "--db", "t.sqlite", "-o", "p.html"], in: directory)
    #expect(missing.status == 66)
    #expect(missing.stderr.contains("there is no run 9"))
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("p.html").path))
  }
}
