import Foundation
import GRDB
import Tracing

/// An nntrace database: opened, checked, migrated and kept tidy, with its runs written and read.
///
/// Opening never alters a file that is not an nntrace database: an SQLite
/// file of another application, or anything that is not SQLite at all, is
/// refused before a byte is written. A database written by a newer nntrace is
/// refused too; one written by an older nntrace is migrated. The database runs
/// in WAL mode with a busy timeout and short write transactions, so several
/// processes can record and read at once. Each writable open also marks runs
/// left `running` by a process that no longer exists as `interrupted`; a read-only open changes
/// no byte of the file. Every connection is hardened (``Hardening``) and every open checks the
/// schema (``SchemaCheck``).
public final class TraceDatabase: Sendable {
  /// The file's path.
  public let path: String
  /// Whether the connection was opened with SQLite's read-only flag.
  public let readOnly: Bool
  /// Runs that this open found abandoned (their process gone) and marked `interrupted`.
  public let recoveredRuns: [Int64]
  /// Runs that a read-only open found abandoned and left as they are (`running`) for the next
  /// command that writes to mark.
  public let abandonedRuns: [Int64]
  let queue: DatabaseQueue

  private init(path: String, readOnly: Bool, recoveredRuns: [Int64], abandonedRuns: [Int64], queue: DatabaseQueue) {
    self.path = path
    self.readOnly = readOnly
    self.recoveredRuns = recoveredRuns
    self.abandonedRuns = abandonedRuns
    self.queue = queue
  }

  /// Opens (creating it if needed, unless `readOnly`) the database at `path`.
  ///
  /// - Parameters:
  ///   - path: the file.
  ///   - readOnly: open with SQLite's read-only flag: nothing is written, upgraded or recovered,
  ///     and runs left `running` by a dead process are only named (``abandonedRuns``).
  /// - Throws: ``TraceStoreError`` when the file is missing (read-only), not an nntrace database,
  ///   from a newer nntrace, holds objects nntrace did not write where nntrace reads or writes
  ///   (``SchemaCheck``); GRDB's errors for I/O failures.
  public static func open(path: String, readOnly: Bool = false) throws -> TraceDatabase {
    let exists = FileManager.default.fileExists(atPath: path)
    if readOnly && !exists {
      throw TraceStoreError("There is no trace database at \(path): run a lesson first (nntrace run perceptron).")
    }
    if exists { try checkHeader(path) }
    let queue = try makeQueue(path: path, readOnly: readOnly)
    let (recovered, abandoned) = try prepare(queue, path: path, readOnly: readOnly, create: !readOnly)
    return TraceDatabase(
      path: path, readOnly: readOnly, recoveredRuns: recovered, abandonedRuns: abandoned, queue: queue)
  }

  /// Refuses files that do not start like an SQLite database (an empty file is a new database).
  private static func checkHeader(_ path: String) throws {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw TraceStoreError("\(path) cannot be read (check its permissions).")
    }
    let header = handle.readData(ofLength: 16)
    try? handle.close()
    if !header.isEmpty && header != Data("SQLite format 3\0".utf8) {
      throw TraceStoreError("\(path) is not an nntrace database (it is not an SQLite file); it was left untouched.")
    }
  }

  private static func makeQueue(path: String, readOnly: Bool) throws -> DatabaseQueue {
    var configuration = Configuration()
    configuration.readonly = readOnly
    configuration.busyMode = .timeout(10)
    configuration.foreignKeysEnabled = false
    configuration.label = "nntrace"
    configuration.prepareDatabase { db in
      if let connection = db.sqliteConnection { try Hardening.apply(connection) }
    }
    do {
      return try DatabaseQueue(path: path, configuration: configuration)
    } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
      throw TraceStoreError("\(path) is not an nntrace database (it is not an SQLite file); it was left untouched.")
    }
  }

  /// Checks the file is ours and current, creating, migrating and recovering as allowed.
  ///
  /// - Returns: the runs marked `interrupted` because their process was gone (writable), and
  ///   those left as they were (read-only).
  private static func prepare(_ queue: DatabaseQueue, path: String, readOnly: Bool, create: Bool) throws -> (
    recovered: [Int64], abandoned: [Int64]
  ) {
    try queue.inDatabase { db in
      let state = try DatabaseState(db)
      if state.isBlank {
        guard !readOnly && create else {
          if readOnly {
            throw TraceStoreError("\(path) is an empty database: run a lesson first (nntrace run perceptron).")
          }
          return ([], [])
        }
        // A blank file holds nothing to lose: it is created without waiting for the disk (six of
        // the nine fsyncs a new run made, about 4 ms). The checkpoint that ends the first writer
        // syncs it with the run.
        try db.execute(sql: "PRAGMA synchronous = OFF")
        try db.execute(sql: "PRAGMA journal_mode = WAL")
        try db.inTransaction(.immediate) {
          // Another process may have created it while we waited for the lock.
          if try DatabaseState(db).isBlank { try createCurrent(db) }
          return .commit
        }
      } else if state.applicationID != Schema.applicationID {
        throw TraceStoreError(
          "\(path) is an SQLite database of another application, not an nntrace database; it was left untouched.")
      } else if state.version > Schema.currentVersion {
        throw TraceStoreError(
          "\(path) was written by a newer nntrace (schema version \(state.version); this nntrace reads up to \(Schema.currentVersion)). Upgrade nntrace, or use another database with --db."
        )
      } else if state.version < Schema.currentVersion {
        guard !readOnly else {
          throw TraceStoreError(
            "\(path) was written by an older nntrace (schema version \(state.version)); any nntrace command that writes, such as `nntrace vacuum`, upgrades it to version \(Schema.currentVersion)."
          )
        }
        try db.inTransaction(.immediate) {
          let version = try DatabaseState(db).version
          if version < Schema.currentVersion { try SchemaMigration.migrate(db, from: version) }
          return .commit
        }
      }
      let refresh = try SchemaCheck.check(db, path: path, writing: !readOnly)
      guard !readOnly else { return ([], try abandonedRuns(db)) }
      if refresh { try SchemaCheck.refreshViews(db) }
      try db.execute(sql: "PRAGMA journal_mode = WAL")
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
      // Multi-row inserts keep a statement journal; in memory it costs no system calls.
      try db.execute(sql: "PRAGMA temp_store = MEMORY")
      try synchronizeKinds(db)
      return (try recoverAbandonedRuns(db), [])
    }
  }

  private static func createCurrent(_ db: Database) throws {
    for statement in Schema.current {
      try db.execute(sql: statement)
    }
    try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
    try db.execute(sql: "PRAGMA user_version = \(Schema.currentVersion)")
  }

  /// Makes the `kind` table hold every kind this build knows, as this build describes it.
  private static func synchronizeKinds(_ db: Database) throws {
    var stored: [Int64: [String?]] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT code, phase, kind, meaning FROM kind") {
      guard case .int64(let code) = (row[0] as DatabaseValue).storage else { continue }
      stored[code] = [1, 2, 3].map { String.fromDatabaseValue(row[$0] as DatabaseValue) }
    }
    let missing = TraceKind.all.filter { stored[Int64($0.code)] != [$0.phase.name, $0.name, $0.meaning] }
    guard !missing.isEmpty else { return }
    try db.inTransaction(.immediate) {
      for kind in missing {
        try db.execute(
          sql: "INSERT OR REPLACE INTO kind(code, phase, kind, meaning) VALUES (?, ?, ?, ?)",
          arguments: [kind.code, kind.phase.name, kind.name, kind.meaning])
      }
      return .commit
    }
  }

  /// Runs left `running` by a process that no longer exists.
  private static func abandonedRuns(_ db: Database) throws -> [Int64] {
    try Row.fetchAll(db, sql: "SELECT id, owner FROM run_record WHERE status = 'running' ORDER BY id").compactMap {
      row in
      let owner = (try row.decode(String?.self, atIndex: 1)).flatMap(RunOwner.init(text:))
      return owner?.isGone ?? true ? try row.decode(Int64.self, atIndex: 0) : nil
    }
  }

  /// Marks runs left `running` by a process that no longer exists as `interrupted`.
  private static func recoverAbandonedRuns(_ db: Database) throws -> [Int64] {
    let running = try Row.fetchAll(db, sql: "SELECT id, owner FROM run_record WHERE status = 'running'")
    var recovered: [Int64] = []
    for row in running {
      let owner = (try row.decode(String?.self, atIndex: 1)).flatMap(RunOwner.init(text:))
      guard owner?.isGone ?? true else { continue }
      let id = try row.decode(Int64.self, atIndex: 0)
      let who = owner.map { "process \($0.pid)" } ?? "its process"
      try db.inTransaction(.immediate) {
        try db.execute(
          sql: """
            UPDATE run_record SET status = 'interrupted', finished_at = ?, owner = NULL,
              epochs = coalesce((SELECT max(epoch) FROM event WHERE run_id = ?), 0),
              detail = ?
            WHERE id = ? AND status = 'running'
            """,
          arguments: [
            timestamp(), id,
            "\(who) ended without closing the run (killed or crashed); the values it had committed are kept", id,
          ])
        if db.changesCount > 0 { recovered.append(id) }
        return .commit
      }
    }
    return recovered
  }

  /// Now, in UTC, as `2026-01-31T12:34:56Z`.
  ///
  /// `Date.ISO8601FormatStyle` formats without ICU; `ISO8601DateFormatter` loaded
  /// ICU's calendar and time-zone data, a noticeable part of a short run's start-up.
  static func timestamp() -> String {
    Date().formatted(Date.ISO8601FormatStyle())
  }
}

/// What the header pragmas say about an open database.
private struct DatabaseState {
  var applicationID: Int32
  var version: Int
  var objects: Int

  init(_ db: Database) throws {
    applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
    version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
    objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
  }

  /// Nothing in it and no marks of any application: a new database.
  var isBlank: Bool { objects == 0 && applicationID == 0 && version == 0 }
}
