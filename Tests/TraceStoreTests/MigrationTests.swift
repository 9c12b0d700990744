import Foundation
import Testing
import Tracing

@testable import TraceStore

/// Databases written by older and newer nntraces.
@Suite struct MigrationTests {
  /// A database laid out as version 1 was, holding one completed run of three events and a run left running.
  private func versionOneDatabase(at path: String) throws {
    let kinds = TraceKind.all.filter { $0.code <= 15 }.map {
      "(\($0.code), '\($0.phase.name)', '\($0.name)', 'as released')"
    }
    let script =
      Schema.version1.map { $0 + ";" } + [
        "INSERT INTO kind(code, phase, kind, meaning) VALUES \(kinds.joined(separator: ", "));",
        """
        INSERT INTO run_record(id, lesson, title, status, started_at, finished_at, config, capture, steps, epochs,
                               value_count, final_loss, pid)
        VALUES (1, 'xor-mlp', 'Depth solves XOR', 'completed', '2025-01-01T00:00:00Z', '2025-01-01T00:00:01Z',
                '{}', 'all', 1, 1, 8, 0.5, 11),
               (2, 'perceptron', 'AND', 'running', '2025-01-02T00:00:00Z', NULL, '{}', 'all', 0, 0, 0, NULL, 12);
        """,
        // A 2×2 initial weight matrix, one sample's inputs, and the batch loss.
        """
        INSERT INTO event(id, run_id, seq, epoch, step, sample, kind, layer, cols) VALUES
          (1, 1, 0, 0, 0, NULL, 1, 1, 2), (2, 1, 1, 0, 0, 3, 3, 0, NULL), (3, 1, 2, 0, 0, NULL, 7, NULL, 0);
        """,
        """
        INSERT INTO value(event_id, idx, value) VALUES
          (1, 0, 0.1), (1, 1, 0.2), (1, 2, 0.3), (1, 3, 0.4), (2, 0, 1.0), (2, 1, -1.0), (2, 2, 0.5), (3, 0, 0.75);
        """,
        "PRAGMA application_id = \(Schema.applicationID);",
        "PRAGMA user_version = 1;",
      ]
    try sqlite3(path, script.joined(separator: "\n"))
  }

  private let traceQuery =
    "SELECT run_id, seq, epoch, step, sample, phase, layer, kind, i, j, value FROM trace ORDER BY run_id, seq, i, j"

  @Test func aVersionOneDatabaseIsMigratedAndItsTraceReadsTheSame() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("old.sqlite")
    try versionOneDatabase(at: path)
    let before = try sqlite3(path, traceQuery)
    #expect(before.split(separator: "\n").count == 8)

    let database = try TraceDatabase.open(path: path)

    #expect(try sqlite3(path, "PRAGMA user_version") == "\(Schema.currentVersion)\n")
    #expect(try sqlite3(path, traceQuery) == before)
    let run = try #require(try database.run(1))
    #expect(run.lesson == "xor-mlp")
    #expect(run.status == "completed")
    #expect(run.values == 8)
    #expect(run.finalLoss == 0.5)
    // Version 1 recorded no owner: a run it left running is taken as abandoned.
    #expect(try database.run(2)?.status == "interrupted")
    #expect(database.recoveredRuns == [2])
    #expect(try sqlite3(path, "PRAGMA integrity_check") == "ok\n")
  }

  @Test func aMigratedDatabaseIsLaidOutLikeANewOne() throws {
    let scratch = try TemporaryDirectory()
    let old = scratch.path("old.sqlite")
    try versionOneDatabase(at: old)
    _ = try TraceDatabase.open(path: old)
    _ = try TraceDatabase.open(path: scratch.path("new.sqlite"))
    let layout = "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    #expect(try sqlite3(old, layout) == (try sqlite3(scratch.path("new.sqlite"), layout)))
  }

  @Test func newRunsFollowMigratedValuesWithoutOverlap() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("old.sqlite")
    try versionOneDatabase(at: path)
    let database = try TraceDatabase.open(path: path)
    let id = try database.beginRun(lesson: "l", title: "t", part: nil, config: "{}", capture: "all")
    let writer = TraceWriter(database: database, runID: id)
    let event = TraceEvent(
      seq: 0, epoch: 0, step: 0, sample: nil, kind: TraceKind.of(.b, in: .initialization), layer: 1, shape: .vector)
    try [5.0, 6.0].withUnsafeBufferPointer { try writer.write(event, values: $0) }
    try writer.flush()
    #expect(try sqlite3(path, "SELECT group_concat(value) FROM trace WHERE run_id = \(id)") == "5.0,6.0\n")
    #expect(try sqlite3(path, "SELECT count(*) FROM trace WHERE run_id = 1") == "8\n")
  }

  @Test(arguments: [false, true])
  func aNewerDatabaseIsRefusedAndLeftByteIdentical(readOnly: Bool) throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("future.sqlite")
    _ = try TraceDatabase.open(path: path)
    try sqlite3(path, "PRAGMA user_version = \(Schema.currentVersion + 1); PRAGMA wal_checkpoint(TRUNCATE)")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    do {
      _ = try TraceDatabase.open(path: path, readOnly: readOnly)
      Issue.record("a database of schema version \(Schema.currentVersion + 1) was opened")
    } catch let error as TraceStoreError {
      #expect(error.message.contains("newer nntrace"), "\(error.message)")
      #expect(error.message.contains("version \(Schema.currentVersion + 1)"), "\(error.message)")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
  }

  @Test func aQueryConnectionDoesNotUpgradeAnOldDatabase() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("old.sqlite")
    try versionOneDatabase(at: path)
    #expect(throws: TraceStoreError.self) {
      try ReadOnlyQuery(path: path).run("SELECT 1", header: { _ in }, row: { _ in })
    }
    #expect(try sqlite3(path, "PRAGMA user_version") == "1\n")
  }
}
