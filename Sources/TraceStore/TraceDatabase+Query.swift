import GRDB

/// One value read back from SQL.
public enum SQLValue: Sendable, Equatable {
  /// An integer.
  case integer(Int64)
  /// A real number.
  case real(Double)
  /// Text.
  case text(String)
  /// No value (SQL NULL, or no row).
  case null
}

extension TraceDatabase {
  /// The first column of the first row of one `SELECT`, with named integer arguments (`:run`).
  ///
  /// - Throws: GRDB's error for SQL that does not compile, several statements, or a write on a read-only database.
  public func firstValue(of sql: String, arguments: [String: Int64]) throws -> SQLValue {
    try queue.read { db in
      let statement = try db.makeStatement(sql: sql)
      var bound: [String: (any DatabaseValueConvertible)?] = [:]
      for (name, value) in arguments where sql.contains(":\(name)") { bound[name] = value }
      statement.arguments = StatementArguments(bound)
      guard let row = try Row.fetchOne(statement) else { return .null }
      switch row[0] as DatabaseValue? {
      case .none: return .null
      case .some(let value):
        switch value.storage {
        case .int64(let int): return .integer(int)
        case .double(let double): return .real(double)
        case .string(let string): return .text(string)
        case .blob, .null: return .null
        }
      }
    }
  }
}
