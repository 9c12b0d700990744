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
/// - ATTACH and DETACH, functions that reach pointers or code, tables that are not nntrace's, and
///   pragmas that set anything (only ``readingPragmas`` are allowed), refused by a ``QueryAuthorizer``;
/// - several statements in one string.
///
/// The connection is hardened (``Hardening``), strings are limited to ``maxLength``, and a time
/// limit or one signal stops a statement (``UntrustedConnection``).
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

  /// The longest a string or blob made by a query may be: 256 MiB.
  public static let maxLength: Int32 = 1 << 28

  /// Runs `sql`, calling `header` with the column names, then `row` for each row.
  ///
  /// - Parameter timeLimit: the longest the statement may run (`nil`: no limit); one signal
  ///   (``StatementStop``) stops it sooner.
  /// - Returns: the virtual machine steps the statement took and the rows it put in automatic
  ///   indexes (SQLite's own counts of its work, for tests of query plans).
  /// - Throws: ``TraceStoreError`` with reason `refusedWrite` for statements
  ///   that would change anything or reach beyond the trace, `invalidQuery` for SQL that SQLite
  ///   rejects, `interrupted` or `timeLimit` when it was stopped, `store` when the file is not a
  ///   current nntrace database.
  @discardableResult
  public func run(
    _ sql: String, timeLimit: Duration? = nil, header: ([String]) throws -> Void, row: ([QueryValue]) throws -> Void
  ) throws -> QueryWork {
    // Checks the file is an nntrace database of this version, without writing to it.
    _ = try TraceDatabase.open(path: path, readOnly: true)
    let connection = try UntrustedConnection(
      path: path, who: "`nntrace query`", limits: .init(timeLimit: timeLimit, maxLength: Self.maxLength))
    let statement = try connection.prepare(sql)
    defer { sqlite3_finalize(statement) }

    let count = sqlite3_column_count(statement)
    try header((0..<count).map { String(cString: sqlite3_column_name(statement, $0)) })
    var values = [QueryValue](repeating: .null, count: Int(count))
    connection.restartClock()
    while try connection.step(statement) {
      for c in 0..<count {
        values[Int(c)] = Self.value(statement, c)
      }
      try row(values)
    }
    return QueryWork(
      steps: Int(sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_VM_STEP, 0)),
      automaticIndexRows: Int(sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_AUTOINDEX, 0)))
  }

  static func value(_ statement: OpaquePointer, _ column: Int32) -> QueryValue {
    switch sqlite3_column_type(statement, column) {
    case SQLITE_INTEGER:
      return .integer(sqlite3_column_int64(statement, column))
    case SQLITE_FLOAT:
      return .real(sqlite3_column_double(statement, column))
    case SQLITE_TEXT:
      guard let text = sqlite3_column_text(statement, column) else { return .text("") }
      let count = Int(sqlite3_column_bytes(statement, column))
      return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
    case SQLITE_BLOB:
      let count = Int(sqlite3_column_bytes(statement, column))
      guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return .blob([]) }
      return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
    default:
      return .null
    }
  }
}

/// How much work SQLite did for one statement.
public struct QueryWork: Sendable, Equatable {
  /// Virtual machine steps (SQLITE_STMTSTATUS_VM_STEP).
  public var steps: Int
  /// Rows put into automatic indexes (SQLITE_STMTSTATUS_AUTOINDEX): 0 when the plan needed none.
  public var automaticIndexRows: Int
}
