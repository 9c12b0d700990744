import Foundation
import Testing
import TraceStore

/// Faults injected while a run records: signals at many points of a run, and a disk that fills up.
@Suite struct FaultTests {
  /// xor-mlp for long enough to be stopped while it runs: 80 values a step (89 at step 0).
  private let longRun = ["run", "xor-mlp", "--epochs", "200000", "--quiet"]

  /// After any stop: the file is sound, every recorded step is whole, the run's counts match the
  /// trace, and its status tells the truth once the next command has looked at the database.
  private func checkAfterStop(_ nntrace: NNTraceBinary, db: String, signal: Int32) throws {
    #expect(try sqlite3(db, "PRAGMA integrity_check") == "ok\n")
    // The next command that writes recovers a killed run; a process stopped before it made the schema
    // leaves an empty file, which the next run fills in.
    let listing = try nntrace.run(["runs", "--db", db])
    if listing.status == 66 {
      #expect(listing.stderr.contains("empty database"), "signal \(signal): \(listing.stderr)")
      #expect(try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db]).stdout == "1\n")
      return
    }
    #expect(listing.status == 0, "signal \(signal): \(listing.stderr)")
    // Reading changes nothing; the next command that writes marks a killed run.
    #expect(try nntrace.run(["vacuum", "--db", db]).status == 0)
    guard let run = try TraceDatabase.open(path: db, readOnly: true).run(1) else { return }  // stopped before it began
    #expect(run.status == "interrupted", "signal \(signal): status \(run.status)")
    let steps = try sqlite3(db, "SELECT step, count(*) FROM trace WHERE run_id = 1 GROUP BY step ORDER BY step")
      .split(separator: "\n").map { $0.split(separator: "|").compactMap { Int($0) } }
    for step in steps {
      // Step 0 holds the 9 initial parameters and its own 80 values; a run stopped before its
      // first step ended has only the initial parameters.
      let whole = step[0] == 0 ? (steps.count == 1 ? [9, 89] : [89]) : [80]
      #expect(whole.contains(step[1]), "signal \(signal): step \(step[0]) has \(step[1]) values")
    }
    #expect(steps.map { $0[0] } == Array(0..<steps.count), "signal \(signal): steps missing in the middle")
    #expect(run.values == steps.reduce(0) { $0 + $1[1] }, "signal \(signal): counted \(run.values)")
  }

  @Test func signalsAtManyPointsOfARunLeaveWholeStepsAndATruthfulStatus() throws {
    // Delays in milliseconds from the start of the process, from before the database exists
    // to well into training; each signal is tried at each, from a fixed seed so failures repeat.
    var state: UInt64 = 0x9E37_79B9
    func nextDelay() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double((state >> 33) % 400) / 1000
    }
    for signal in [SIGINT, SIGTERM, SIGKILL] {
      for _ in 0..<4 {
        let nntrace = try NNTraceBinary()
        let db = nntrace.path("trace.sqlite")
        let run = try BackgroundRun(nntrace, longRun + ["--db", db])
        Thread.sleep(forTimeInterval: nextDelay())
        run.send(signal)
        _ = try run.finish()
        guard FileManager.default.fileExists(atPath: db) else { continue }
        try checkAfterStop(nntrace, db: db, signal: signal)
      }
    }
  }
}

/// Faults from other processes: a lock held past the wait, the file deleted under a run.
@Suite struct SharedFileFaultTests {
  @Test func aDatabaseLockedPastTheWaitIsReportedAndLeftAsItWas() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db])
    let before = try sqlite3(db, "SELECT count(*) FROM run_record")
    // Another process takes the database's write lock and keeps it.
    let holder = Process()
    holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    holder.arguments = ["sqlite3", db]
    let input = Pipe()
    holder.standardInput = input
    holder.standardOutput = FileHandle.nullDevice
    try holder.run()
    input.fileHandleForWriting.write(Data("BEGIN EXCLUSIVE;\nSELECT 1;\n".utf8))
    defer {
      try? input.fileHandleForWriting.close()
      holder.waitUntilExit()
    }
    Thread.sleep(forTimeInterval: 0.5)

    let result = try nntrace.run(["run", "perceptron-xor", "--quiet", "--db", db])

    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stdout == "")
    #expect(result.stderr.contains("locked by another process"), "\(result.stderr)")
    try input.fileHandleForWriting.close()
    holder.waitUntilExit()
    #expect(try sqlite3(db, "SELECT count(*) FROM run_record") == before)
    #expect(try sqlite3(db, "PRAGMA integrity_check") == "ok\n")
  }

  @Test func deletingTheDatabaseUnderARunEndsItCleanly() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    let run = try BackgroundRun(nntrace, ["run", "xor-mlp", "--epochs", "200000", "--quiet", "--db", db])
    try waitUntil("the first commit") { committedValues(db, run: 1) > 0 }
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
    Thread.sleep(forTimeInterval: 0.3)
    run.send(SIGINT)
    let result = try run.finish()
    // The process wrote on to the file it had open and stopped as asked; nothing trapped.
    #expect(result.status == 130, "\(result.stderr)")
    #expect(!result.stderr.contains("Fatal error"))
    // A new run at the same path starts a new database.
    #expect(try nntrace.succeed(["run", "perceptron-xor", "--quiet", "--db", db]).stdout == "1\n")
    #expect(try sqlite3(db, "PRAGMA integrity_check") == "ok\n")
  }
}
