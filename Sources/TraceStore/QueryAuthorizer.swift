import GRDBSQLite

/// The authorizer of a connection that runs SQL nntrace did not write (a lesson's findings, `nntrace query`).
///
/// It allows reading nntrace's tables (and so its views), SQLite's own catalogue, table functions
/// and common table expressions, and refuses, with the reason in words:
/// - ATTACH and DETACH, which would reach other files;
/// - pragmas that set anything (``ReadOnlyQuery/readingPragmas`` are allowed);
/// - functions that reach pointers, files or code (``refusedFunctions``);
/// - any other table of the file, such as a full-text table shipped inside a downloaded database.
final class QueryAuthorizer {
  /// Functions that are never allowed: `fts3_tokenizer` reads and installs tokenizers by pointer,
  /// `load_extension` runs a library's code, `fts5` hands out an API pointer.
  static let refusedFunctions: Set<String> = ["fts3_tokenizer", "load_extension", "fts5"]
  /// What the statement is for, in the refusal (`nntrace query`, `the finding`).
  let who: String
  /// The tables of the file's schema that are not nntrace's (lower case): a full-text table
  /// shipped in a download, its shadow tables, anything else. Names not in the schema (a
  /// common table expression, a table function) are not tables of the file.
  let foreignTables: Set<String>
  /// Why the last statement was refused, if it was.
  var refusal: String?

  init(who: String, foreignTables: Set<String>) {
    self.who = who
    self.foreignTables = foreignTables
  }

  static let callback:
    @convention(c) (
      UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
      UnsafePointer<CChar>?
    ) -> Int32 = { context, action, first, second, _, _ in
      guard let context else { return SQLITE_DENY }
      let authorizer = Unmanaged<QueryAuthorizer>.fromOpaque(context).takeUnretainedValue()
      return authorizer.authorize(action, first.map { String(cString: $0) }, second.map { String(cString: $0) })
    }

  func authorize(_ action: Int32, _ first: String?, _ second: String?) -> Int32 {
    switch action {
    case SQLITE_ATTACH, SQLITE_DETACH:
      return deny(
        "ATTACH and DETACH are refused: \(who) reads this trace database only, and may not open or create other files. Use sqlite3 to combine databases."
      )
    case SQLITE_PRAGMA:
      let name = (first ?? "").lowercased()
      let setsValue = second != nil && !ReadOnlyQuery.pragmasWithArgument.contains(name)
      if ReadOnlyQuery.readingPragmas.contains(name) && !setsValue { return SQLITE_OK }
      return deny(
        "PRAGMA \(name)\(second.map { " = \($0)" } ?? "") could change the database or the connection, and \(who) only reads, so it was not run. Pragmas that only report, such as PRAGMA table_info(trace) or PRAGMA user_version, are allowed."
      )
    case SQLITE_FUNCTION:
      let name = (second ?? "").lowercased()
      guard Self.refusedFunctions.contains(name) else { return SQLITE_OK }
      return deny(
        "the function \(name)() is refused: it reaches memory, files or code outside the trace, and \(who) only reads the trace."
      )
    case SQLITE_READ:
      let table = (first ?? "").lowercased()
      guard foreignTables.contains(table) || table == "sqlite_dbpage" else { return SQLITE_OK }
      return deny(
        "the table \(first ?? "?") is not one of nntrace's, so \(who) does not read it (a table that came with a downloaded file may run code of its own). Read the views runs, trace, step_loss, layer_grad_norm, weight_history and layer_stats."
      )
    default:
      return SQLITE_OK
    }
  }

  private func deny(_ reason: String) -> Int32 {
    if refusal == nil { refusal = reason }
    return SQLITE_DENY
  }
}
