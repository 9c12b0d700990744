import Foundation
import Testing
import TraceStore

@Suite struct RmCommandTests {
  @Test func rmDeletesTheNamedRunsAndLeavesTheOthersWhole() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    for _ in 0..<4 { try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db]) }
    let kept = try sqlite3(db, "SELECT run_id, seq, i, j, value FROM trace WHERE run_id = 3 ORDER BY seq, i, j")

    let result = try nntrace.succeed(["rm", "1-2", "latest", "--db", db])
    #expect(
      result.stdout
        == """
        Deleted run 1 (perceptron-xor, completed, 723 values).
        Deleted run 2 (perceptron-xor, completed, 723 values).
        Deleted run 4 (perceptron-xor, completed, 723 values).
        Run `nntrace vacuum` to give the space back to the file system.

        """)
    #expect(try sqlite3(db, "SELECT group_concat(id) FROM runs") == "3\n")
    #expect(try sqlite3(db, "SELECT count(*) FROM value") == "723\n")
    #expect(try sqlite3(db, "SELECT run_id, seq, i, j, value FROM trace ORDER BY seq, i, j") == kept)
  }

  @Test func aMissingRunDeletesNothingAndExits66() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    let result = try nntrace.run(["rm", "1", "7", "--db", db])
    #expect(result.status == 66)
    #expect(result.stderr.contains("no run 7"), "\(result.stderr)")
    #expect(try sqlite3(db, "SELECT count(*) FROM runs") == "1\n")
  }

  @Test func aRunBeingRecordedIsNotDeleted() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    let run = try BackgroundRun(nntrace, ["run", "xor-mlp", "--epochs", "200000", "--quiet", "--db", db])
    try waitUntil("the first commit") { committedValues(db, run: 1) > 0 }
    let result = try nntrace.run(["rm", "1", "--db", db])
    run.send(SIGINT)
    _ = try run.finish()
    #expect(result.status == 1)
    #expect(result.stderr.contains("still being recorded"), "\(result.stderr)")
    #expect(try TraceDatabase.open(path: db, readOnly: true).run(1)?.status == "interrupted")
  }
}
