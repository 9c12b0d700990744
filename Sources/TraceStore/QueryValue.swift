/// One cell of a query's result, as SQLite typed it.
public enum QueryValue: Sendable, Equatable {
  /// SQL NULL.
  case null
  /// An INTEGER.
  case integer(Int64)
  /// A REAL.
  case real(Double)
  /// TEXT.
  case text(String)
  /// A BLOB.
  case blob([UInt8])
}
