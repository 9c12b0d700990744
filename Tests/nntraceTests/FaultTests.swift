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
    #expect(try shell(sqlite: db, "PRAGMA integrity_check") == "ok\n")
    _ = try nntrace.succeed(["runs", "--db", db])  // the next command recovers a killed run
    guard let run = try TraceDatabase.open(path: db, readOnly: true).run(1) else { return }  // stopped before it began
    #expect(run.status == "interrupted", "signal \(signal): status \(run.status)")
    let steps = try shell(sqlite: db, "SELECT step, count(*) FROM trace WHERE run_id = 1 GROUP BY step ORDER BY step")
      .split(separator: "\n").map { $0.split(separator: "|").compactMap { Int($0) } }
    for step in steps {
      #expect(step[1] == (step[0] == 0 ? 89 : 80), "signal \(signal): step \(step[0]) has \(step[1]) values")
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
