import Foundation
import GRDBSQLite

/// A read-only connection for SQL that nntrace did not write: a lesson's findings and `nntrace query`.
///
/// SQLite opens the file read-only, then the connection is hardened (``Hardening``), put under a
/// ``QueryAuthorizer``, limited in the size of any string or blob it makes (``Limits/maxLength``)
/// and watched by a progress handler that ends a statement when its time is up or when a signal
/// asked for a stop (``StatementStop``).
final class UntrustedConnection {
  /// What a statement may take.
  struct Limits {
    /// The longest a statement may run; `nil`: no limit.
    var timeLimit: Duration?
    /// The largest string or blob a statement may make, in bytes.
    var maxLength: Int32
  }

  let handle: OpaquePointer
  private let authorizer: QueryAuthorizer
  private let watchdog: Watchdog
  /// What the statements are for, in messages.
  let who: String

  /// Opens `path` read-only for `who` (`nntrace query`, `the finding`).
  init(path: String, who: String, limits: Limits) throws {
    var opened: OpaquePointer?
    let code = sqlite3_open_v2(path, &opened, SQLITE_OPEN_READONLY, nil)
    guard code == SQLITE_OK, let opened else {
      let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close(opened)
      throw TraceStoreError("cannot open \(path) read-only: \(message)")
    }
    handle = opened
    self.who = who
    watchdog = Watchdog(timeLimit: limits.timeLimit)
    do {
      try Hardening.apply(opened)
      authorizer = QueryAuthorizer(who: who, foreignTables: try Self.foreignTables(opened))
    } catch {
      sqlite3_close(opened)
      throw error
    }
    sqlite3_busy_timeout(opened, 10_000)
    sqlite3_limit(opened, SQLITE_LIMIT_LENGTH, limits.maxLength)
    sqlite3_limit(opened, SQLITE_LIMIT_ATTACHED, 0)
    sqlite3_set_authorizer(opened, QueryAuthorizer.callback, Unmanaged.passUnretained(authorizer).toOpaque())
    sqlite3_progress_handler(opened, 1000, Watchdog.callback, Unmanaged.passUnretained(watchdog).toOpaque())
  }

  deinit {
    sqlite3_close_v2(handle)
  }

  /// The tables of the schema that nntrace did not create (SQLite's statistics tables aside).
  private static func foreignTables(_ connection: OpaquePointer) throws -> Set<String> {
    var statement: OpaquePointer?
    guard
      sqlite3_prepare_v2(connection, "SELECT lower(name) FROM sqlite_master WHERE type = 'table'", -1, &statement, nil)
        == SQLITE_OK, let statement
    else {
      throw TraceStoreError("cannot read the schema: \(String(cString: sqlite3_errmsg(connection)))", reason: .corrupt)
    }
    defer { sqlite3_finalize(statement) }
    var names = Set<String>()
    while sqlite3_step(statement) == SQLITE_ROW {
      guard let text = sqlite3_column_text(statement, 0) else { continue }
      let name = String(cString: text)
      if !Schema.tableNames.contains(name) && !name.hasPrefix("sqlite_stat") { names.insert(name) }
    }
    return names
  }

  /// Compiles `sql`: one statement that only reads.
  ///
  /// - Throws: ``TraceStoreError`` with reason `refusedWrite` for what the authorizer refuses, for
  ///   several statements and for statements that would write; `invalidQuery` for SQL SQLite rejects.
  func prepare(_ sql: String) throws -> OpaquePointer {
    try sql.withCString { text in
      var statement: OpaquePointer?
      var tail: UnsafePointer<CChar>?
      watchdog.start()
      let code = sqlite3_prepare_v2(handle, text, -1, &statement, &tail)
      if let refusal = authorizer.refusal {
        sqlite3_finalize(statement)
        throw TraceStoreError(refusal, reason: .refusedWrite)
      }
      guard code == SQLITE_OK else { throw failure(code, doing: "SQLite cannot run this query") }
      guard let statement else {
        throw TraceStoreError(
          "the query is empty: give one SQL statement, e.g. \"SELECT * FROM runs\"", reason: .invalidQuery)
      }
      if let tail, hasAnotherStatement(tail) {
        sqlite3_finalize(statement)
        throw TraceStoreError(
          "this text holds several SQL statements, and \(who) runs one at a time; run them one by one.",
          reason: .refusedWrite)
      }
      if sqlite3_stmt_readonly(statement) == 0 {
        let verb = String(cString: sqlite3_sql(statement)).split(whereSeparator: \.isWhitespace).first ?? "it"
        sqlite3_finalize(statement)
        throw TraceStoreError(
          "this \(verb.uppercased()) statement would change the database, and \(who) only reads, so it was not run. Delete runs with `nntrace rm`; to change the file yourself, open it with sqlite3.",
          reason: .refusedWrite)
      }
      return statement
    }
  }

  /// Steps `statement` once: `true` for a row, `false` when done.
  ///
  /// - Throws: ``TraceStoreError``: `interrupted` after a signal, `timeLimit` when the time is up,
  ///   `invalidQuery` for a string too long or SQL that fails, `store` for a damaged file.
  func step(_ statement: OpaquePointer) throws -> Bool {
    let code = sqlite3_step(statement)
    if code == SQLITE_ROW { return true }
    if code == SQLITE_DONE { return false }
    throw failure(code, doing: "the query failed")
  }

  /// Starts the clock of the time limit again (before each statement).
  func restartClock() {
    watchdog.start()
  }

  private func failure(_ code: Int32, doing what: String) -> TraceStoreError {
    let message = String(cString: sqlite3_errmsg(handle))
    if watchdog.stopped {
      return TraceStoreError("\(who) was stopped by signal \(StatementStop.signal).", reason: .interrupted)
    }
    if let limit = watchdog.expired {
      return TraceStoreError(
        "\(who) ran past its time limit of \(limit.components.seconds) s and was stopped.", reason: .timeLimit)
    }
    switch code & 0xFF {
    case SQLITE_TOOBIG:
      return TraceStoreError(
        "\(what): it made a string or blob larger than \(sqlite3_limit(handle, SQLITE_LIMIT_LENGTH, -1) >> 20) MiB, the most \(who) allows.",
        reason: .invalidQuery)
    case SQLITE_CORRUPT, SQLITE_NOTADB:
      return TraceStoreError("\(what): the database is damaged (\(message)).", reason: .corrupt)
    case SQLITE_READONLY, SQLITE_AUTH: return TraceStoreError("\(what): \(message)", reason: .refusedWrite)
    case SQLITE_BUSY, SQLITE_LOCKED: return TraceStoreError("\(what): \(message)", reason: .busy)
    case SQLITE_ERROR, SQLITE_MISMATCH, SQLITE_RANGE:
      return TraceStoreError("\(what): \(message)", reason: .invalidQuery)
    default: return TraceStoreError("\(what): \(message)")
    }
  }

  /// Whether text after the first statement holds another statement (not just spaces, comments and semicolons).
  private func hasAnotherStatement(_ tail: UnsafePointer<CChar>) -> Bool {
    var next: OpaquePointer?
    var rest: UnsafePointer<CChar>?
    var cursor = tail
    while cursor.pointee != 0 {
      // A statement that fails to prepare (or that the authorizer denies) is still a statement.
      let code = sqlite3_prepare_v2(handle, cursor, -1, &next, &rest)
      if let next {
        sqlite3_finalize(next)
        return true
      }
      if code != SQLITE_OK { return true }
      guard let rest, rest != cursor else { return false }
      cursor = rest
    }
    return false
  }
}

/// The progress handler's state: the deadline of the running statement, and why it was ended.
private final class Watchdog {
  let timeLimit: Duration?
  private var deadline: ContinuousClock.Instant?
  /// Set when a signal ended the statement.
  private(set) var stopped = false
  /// The limit that ended the statement, if it did.
  private(set) var expired: Duration?

  init(timeLimit: Duration?) {
    self.timeLimit = timeLimit
  }

  func start() {
    deadline = timeLimit.map { ContinuousClock.now + $0 }
    stopped = false
    expired = nil
  }

  static let callback: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { context in
    guard let context else { return 1 }
    let watchdog = Unmanaged<Watchdog>.fromOpaque(context).takeUnretainedValue()
    if StatementStop.signal != 0 {
      watchdog.stopped = true
      return 1
    }
    if let deadline = watchdog.deadline, ContinuousClock.now >= deadline {
      watchdog.expired = watchdog.timeLimit
      return 1
    }
    return 0
  }
}
