import GRDBSQLite

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
  /// The longest a finding may run: 30 s.
  public static let findingTimeLimit: Duration = .seconds(30)
  /// The largest string or blob a finding may make while it runs: 16 MiB.
  public static let findingMaxLength: Int32 = 1 << 24
  /// The longest text a finding may give: 4,096 characters (it is printed and stored in the conclusion).
  public static let findingMaxResult = 4096

  /// The first column of the first row of one `SELECT` that nntrace did not write (a lesson's
  /// finding), with named integer arguments (`:run`).
  ///
  /// It runs on a read-only, hardened connection of its own under a ``QueryAuthorizer``, for at most
  /// ``findingTimeLimit``, and one signal stops it (``StatementStop``).
  ///
  /// - Throws: ``TraceStoreError`` for SQL that does not compile, is refused, writes, names an
  ///   argument there is none of, runs out of time, or gives text longer than ``findingMaxResult``.
  public func firstValue(of sql: String, arguments: [String: Int64]) throws -> SQLValue {
    let connection = try UntrustedConnection(
      path: path, who: "the finding",
      limits: .init(timeLimit: Self.findingTimeLimit, maxLength: Self.findingMaxLength))
    let statement = try connection.prepare(sql)
    defer { sqlite3_finalize(statement) }
    for index in 0..<sqlite3_bind_parameter_count(statement) {
      let name = sqlite3_bind_parameter_name(statement, index + 1).map { String(cString: $0) } ?? "?"
      guard name.hasPrefix(":"), let value = arguments[String(name.dropFirst())] else {
        throw TraceStoreError(
          "the argument \(name) is not one nntrace gives; expected one of \(arguments.keys.sorted().map { ":" + $0 }.joined(separator: ", "))",
          reason: .invalidQuery)
      }
      sqlite3_bind_int64(statement, index + 1, value)
    }
    connection.restartClock()
    guard try connection.step(statement), sqlite3_column_count(statement) > 0 else { return .null }
    switch ReadOnlyQuery.value(statement, 0) {
    case .integer(let value): return .integer(value)
    case .real(let value): return .real(value)
    case .text(let text):
      guard text.count <= Self.findingMaxResult else {
        throw TraceStoreError(
          "it gave \(text.utf8.count) bytes of text; a finding gives at most \(Self.findingMaxResult) characters",
          reason: .invalidQuery)
      }
      return .text(text)
    case .blob, .null: return .null
    }
  }
}
