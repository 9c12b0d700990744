import Foundation
import GRDB
import Tracing

/// An nntrace database: opened, checked and migrated, with its runs written and read.
///
/// Opening never alters a file that is not an nntrace database: an SQLite
/// file of another application, or anything that is not SQLite at all, is
/// refused before a byte is written. A database written by a newer nntrace is
/// refused too. The database runs in WAL mode with a busy timeout, so several
/// processes can record and read at once.
public final class TraceDatabase: Sendable {
  /// The file's path.
  public let path: String
  let queue: DatabaseQueue

  private init(path: String, queue: DatabaseQueue) {
    self.path = path
    self.queue = queue
  }

  /// Opens (creating it if needed, unless `readOnly`) the database at `path`.
  ///
  /// - Parameters:
  ///   - path: the file.
  ///   - readOnly: open with SQLite's read-only flag; nothing can be written through it.
  /// - Throws: ``TraceStoreError`` when the file is missing (read-only), not an
  ///   nntrace database, or from a newer nntrace; GRDB's errors for I/O failures.
  public static func open(path: String, readOnly: Bool = false) throws -> TraceDatabase {
    let manager = FileManager.default
    let exists = manager.fileExists(atPath: path)
    if readOnly && !exists {
      throw TraceStoreError("There is no trace database at \(path): run a lesson first (nntrace run perceptron).")
    }
    if exists, let handle = FileHandle(forReadingAtPath: path) {
      let header = handle.readData(ofLength: 16)
      try? handle.close()
      if !header.isEmpty && header != Data("SQLite format 3\0".utf8) {
        throw TraceStoreError("\(path) is not an nntrace database (it is not an SQLite file); it was left untouched.")
      }
    }
    var configuration = Configuration()
    configuration.readonly = readOnly
    configuration.busyMode = .timeout(10)
    configuration.label = "nntrace"
    let queue: DatabaseQueue
    do {
      queue = try DatabaseQueue(path: path, configuration: configuration)
    } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
      throw TraceStoreError("\(path) is not an nntrace database (it is not an SQLite file); it was left untouched.")
    }
    try queue.inDatabase { db in
      let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
      let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
      let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
      if objects == 0 && applicationID == 0 {
        guard !readOnly else {
          throw TraceStoreError("\(path) is an empty database: run a lesson first (nntrace run perceptron).")
        }
        try create(db)
      } else if applicationID != Schema.applicationID {
        throw TraceStoreError(
          "\(path) is an SQLite database of another application, not an nntrace database; it was left untouched.")
      } else if version > Schema.currentVersion {
        throw TraceStoreError(
          "\(path) was written by a newer nntrace (schema version \(version); this nntrace reads up to \(Schema.currentVersion)). Upgrade nntrace, or use another database with --db."
        )
      }
      if !readOnly {
        try db.execute(sql: "PRAGMA journal_mode = WAL")
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
        try registerKinds(db)
      }
    }
    return TraceDatabase(path: path, queue: queue)
  }

  private static func create(_ db: Database) throws {
    try db.inTransaction(.immediate) {
      for statement in Schema.version1 {
        try db.execute(sql: statement)
      }
      try registerKinds(db)
      try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
      try db.execute(sql: "PRAGMA user_version = \(Schema.currentVersion)")
      return .commit
    }
  }

  /// Adds the kinds this build knows and the database lacks (a database made
  /// by an earlier build gains the kinds added since); existing codes are kept.
  private static func registerKinds(_ db: Database) throws {
    for kind in TraceKind.all {
      try db.execute(
        sql: "INSERT OR IGNORE INTO kind(code, phase, kind, meaning) VALUES (?, ?, ?, ?)",
        arguments: [kind.code, kind.phase.name, kind.name, kind.meaning])
    }
  }

  /// Records the start of a run, status `running`.
  ///
  /// - Returns: the new run's id.
  public func beginRun(lesson: String, title: String, part: String?, config: String, capture: String) throws -> Int64 {
    try queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO run_record(lesson, title, part, status, started_at, config, capture, pid)
          VALUES (?, ?, ?, 'running', ?, ?, ?, ?)
          """,
        arguments: [
          lesson, title, part, Self.timestamp(), config, capture, Int(ProcessInfo.processInfo.processIdentifier),
        ])
      return db.lastInsertedRowID
    }
  }

  /// Records how a run ended.
  public func finishRun(_ id: Int64, with ending: RunEnding) throws {
    try queue.write { db in
      try db.execute(
        sql: """
          UPDATE run_record SET status = ?, finished_at = ?, steps = ?, epochs = ?, value_count = ?,
            final_loss = ?, detail = ?
          WHERE id = ?
          """,
        arguments: [
          ending.status, Self.timestamp(), ending.steps, ending.epochs, ending.values, ending.finalLoss, ending.detail,
          id,
        ])
    }
  }

  /// Every run, oldest first.
  public func runs() throws -> [RunSummary] {
    try queue.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id").map(Self.summary)
    }
  }

  /// The run with this id, if there is one.
  public func run(_ id: Int64) throws -> RunSummary? {
    try queue.read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]).map(Self.summary)
    }
  }

  /// The id of the most recent run.
  public func latestRunID() throws -> Int64? {
    try queue.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM run_record") }
  }

  /// Reads a run's trace in the order it was computed (`ORDER BY seq, i, j`), one row at a time.
  public func forEachTraceRow(run id: Int64, filter: TraceFilter = TraceFilter(), _ body: (TraceRow) throws -> Void)
    throws
  {
    var conditions = ["run_id = ?"]
    var arguments: StatementArguments = [id]
    if let epoch = filter.epoch {
      conditions.append("epoch = ?")
      arguments += [epoch]
    }
    if let step = filter.step {
      conditions.append("step = ?")
      arguments += [step]
    }
    if let sample = filter.sample {
      conditions.append("sample = ?")
      arguments += [sample]
    }
    if let layer = filter.layer {
      conditions.append("layer = ?")
      arguments += [layer]
    }
    if let kinds = filter.kinds, !kinds.isEmpty {
      conditions.append("kind IN (\(kinds.map { _ in "?" }.joined(separator: ", ")))")
      arguments += StatementArguments(kinds)
    }
    let sql = "SELECT * FROM trace WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq, i, j"
    try queue.read { db in
      let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
      while let row = try rows.next() {
        try body(
          TraceRow(
            seq: row["seq"], epoch: row["epoch"], step: row["step"], sample: row["sample"], phase: row["phase"],
            layer: row["layer"], kind: row["kind"], i: row["i"], j: row["j"], value: row["value"] ?? .nan))
      }
    }
  }

  private static func summary(_ row: Row) -> RunSummary {
    RunSummary(
      id: row["id"], lesson: row["lesson"], title: row["title"], part: row["part"], status: row["status"],
      startedAt: row["started_at"], finishedAt: row["finished_at"], config: row["config"], capture: row["capture"],
      steps: row["steps"], epochs: row["epochs"], values: row["values"], finalLoss: row["final_loss"],
      detail: row["detail"])
  }

  /// Now, in UTC, as `2026-01-31T12:34:56Z`.
  ///
  /// `Date.ISO8601FormatStyle` formats without ICU; `ISO8601DateFormatter` loaded
  /// ICU's calendar and time-zone data, a noticeable part of a short run's start-up.
  static func timestamp() -> String {
    Date().formatted(Date.ISO8601FormatStyle())
  }
}
