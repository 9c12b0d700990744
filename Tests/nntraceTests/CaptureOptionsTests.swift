import Foundation
import Testing
import TraceStore

/// `nntrace run`'s capture options and the lesson file's `capture:` key, end to end.
@Suite struct CaptureOptionsTests {
  private func count(_ db: String, _ sql: String) throws -> Int {
    Int(try sqlite3(db, sql).trimmingCharacters(in: .newlines)) ?? -1
  }

  @Test func summaryRecordsStatisticsPerStepAndLayer() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "xor-mlp", "--epochs", "20", "--capture", "summary", "--quiet", "--db", db])
    let kinds = try sqlite3(db, "SELECT DISTINCT phase || ' ' || kind FROM trace ORDER BY 1")
    #expect(
      kinds
        == """
        backward grad_w_norm
        forward a_mean
        forward a_std
        forward saturated_share
        init b
        init data_x
        init data_y
        init w
        init w_norm
        loss loss
        update w_norm

        """)
    // Per step: the loss and five statistics for each of the two sigmoid layers; two initial norms; the
    // run's inputs: 4 rows of 2 inputs and a target, 9 initial weights and biases.
    #expect(try count(db, "SELECT count(*) FROM trace") == 2 + 20 * 11 + 4 * 3 + 9)
    #expect(try count(db, "SELECT count(*) FROM layer_stats WHERE run_id = 1") == 40)
    let run = try #require(try TraceDatabase.open(path: db, readOnly: true).run(1))
    #expect(run.capture == "summary")
    #expect(run.values == 243)
  }

  @Test func thinningOptionsCombine() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed([
      "run", "xor-mlp", "--epochs", "100", "--every-step", "25", "--last-steps", "2", "--samples", "1,3", "--layers",
      "0-1", "--quiet", "--db", db,
    ])
    #expect(
      try sqlite3(db, "SELECT group_concat(step) FROM (SELECT DISTINCT step FROM trace ORDER BY step)")
        == "0,25,50,75,98,99\n")
    // The run's inputs (phase init) are recorded whole whatever the thinning; the rest is thinned.
    #expect(try sqlite3(db, "SELECT group_concat(DISTINCT sample) FROM trace WHERE phase != 'init'") == "1,3\n")
    #expect(try sqlite3(db, "SELECT group_concat(DISTINCT layer) FROM trace WHERE phase != 'init'") == "0,1\n")
    #expect(try sqlite3(db, "SELECT count(DISTINCT sample) FROM trace WHERE kind = 'data_x'") == "4\n")
    let run = try #require(try TraceDatabase.open(path: db, readOnly: true).run(1))
    #expect(run.thinning == "every 25th step, last 2 steps, samples 1,3, layers 0-1")
    let listing = try nntrace.succeed(["runs", "--db", db])
    #expect(listing.stdout.contains("all (every 25th step, last 2 steps, samples 1,3, layers 0-1)"))
  }

  @Test func theLessonsCaptureKeyAppliesAndOptionsOverrideIt() throws {
    let nntrace = try NNTraceBinary()
    let lessons = packageRoot.appendingPathComponent("lessons/06-xor-mlp.yaml")
    let text = try String(contentsOf: lessons, encoding: .utf8)
    let lesson = try nntrace.write(text + "\ncapture: {policy: all, every_step: 100, layers: \"2\"}\n", to: "xor.yaml")
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", lesson, "--epochs", "300", "--quiet", "--db", db])
    try nntrace.succeed([
      "run", lesson, "--epochs", "300", "--every-step", "150", "--layers", "all", "--quiet", "--db", db,
    ])
    #expect(try sqlite3(db, "SELECT group_concat(DISTINCT step) FROM trace WHERE run_id = 1") == "0,100,200\n")
    #expect(
      try sqlite3(db, "SELECT group_concat(DISTINCT layer) FROM trace WHERE run_id = 1 AND phase != 'init'")
        == "2\n")
    #expect(try sqlite3(db, "SELECT group_concat(DISTINCT step) FROM trace WHERE run_id = 2") == "0,150\n")
    #expect(try sqlite3(db, "SELECT count(DISTINCT layer) FROM trace WHERE run_id = 2") == "3\n")
    // The stored configuration says what was recorded, and is a lesson that records it again.
    let config = try sqlite3(db, "SELECT json_extract(config, '$.capture') FROM runs WHERE id = 2")
    #expect(config == "{\"every_step\":150,\"policy\":\"all\"}\n")
  }

  @Test func aRunPastTwentyMillionValuesIsRefusedWithTheEstimateAndTheWaysOut() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    // 300 000 steps of 80 values.
    let result = try nntrace.run(["run", "xor-mlp", "--epochs", "300000", "--quiet", "--db", db])
    #expect(result.status == 64)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("about 24,000,009 values"), "\(result.stderr)")
    // Lighter captures add the run's inputs, recorded apart: 4 rows × 3 values and 9 parameters.
    #expect(result.stderr.contains("--capture summary (about 3,300,023 values)"), "\(result.stderr)")
    // Every second step would still be 12 000 021: the suggestion goes down to half the threshold.
    #expect(result.stderr.contains("--every-step 5 (about 4,800,021)"), "\(result.stderr)")
    #expect(result.stderr.contains("--force"))
    #expect(!FileManager.default.fileExists(atPath: db))
  }

  @Test func forceRecordsPastTheThreshold() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    let run = try BackgroundRun(nntrace, ["run", "xor-mlp", "--epochs", "300000", "--force", "--quiet", "--db", db])
    try waitUntil("the first commit") { committedValues(db, run: 1) > 0 }
    run.send(SIGINT)
    let result = try run.finish()
    #expect(result.status == 130, "\(result.stderr)")
    #expect(try TraceDatabase.open(path: db, readOnly: true).run(1)?.status == "interrupted")
  }

  @Test(arguments: [
    (["--every-step", "0"], "--every-step: expected a whole number of at least 1"),
    (["--samples", "2-1"], "--samples: expected numbers and ranges"),
    (["--samples", "7"], "--samples: 7 is out of range: this lesson has 4 data rows"),
    (["--layers", "3"], "--layers: 3 is out of range: this lesson has 3 layers"),
    (["--capture", "everything"], "--capture: expected all, summary or none"),
  ])
  func badCaptureOptionsAreUsageErrors(_ options: [String], _ message: String) throws {
    let nntrace = try NNTraceBinary()
    let result = try nntrace.run(["run", "xor-mlp", "--quiet", "--db", nntrace.path("t.sqlite")] + options)
    #expect(result.status == 64)
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }
}
