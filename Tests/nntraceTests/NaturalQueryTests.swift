import Foundation
import Testing
import TraceStore

/// Questions a learner would ask of the views, checked for the plans SQLite chooses and the work
/// they do (SQLite's own counts, not timings): no automatic index is ever built on the value
/// table, and each question costs at most a small multiple of one full pass over the run.
@Suite struct NaturalQueryTests {
  static let questions = [
    "SELECT count(*) FROM trace WHERE run_id = 1 AND kind = 'y' AND value = 1",
    "SELECT count(*) FROM trace WHERE run_id = 1 AND value = 1",
    "SELECT count(*) FROM trace WHERE run_id = 1 AND kind = 'a' AND value > 0.5",
    "SELECT count(*) FROM trace WHERE run_id = 1 AND value BETWEEN -0.1 AND 0.1",
    "SELECT step, w FROM weight_history WHERE run_id = 1 AND layer = 1 AND j = 0 AND i = 1 ORDER BY step",
    "SELECT step, layer, i, j, value FROM trace WHERE run_id = 1 AND kind = 'dw' ORDER BY abs(value) DESC LIMIT 5",
    "SELECT layer, i FROM trace WHERE run_id = 1 AND kind = 'a' AND layer = 1 GROUP BY layer, i HAVING max(value) <= 0.01",
    "SELECT r.id, min(s.loss) FROM runs r JOIN step_loss s ON s.run_id = r.id GROUP BY r.id",
    "SELECT count(*) FROM step_loss WHERE loss = 0.25",
  ]

  /// Checks every question on the database at `db`, whose run 1 they ask about.
  private func checkQuestions(_ db: String) throws {
    let query = ReadOnlyQuery(path: db)
    let pass = try query.run("SELECT count(*) FROM trace WHERE run_id = 1", header: { _ in }, row: { _ in })
    #expect(pass.automaticIndexRows == 0)
    for question in Self.questions {
      let work = try query.run(question, header: { _ in }, row: { _ in })
      #expect(work.automaticIndexRows == 0, "\(question): an automatic index")
      #expect(work.steps <= 4 * pass.steps, "\(question): \(work.steps) steps, one pass takes \(pass.steps)")
      let plan = try sqlite3(db, "EXPLAIN QUERY PLAN " + question)
      #expect(!plan.contains("AUTOMATIC"), "\(question): \(plan)")
      #expect(!plan.contains("SCAN v"), "\(question): values scanned rather than reached by id: \(plan)")
    }
  }

  @Test func naturalQuestionsBuildNoAutomaticIndexAndStayWithinAFewPassesOverTheRun() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "xor-mlp", "--epochs", "20", "--quiet", "--db", db])
    try nntrace.succeed(["run", "xor-mlp", "--epochs", "20", "--quiet", "--db", db])
    try checkQuestions(db)
  }

  /// The same questions on a run of about 5 million values (bench/write-5m.yaml, recorded in about
  /// 2 s), where the previous views' automatic index made `value = 1` take 11 s in sqlite3.
  @Test func naturalQuestionsOnFiveMillionValuesStayWithinAFewPasses() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("big.sqlite")
    let lesson = packageRoot.appendingPathComponent("bench/write-5m.yaml").path
    try nntrace.succeed(["run", lesson, "--quiet", "--force", "--db", db])
    #expect(
      Int(try sqlite3(db, "SELECT count(*) FROM value").trimmingCharacters(in: .newlines)) ?? 0 >= 5_000_000)
    try checkQuestions(db)
  }

  @Test func aCommandThatWritesBringsAPreviousReleasesViewsUpToDate() throws {
    let nntrace = try NNTraceBinary()
    let db = nntrace.path("trace.sqlite")
    try nntrace.succeed(["run", "xor-mlp", "--epochs", "2", "--quiet", "--db", db])
    let before = try sqlite3(db, "SELECT * FROM trace WHERE run_id = 1 ORDER BY seq, i, j")
    // The trace view as the first release of version 2 wrote it.
    _ = try sqlite3(
      db,
      """
      DROP VIEW trace; CREATE VIEW trace AS
      SELECT e.run_id, e.seq, e.epoch, e.step, e.sample, k.phase, e.layer, k.kind,
             CASE WHEN e.cols IS NULL THEN v.id - e.start WHEN e.cols > 0 THEN (v.id - e.start) % e.cols END AS i,
             CASE WHEN e.cols > 0 THEN (v.id - e.start) / e.cols END AS j,
             v.value
      FROM event e
      JOIN kind k ON k.code = e.kind
      JOIN value v ON v.id >= e.start AND v.id < e.start + e.n
      """)
    try nntrace.succeed(["runs", "--db", db])
    #expect(try sqlite3(db, "SELECT sql FROM sqlite_master WHERE name = 'trace'").contains("JOIN value v ON"))
    try nntrace.succeed(["vacuum", "--db", db])
    #expect(try sqlite3(db, "SELECT sql FROM sqlite_master WHERE name = 'trace'").contains("CROSS JOIN value"))
    #expect(try sqlite3(db, "SELECT * FROM trace WHERE run_id = 1 ORDER BY seq, i, j") == before)
  }
}
