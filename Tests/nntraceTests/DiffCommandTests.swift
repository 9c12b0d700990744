import Foundation
import Testing

@Suite struct DiffCommandTests {
  @Test func twoRunsSideBySideNameWhereTheyPart() throws {
    let directory = try ReportsCLI.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try ReportsCLI.run(["run", "xor-mlp", "--db", "t.sqlite", "--quiet", "--epochs", "20"], in: directory)
    _ = try ReportsCLI.run(
      ["run", "xor-mlp", "--db", "t.sqlite", "--quiet", "--epochs", "20", "--seed", "4"], in: directory)
    _ = try ReportsCLI.run(["run", "xor-mlp", "--db", "t.sqlite", "--quiet", "--epochs", "20"], in: directory)
    let diff = try ReportsCLI.run(["diff", "1", "2", "--db", "t.sqlite"], in: directory)
    #expect(diff.status == 0)
    #expect(diff.stdout.contains("init.seed"))
    #expect(diff.stdout.contains("Loss at matching steps"))
    #expect(diff.stdout.contains("They first differ at step 0: the initial weight w, layer 1"), "\(diff.stdout)")
    let same = try ReportsCLI.run(["diff", "1", "3", "--db", "t.sqlite"], in: directory)
    #expect(same.stdout.contains("The same configuration."))
    #expect(same.stdout.contains("They agree, value for value, at every step."))
    let bad = try ReportsCLI.run(["diff", "1", "2", "--db", "t.sqlite", "--tolerance", "-1"], in: directory)
    #expect(bad.status == 64)
  }
}
