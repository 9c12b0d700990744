import Foundation
import Testing
import TraceStore

/// Every way a run can end, seen from outside: the exit status, the database, and what the next command finds.
@Suite struct LifecycleTests {
  /// xor-mlp for long enough to be stopped while it runs: 80 values a step, 16 million in all.
  private let longRun = ["run", "xor-mlp", "--epochs", "200000", "--quiet"]

  /// Values of each recorded step of run 1, as (step, count).
  private func valuesPerStep(_ db: String) throws -> [(Int, Int)] {
    try sqlite3(db, "SELECT step, count(*) FROM trace WHERE run_id = 1 GROUP BY step ORDER BY step")
      .split(separator: "\n").map { line in
        let parts = line.split(separator: "|").compactMap { Int($0) }
        return (parts[0], parts[1])
      }
  }

  @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
  func aSignalMidRunKeepsWhatWasComputedAndExitsWith128PlusTheSignal(signal: Int32, status: Int32) throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    let run = try BackgroundRun(nntrace, longRun + ["--db", db])
    try waitUntil("the first commit") { committedValues(db, run: 1) > 0 }
    run.send(signal)
    let result = try run.finish()

    #expect(result.status == status, "\(result.stderr)")
    #expect(result.stdout == "1\n")
    #expect(result.stderr.contains("interrupted"), "\(result.stderr)")
    let summary = try #require(try TraceDatabase.open(path: db, readOnly: true).run(1))
    #expect(summary.status == "interrupted")
    #expect(summary.finishedAt != nil)
    #expect(summary.steps > 0 && summary.steps < 200_000 * 1)
    // Every step up to where it stopped is whole: 80 values each (step 0: 9 initial parameters more).
    let steps = try valuesPerStep(db)
    #expect(steps.count == summary.steps)
    #expect(steps.first.map { $0 == (0, 89) } == true)
    #expect(steps.dropFirst().allSatisfy { $0.1 == 80 })
    #expect(summary.values == steps.reduce(0) { $0 + $1.1 })
    #expect(try sqlite3(db, "PRAGMA integrity_check") == "ok\n")
  }

  @Test func aKilledRunLeavesASoundDatabaseAndTheNextCommandMarksItInterrupted() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    let run = try BackgroundRun(nntrace, longRun + ["--db", db])
    try waitUntil("the first commit") { committedValues(db, run: 1) > 0 }
    run.send(SIGKILL)
    _ = try run.finish()
    #expect(run.terminationReason == .uncaughtSignal)

    #expect(try sqlite3(db, "PRAGMA integrity_check") == "ok\n")
    #expect(try sqlite3(db, "SELECT status FROM runs WHERE id = 1") == "running\n")
    // A read command names the run and changes nothing; the next command that writes marks it.
    let before = try Data(contentsOf: URL(fileURLWithPath: db))
    let listing = try nntrace.succeed(["runs", "--db", db])
    #expect(
      listing.stderr.contains(
        "run 1 was left running by a process that no longer exists; the next command that writes"),
      "\(listing.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    let vacuum = try nntrace.succeed(["vacuum", "--db", db])
    #expect(vacuum.stderr.contains("run 1 was left running by a process that no longer exists; marked interrupted"))
    let summary = try #require(try TraceDatabase.open(path: db, readOnly: true).run(1))
    #expect(summary.status == "interrupted")
    #expect(summary.detail?.contains("ended without closing the run") == true)
    // What was committed is there and counted.
    let stored = try sqlite3(db, "SELECT count(*) FROM trace WHERE run_id = 1")
    #expect(summary.values > 0)
    #expect(stored == "\(summary.values)\n")
    // The next run goes on as usual.
    #expect(try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db]).stdout == "2\n")
  }

  @Test func aDivergingRunStopsKeepsItsTraceAndSaysWhereItBroke() throws {
    let nntrace = try NNTraceBinary()
    let lesson = try nntrace.write(
      """
      title: Far too fast
      layers: [1, 2, 1]
      activations: [linear, linear]
      loss: mse
      optimizer: {name: sgd, lr: 1e160}
      weights: [{w: [[1.0, 2.0]], b: [0.0, 0.0]}, {w: [[1.0], [1.0]], b: [0.0]}]
      data:
        inputs: [[3.0]]
        targets: [[0.0]]
      training: {epochs: 10}

      """, to: "fast.yaml")
    let db = nntrace.path("trace.sqlite")
    let result = try nntrace.run(["run", lesson, "--quiet", "--db", db])

    #expect(result.status == 3)
    #expect(result.stdout == "1\n")
    #expect(result.stderr.contains("run 1 diverged"), "\(result.stderr)")
    let summary = try #require(try TraceDatabase.open(path: db, readOnly: true).run(1))
    #expect(summary.status == "diverged")
    let detail = try #require(summary.detail)
    // Step 0 moves the weights by about 1e161; in step 1, layer 2 multiplies two such numbers: z overflows.
    #expect(detail.contains("in z in layer 2 at step 1"), "\(detail)")
    #expect(result.stderr.contains(detail))
    // The trace holds step 0 whole and step 1 up to the loss.
    #expect(try sqlite3(db, "SELECT max(step) FROM trace WHERE run_id = 1") == "1\n")
    #expect(
      try sqlite3(db, "SELECT count(*) > 0 FROM trace WHERE run_id = 1 AND step = 1 AND kind = 'loss'") == "1\n")
    #expect(
      try sqlite3(db, "SELECT count(*) FROM trace WHERE run_id = 1 AND step = 1 AND kind = 'delta'") == "0\n")
    #expect(
      summary.values == Int(try sqlite3(db, "SELECT count(*) FROM trace").trimmingCharacters(in: .newlines)))
  }

  @Test func fourWritersAndAReaderShareOneDatabase() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    // Create it first, so the writers race on runs, not on creating the schema.
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--capture", "none", "--db", db])
    let writers = try (0..<4).map { index in
      try BackgroundRun(nntrace, ["run", "xor-mlp", "--epochs", "1500", "--seed", "\(index)", "--quiet", "--db", db])
    }
    var queries = 0
    while writers.contains(where: { $0.process.isRunning }) {
      let read = try nntrace.run(["query", "SELECT count(*) FROM trace", "--format", "csv", "--db", db])
      #expect(read.status == 0, "\(read.stderr)")
      queries += 1
    }
    let results = try writers.map { try $0.finish() }
    #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
    #expect(Set(results.map(\.stdout)) == ["2\n", "3\n", "4\n", "5\n"])
    #expect(queries > 0)

    let database = try TraceDatabase.open(path: db, readOnly: true)
    for id in Int64(2)...5 {
      let run = try #require(try database.run(id))
      #expect(run.status == "completed")
      // 1 500 steps of 80 values and 9 initial parameters.
      #expect(run.values == 120_009)
      #expect(try sqlite3(db, "SELECT count(*) FROM trace WHERE run_id = \(id)") == "120009\n")
    }
    // …and the 15 inputs of the first run (--capture none): 4 rows × 3 values, 2 weights and a bias.
    #expect(try sqlite3(db, "SELECT count(*) FROM value") == "\(4 * 120_009 + 15)\n")
    #expect(try sqlite3(db, "PRAGMA integrity_check") == "ok\n")
  }

  @Test func aDatabaseFromANewerNntraceIsRefusedByEveryCommandAndLeftUnchanged() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    try sqlite3(db, "PRAGMA user_version = 99; PRAGMA wal_checkpoint(TRUNCATE);")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: db))
    for arguments in [
      ["runs"], ["run", "perceptron-xor", "--quiet"], ["query", "SELECT 1"], ["replay", "1"], ["rm", "1"], ["vacuum"],
    ] {
      let result = try nntrace.run(arguments + ["--db", db])
      #expect(result.status == 66, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains("written by a newer nntrace (schema version 99"), "\(result.stderr)")
      #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == bytes, "\(arguments)")
    }
  }

  @Test func anotherApplicationsSQLiteFileIsRefusedAndLeftUnchanged() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("notes.sqlite")
    try sqlite3(db, "CREATE TABLE note(text); INSERT INTO note VALUES ('keep me');")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: db))
    let files = try FileManager.default.contentsOfDirectory(atPath: nntrace.directory.path).sorted()
    for arguments in [["run", "perceptron-xor", "--quiet"], ["runs"], ["query", "SELECT * FROM note"], ["vacuum"]] {
      let result = try nntrace.run(arguments + ["--db", db])
      #expect(result.status == 66, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains("another application, not an nntrace database"), "\(result.stderr)")
      #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == bytes, "\(arguments)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: nntrace.directory.path).sorted() == files)
  }

  @Test func aTextFileIsRefusedByQueryAndLeftUnchanged() throws {
    let nntrace = try NNTraceBinary()
    let notes = try nntrace.write("SQLite is lovely\n", to: "notes.txt")
    let result = try nntrace.run(["query", "SELECT 1", "--db", notes])
    #expect(result.status == 66)
    #expect(result.stderr.contains("not an nntrace database"))
    #expect(try String(contentsOfFile: notes, encoding: .utf8) == "SQLite is lovely\n")
  }
}
