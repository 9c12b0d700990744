import GRDB
import GRDBSQLite

/// Prepares SQL against an empty database of the current schema, without running it.
///
/// A lesson's findings are SQL over the trace; preparing each one when the
/// lesson is read catches a typo (an unknown column, a missing parenthesis)
/// before any training, where the lesson's author can still be told the file,
/// line and key.
///
/// One preparation makes its empty database once, at its first statement, and prepares every
/// statement after against the same one: the built-in lessons hold about 250 findings, and
/// making the schema for each was most of what `nntrace lessons` did. Preparing runs nothing,
/// though SQLite applies some pragmas (`PRAGMA case_sensitive_like = 1`) as it prepares them; so
/// a lesson is read with a preparation of its own, and one file's findings never reach another's.
public final class QueryPreparation {
  /// What preparing a query found: the named parameters it uses, in order of first use.
  public struct Prepared: Sendable, Equatable {
    /// Named parameters such as `:run` and `:run_and`, with their prefix.
    public var parameters: [String]
  }

  /// Prepares `sql` as one statement over the `runs` and `trace` views and the convenience views.
  ///
  /// - Throws: ``TraceStoreError`` (reason `.invalidQuery`) with SQLite's own one-line message
  ///   when the SQL cannot be prepared, holds no statement, or holds more than one.
  public func prepare(_ sql: String) throws -> Prepared {
    return try emptyDatabase().inDatabase { db in
      let statements: SQLStatementCursor
      let statement: Statement
      do {
        statements = try db.allStatements(sql: sql)
        guard let first = try statements.next() else {
          throw TraceStoreError("found no SQL statement; expected one SELECT", reason: .invalidQuery)
        }
        statement = first
        guard try statements.next() == nil else {
          throw TraceStoreError("found more than one SQL statement; expected one SELECT", reason: .invalidQuery)
        }
      } catch let error as DatabaseError {
        throw TraceStoreError(oneLine(error.message ?? "\(error.resultCode)"), reason: .invalidQuery)
      }
      var parameters: [String] = []
      let raw = statement.sqliteStatement
      let count = sqlite3_bind_parameter_count(raw)
      if count > 0 {
        for index in 1...count {
          let name = sqlite3_bind_parameter_name(raw, index).map { String(cString: $0) } ?? "?"
          if !parameters.contains(name) { parameters.append(name) }
        }
      }
      return Prepared(parameters: parameters)
    }
  }

  private var empty: DatabaseQueue?

  /// A preparation; it makes its database when it prepares its first statement.
  public init() {}

  private func emptyDatabase() throws -> DatabaseQueue {
    if let empty { return empty }
    do {
      let queue = try DatabaseQueue()
      try queue.inDatabase { db in
        for statement in Schema.current { try db.execute(sql: statement) }
      }
      empty = queue
      return queue
    } catch {
      throw TraceStoreError("cannot make the empty database to check SQL against: \(error)")
    }
  }

  /// SQLite's message on one line.
  private func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).joined(separator: " ")
  }
}
