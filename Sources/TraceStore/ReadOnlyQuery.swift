import Foundation
import GRDBSQLite

/// Runs one SQL statement against a trace database through a connection that SQLite opened read-only.
///
/// The read-only open is the guard: SQLite itself refuses to change the file.
/// On top of it, each statement is checked before it runs, so that a refusal
/// comes with a clear message rather than SQLite's terse one, and so that
/// what a read-only connection would still allow is refused as well:
/// - statements that would write (`sqlite3_stmt_readonly` is false), which
///   covers INSERT, UPDATE, DELETE, DROP, CREATE (even TEMP), VACUUM (and
///   VACUUM INTO), ANALYZE, REINDEX and BEGIN IMMEDIATE;
/// - ATTACH and DETACH, refused by an authorizer;
/// - PRAGMA, unless it only reads (``readingPragmas``) and sets nothing;
/// - several statements in one string.
public struct ReadOnlyQuery {
  /// Pragmas that report without changing anything; given a value (`= …`), those that could set are refused.
  public static let readingPragmas: Set<String> = [
    "application_id", "collation_list", "compile_options", "data_version", "database_list", "encoding",
    "foreign_key_check", "foreign_key_list", "freelist_count", "function_list", "index_info", "index_list",
    "index_xinfo", "integrity_check", "journal_mode", "module_list", "page_count", "page_size", "pragma_list",
    "quick_check", "schema_version", "table_info", "table_list", "table_xinfo", "user_version",
  ]
  /// Reading pragmas whose argument names a table, an index or a limit rather than a new value.
  static let pragmasWithArgument: Set<String> = [
    "foreign_key_check", "foreign_key_list", "index_info", "index_list", "index_xinfo", "integrity_check",
    "quick_check", "table_info", "table_xinfo", "table_list",
  ]

  /// The database file.
  public let path: String

  /// A query runner for the database at `path`.
  public init(path: String) {
    self.path = path
  }

  /// Runs `sql`, calling `header` with the column names, then `row` for each row.
  ///
  /// - Throws: ``TraceStoreError`` with reason `refusedWrite` for statements
  ///   that would change anything, `invalidQuery` for SQL that SQLite rejects,
  ///   `store` when the file is not a current nntrace database.
  public func run(_ sql: String, header: ([String]) throws -> Void, row: ([QueryValue]) throws -> Void) throws {
    // Checks the file is an nntrace database of this version, without writing to it.
    _ = try TraceDatabase.open(path: path, readOnly: true, maintenance: false)

    var handle: OpaquePointer?
    guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let connection = handle else {
      let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close(handle)
      throw TraceStoreError("cannot open \(path) read-only: \(message)")
    }
    defer { sqlite3_close(connection) }
    sqlite3_busy_timeout(connection, 10_000)
    let guardian = QueryAuthorizer()
    let context = Unmanaged.passUnretained(guardian).toOpaque()
    sqlite3_set_authorizer(connection, QueryAuthorizer.callback, context)

    let statement = try prepare(sql, on: connection, guardian: guardian)
    defer { sqlite3_finalize(statement) }

    let count = sqlite3_column_count(statement)
    try header((0..<count).map { String(cString: sqlite3_column_name(statement, $0)) })
    var values = [QueryValue](repeating: .null, count: Int(count))
    while true {
      let code = sqlite3_step(statement)
      if code == SQLITE_DONE { break }
      guard code == SQLITE_ROW else {
        throw TraceStoreError(
          "the query failed: \(String(cString: sqlite3_errmsg(connection)))", reason: Self.reason(code))
      }
      for c in 0..<count {
        values[Int(c)] = Self.value(statement, c)
      }
      try row(values)
    }
  }

  private func prepare(_ sql: String, on connection: OpaquePointer, guardian: QueryAuthorizer) throws -> OpaquePointer {
    try sql.withCString { text in
      var statement: OpaquePointer?
      var tail: UnsafePointer<CChar>?
      let code = sqlite3_prepare_v2(connection, text, -1, &statement, &tail)
      if let refusal = guardian.refusal {
        sqlite3_finalize(statement)
        throw TraceStoreError(refusal, reason: .refusedWrite)
      }
      guard code == SQLITE_OK else {
        throw TraceStoreError(
          "SQLite cannot run this query: \(String(cString: sqlite3_errmsg(connection)))", reason: .invalidQuery)
      }
      guard let statement else {
        throw TraceStoreError(
          "the query is empty: give one SQL statement, e.g. \"SELECT * FROM runs\"", reason: .invalidQuery)
      }
      if let tail, try hasAnotherStatement(tail, on: connection) {
        sqlite3_finalize(statement)
        throw TraceStoreError(
          "this text holds several SQL statements, and `nntrace query` runs one at a time; run them one by one.",
          reason: .refusedWrite)
      }
      if sqlite3_stmt_readonly(statement) == 0 {
        let verb = String(cString: sqlite3_sql(statement)).split(whereSeparator: \.isWhitespace).first ?? "it"
        sqlite3_finalize(statement)
        throw TraceStoreError(
          "this \(verb.uppercased()) statement would change the database, and `nntrace query` only reads, so it was not run. Delete runs with `nntrace rm`; to change the file yourself, open it with sqlite3.",
          reason: .refusedWrite)
      }
      return statement
    }
  }

  /// Whether text after the first statement holds another statement (not just spaces, comments and semicolons).
  private func hasAnotherStatement(_ tail: UnsafePointer<CChar>, on connection: OpaquePointer) throws -> Bool {
    var next: OpaquePointer?
    var rest: UnsafePointer<CChar>?
    var cursor = tail
    while cursor.pointee != 0 {
      // A statement that fails to prepare (or that the authorizer denies) is still a statement.
      let code = sqlite3_prepare_v2(connection, cursor, -1, &next, &rest)
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

  private static func reason(_ code: Int32) -> TraceStoreError.Reason {
    switch code & 0xFF {
    case SQLITE_READONLY, SQLITE_AUTH: .refusedWrite
    case SQLITE_ERROR, SQLITE_MISMATCH, SQLITE_RANGE, SQLITE_TOOBIG: .invalidQuery
    default: .store
    }
  }

  private static func value(_ statement: OpaquePointer, _ column: Int32) -> QueryValue {
    switch sqlite3_column_type(statement, column) {
    case SQLITE_INTEGER:
      return .integer(sqlite3_column_int64(statement, column))
    case SQLITE_FLOAT:
      return .real(sqlite3_column_double(statement, column))
    case SQLITE_TEXT:
      guard let text = sqlite3_column_text(statement, column) else { return .text("") }
      return .text(String(cString: text))
    case SQLITE_BLOB:
      let count = Int(sqlite3_column_bytes(statement, column))
      guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return .blob([]) }
      return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
    default:
      return .null
    }
  }
}

/// The authorizer of a query connection: refuses ATTACH, DETACH and pragmas that set, and says why.
private final class QueryAuthorizer {
  /// Why the last statement was refused, if it was.
  var refusal: String?

  static let callback:
    @convention(c) (
      UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
      UnsafePointer<CChar>?
    ) -> Int32 = { context, action, first, second, _, _ in
      guard let context else { return SQLITE_OK }
      let authorizer = Unmanaged<QueryAuthorizer>.fromOpaque(context).takeUnretainedValue()
      return authorizer.authorize(action, first.map { String(cString: $0) }, second.map { String(cString: $0) })
    }

  func authorize(_ action: Int32, _ first: String?, _ second: String?) -> Int32 {
    switch action {
    case SQLITE_ATTACH, SQLITE_DETACH:
      refusal =
        "ATTACH and DETACH are refused: `nntrace query` reads this trace database only. Use sqlite3 to combine databases."
      return SQLITE_DENY
    case SQLITE_PRAGMA:
      let name = (first ?? "").lowercased()
      let setsValue = second != nil && !ReadOnlyQuery.pragmasWithArgument.contains(name)
      if ReadOnlyQuery.readingPragmas.contains(name) && !setsValue { return SQLITE_OK }
      refusal =
        "PRAGMA \(name)\(second.map { " = \($0)" } ?? "") could change the database or the connection, and `nntrace query` only reads, so it was not run. Pragmas that only report, such as PRAGMA table_info(trace) or PRAGMA user_version, are allowed."
      return SQLITE_DENY
    default:
      return SQLITE_OK
    }
  }
}
