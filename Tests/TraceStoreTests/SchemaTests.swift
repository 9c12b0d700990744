import Foundation
import Testing
import TraceStore
import Tracing

/// The database as a user of the `sqlite3` shell sees it: the contract's views and their columns.
@Suite struct SchemaTests {
  private func freshDatabase(in scratch: TemporaryDirectory) throws -> String {
    let path = scratch.path("trace.sqlite")
    _ = try TraceDatabase.open(path: path)
    return path
  }

  private func columns(of view: String, in path: String) throws -> [String] {
    try sqlite3(path, "SELECT name FROM pragma_table_info('\(view)') ORDER BY cid")
      .split(separator: "\n").map(String.init)
  }

  @Test func theTraceViewHasTheContractsColumnsInOrder() throws {
    let scratch = try TemporaryDirectory()
    let path = try freshDatabase(in: scratch)
    #expect(
      try columns(of: "trace", in: path) == [
        "run_id", "seq", "epoch", "step", "sample", "phase", "layer", "kind", "i", "j", "value",
      ])
  }

  @Test func theRunsViewStartsWithTheContractsColumns() throws {
    let scratch = try TemporaryDirectory()
    let path = try freshDatabase(in: scratch)
    let names = try columns(of: "runs", in: path)
    #expect(
      Array(names.prefix(7)) == ["id", "lesson", "title", "status", "started_at", "finished_at", "config"])
  }

  @Test func bothAreViews() throws {
    let scratch = try TemporaryDirectory()
    let path = try freshDatabase(in: scratch)
    let views = try sqlite3(path, "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")
    #expect(views.split(separator: "\n").contains("runs"))
    #expect(views.split(separator: "\n").contains("trace"))
  }

  @Test func theKindTableListsEveryKind() throws {
    let scratch = try TemporaryDirectory()
    let path = try freshDatabase(in: scratch)
    let stored = try sqlite3(path, "SELECT code || ' ' || phase || ' ' || kind FROM kind ORDER BY code")
    let expected = TraceKind.all.sorted { $0.code < $1.code }.map { "\($0.code) \($0.phase.name) \($0.name)\n" }
    #expect(stored == expected.joined())
  }

  @Test func aNewDatabaseIsMarkedAsNNTraceAndUsesWAL() throws {
    let scratch = try TemporaryDirectory()
    let path = try freshDatabase(in: scratch)
    // "nntr" in ASCII.
    #expect(try sqlite3(path, "PRAGMA application_id") == "\(0x6E6E_7472)\n")
    #expect(try sqlite3(path, "PRAGMA user_version") == "2\n")
    #expect(try sqlite3(path, "PRAGMA journal_mode") == "wal\n")
  }

  @Test func theTraceViewGivesWeightsThemselvesAsRealsWithNullsWhereTheContractSaysSo() throws {
    let scratch = try TemporaryDirectory()
    let path = scratch.path("trace.sqlite")
    let database = try TraceDatabase.open(path: path)
    let id = try database.beginRun(lesson: "l", title: "t", part: nil, config: "{}", capture: "all")
    let writer = TraceWriter(database: database, runID: id)
    let w = TraceEvent(
      seq: 0, epoch: 0, step: 0, sample: nil, kind: TraceKind.of(.w, in: .initialization), layer: 1,
      shape: .matrix(cols: 1))
    try [0.25, -0.5].withUnsafeBufferPointer { try writer.write(w, values: $0) }
    let loss = TraceEvent(
      seq: 1, epoch: 0, step: 0, sample: nil, kind: TraceKind.of(.loss, in: .loss), layer: nil, shape: .scalar)
    try [0.125].withUnsafeBufferPointer { try writer.write(loss, values: $0) }
    try writer.flush()

    let rows = try sqlite3(
      path,
      """
      SELECT seq, phase, kind, ifnull(layer, 'NULL'), ifnull(i, 'NULL'), ifnull(j, 'NULL'), ifnull(sample, 'NULL'),
        value, typeof(value)
      FROM trace ORDER BY seq, i, j
      """)
    #expect(
      rows == """
        0|init|w|1|0|0|NULL|0.25|real
        0|init|w|1|0|1|NULL|-0.5|real
        1|loss|loss|NULL|NULL|NULL|NULL|0.125|real

        """)
  }
}
