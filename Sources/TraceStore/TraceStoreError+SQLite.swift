import GRDB

extension TraceStoreError {
  /// SQLite's refusals that a person can act on, in words: a database locked by another process
  /// past the wait, or a full disk; `nil` for any other error.
  public static func explaining(_ error: Error) -> TraceStoreError? {
    guard let error = error as? DatabaseError else { return nil }
    switch error.resultCode {
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      return TraceStoreError(
        "the database is locked by another process and stayed locked past the wait (10 s); nothing was recorded. Try again when that process is done, or use another database with --db.",
        reason: .busy)
    case .SQLITE_FULL:
      return TraceStoreError(
        "the disk is full (\(error.message ?? "database or disk is full")); free some space, or use --db on another disk.",
        reason: .busy)
    default:
      return nil
    }
  }
}
