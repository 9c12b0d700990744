import Foundation
import Testing

@Suite struct VacuumCommandTests {
  private func size(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
  }

  @Test func vacuumGivesTheSpaceOfDeletedRunsBack() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "xor-mlp", "--epochs", "500", "--quiet", "--db", db])
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    try nntrace.succeed(["rm", "1", "--db", db])
    let result = try nntrace.succeed(["vacuum", "--db", db])
    #expect(result.stdout.hasPrefix("Vacuumed \(db): "), "\(result.stdout)")
    #expect(result.stdout.contains(" given back)."))
    // What remains: one small run of 723 values.
    let bytes = try size(db)
    #expect(bytes < 200_000, "\(bytes) bytes")
    #expect(try sqlite3(db, "SELECT count(*) FROM trace") == "723\n")
    #expect(try sqlite3(db, "PRAGMA integrity_check") == "ok\n")
  }
}
