import Foundation
import Testing
import TraceStore
import Tracing

/// `nntrace query`'s runner: SQLite's read-only connection, and clear refusals for anything that would write.
@Suite struct ReadOnlyQueryTests {
  /// A database with one run of a few values, checkpointed so the main file holds everything.
  private func database(in scratch: TemporaryDirectory) throws -> String {
    let path = scratch.path("trace.sqlite")
    let database = try TraceDatabase.open(path: path)
    let id = try database.beginRun(lesson: "q", title: "Query, test", part: nil, config: "{}", capture: "all")
    let writer = TraceWriter(database: database, runID: id)
    let event = TraceEvent(
      seq: 0, epoch: 0, step: 0, sample: nil, kind: TraceKind.of(.w, in: .initialization), layer: 1,
      shape: .matrix(cols: 2))
    try [0.5, -1.0, 2.0, .infinity].withUnsafeBufferPointer { try writer.write(event, values: $0) }
    try writer.flush()
    try database.finishRun(
      id, with: RunEnding(status: .completed, steps: 1, epochs: 1, values: 4, finalLoss: nil, detail: nil))
    try sqlite3(path, "PRAGMA wal_checkpoint(TRUNCATE)")
    return path
  }

  private func rows(_ path: String, _ sql: String) throws -> (columns: [String], rows: [[QueryValue]]) {
    var columns: [String] = []
    var rows: [[QueryValue]] = []
    try ReadOnlyQuery(path: path).run(sql, header: { columns = $0 }, row: { rows.append($0) })
    return (columns, rows)
  }

  @Test func aSelectReturnsTypedValuesUnderItsColumnNames() throws {
    let scratch = try TemporaryDirectory()
    let path = try database(in: scratch)
    let result = try rows(path, "SELECT i, j, value, kind, NULL AS missing FROM trace ORDER BY seq, i, j")
    #expect(result.columns == ["i", "j", "value", "kind", "missing"])
    #expect(result.rows.count == 4)
    #expect(result.rows[0] == [.integer(0), .integer(0), .real(0.5), .text("w"), .null])
    #expect(result.rows[3] == [.integer(1), .integer(1), .real(.infinity), .text("w"), .null])
  }

  @Test(arguments: [
    "DELETE FROM value",
    "delete from run_record where id = 1",
    "DROP VIEW trace",
    "DROP TABLE value",
    "UPDATE run_record SET status = 'failed'",
    "INSERT INTO kind(code, phase, kind, meaning) VALUES (999, 'x', 'x', 'x')",
    "CREATE TABLE notes(x)",
    "CREATE TEMP TABLE notes(x)",
    "ATTACH DATABASE ':memory:' AS other",
    "DETACH DATABASE main",
    "PRAGMA user_version = 7",
    "PRAGMA main.application_id = 1",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA cache_size = 10",
    "PRAGMA writable_schema = ON",
    "PRAGMA wal_checkpoint",
    "VACUUM",
    "ANALYZE",
    "REINDEX",
    "BEGIN IMMEDIATE",
    "SELECT 1; DELETE FROM value",
    "SELECT 1; SELECT 2",
    "SELECT count(*) FROM runs; -- fine\nDROP TABLE value",
  ])
  func writesOfEverySortAreRefusedAndTheFileIsUnchanged(_ sql: String) throws {
    let scratch = try TemporaryDirectory()
    let path = try database(in: scratch)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    do {
      _ = try rows(path, sql)
      Issue.record("\(sql) was run")
    } catch let error as TraceStoreError {
      #expect(error.reason == .refusedWrite, "\(sql): \(error.message)")
      #expect(error.message.contains("nntrace query"), "\(error.message)")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    #expect(try sqlite3(path, "SELECT count(*) FROM trace") == "4\n")
  }

  @Test func vacuumIntoWritesNoFile() throws {
    let scratch = try TemporaryDirectory()
    let path = try database(in: scratch)
    let copy = scratch.path("copy.sqlite")
    #expect(throws: TraceStoreError.self) { try rows(path, "VACUUM INTO '\(copy)'") }
    #expect(!FileManager.default.fileExists(atPath: copy))
  }

  @Test(arguments: [
    "PRAGMA table_info(trace)", "PRAGMA user_version", "PRAGMA integrity_check",
    "SELECT * FROM pragma_table_info('runs')",
    "SELECT 1;", "  SELECT 2 ; ;  -- trailing comment",
  ])
  func readingStatementsRun(_ sql: String) throws {
    let scratch = try TemporaryDirectory()
    let path = try database(in: scratch)
    #expect(try rows(path, sql).rows.isEmpty == false)
  }

  @Test func sqlThatSQLiteCannotRunIsAnInvalidQueryNamingTheProblem() throws {
    let scratch = try TemporaryDirectory()
    let path = try database(in: scratch)
    for sql in ["SELEC 1", "SELECT nope FROM trace", "", "-- only a comment"] {
      do {
        _ = try rows(path, sql)
        Issue.record("\(sql) was run")
      } catch let error as TraceStoreError {
        #expect(error.reason == .invalidQuery, "\(sql): \(error.message)")
      }
    }
  }

  @Test func aFileThatIsNotATraceDatabaseIsRefusedBeforeAnyQuery() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("other.sqlite")
    try sqlite3(path, "CREATE TABLE t(x); INSERT INTO t VALUES (1);")
    do {
      _ = try rows(path, "SELECT * FROM t")
      Issue.record("another application's database was queried")
    } catch let error as TraceStoreError {
      #expect(error.reason == .store)
      #expect(error.message.contains("another application"))
    }
  }
}
