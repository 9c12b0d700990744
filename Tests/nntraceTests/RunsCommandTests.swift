import Foundation
import Testing
import TraceStore

@Suite struct RunsCommandTests {
  @Test func aCompletedRunIsListedWithItsStepsAndValues() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    let result = try nntrace.succeed(["runs", "--db", db])

    let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    #expect(lines.count == 2, "\(result.stdout)")
    #expect(lines.first == ["id", "lesson", "status", "started", "steps", "values", "size", "capture"])
    let row = try #require(lines.last)
    // The size is a number and a unit ("53.2 kB").
    #expect(row.count == 9, "\(result.stdout)")
    #expect(row[0] == "1")
    #expect(row[1] == "perceptron-xor")
    #expect(row[2] == "completed")
    #expect(row[4] == "60")
    let stored = try #require(try TraceDatabase.open(path: db, readOnly: true).run(1))
    #expect(row[5] == "\(stored.values)")
    #expect(stored.values > 0)
  }

  @Test func runsAreListedInOrder() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    try nntrace.succeed(["run", "xor-mlp", "--quiet", "--epochs", "2", "--db", db])
    let result = try nntrace.succeed(["runs", "--db", db])
    let rows = result.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: " ").map(String.init) }
    #expect(rows.map { $0.first ?? "" } == ["1", "2"])
    #expect(rows.map { $0.count > 1 ? $0[1] : "" } == ["perceptron-xor", "xor-mlp"])
  }

  @Test func anEmptyDatabaseSaysThereAreNoRunsYet() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    _ = try TraceDatabase.open(path: db)
    let result = try nntrace.succeed(["runs", "--db", db])
    #expect(result.stdout.contains("No runs recorded yet"))
  }

  @Test func aMissingDatabaseExits66AndIsNotCreated() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("absent.sqlite")
    let result = try nntrace.run(["runs", "--db", db])
    #expect(result.status == 66)
    #expect(result.stdout == "")
    #expect(result.stderr.contains(db), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: db))
  }
}
