import CSQLiteSafety
import GRDBSQLite

/// The settings every nntrace connection gets before it reads a byte of a database it did not write.
///
/// Any database may come from someone else: a classmate's download, a course site. So each
/// connection is opened defensively (SQLITE_DBCONFIG_DEFENSIVE), does not trust the schema
/// (functions and virtual tables with side effects cannot run from a view), cannot install an FTS3
/// tokenizer from a pointer, cannot load extensions and fires no trigger (nntrace creates none).
enum Hardening {
  /// Applies the settings to `connection`.
  ///
  /// - Throws: ``TraceStoreError`` when SQLite refuses one of them (an SQLite too old to know it).
  static func apply(_ connection: OpaquePointer) throws {
    let code = nntrace_sqlite_harden(UnsafeMutableRawPointer(connection))
    guard code == SQLITE_OK else {
      throw TraceStoreError(
        "this SQLite (\(String(cString: sqlite3_libversion()))) cannot be set up safely (error \(code)); nntrace needs SQLite 3.31 or newer."
      )
    }
  }
}
