import GRDB

/// Checks that a database's schema is the one nntrace writes, before anything reads or writes through it.
///
/// A downloaded database can hold a trigger that fires on nntrace's own writes, or a view of
/// nntrace's name that does something else. So:
/// - every object of nntrace's names (tables, indexes, views) must have exactly the SQL nntrace
///   gives it (this version's, or a previous release's view), or the file is refused;
/// - a command that writes also refuses a file holding objects nntrace did not create (a trigger,
///   another view or table), naming them: it will not write beside something it cannot vouch for.
///   Read commands ignore them: they never read them, and triggers never fire (``Hardening``).
enum SchemaCheck {
  /// The SQL of each object nntrace creates, by name: this version's text first.
  static let known: [String: [String]] = {
    var known: [String: [String]] = [:]
    for statement in Schema.tables + Schema.indexes + Schema.views + Schema.previousViews {
      known[name(of: statement), default: []].append(statement)
    }
    return known
  }()

  /// The object `statement` creates: the word before ` ON ` or ` AS ` or `(`, after `CREATE KIND`.
  static func name(of statement: String) -> String {
    let words = statement.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == "\n" })
    return words.count > 2 ? String(words[2]) : ""
  }

  /// Checks `db`'s schema.
  ///
  /// - Returns: whether the views are a previous release's, to be brought up to date by a writer.
  /// - Throws: ``TraceStoreError`` naming the objects changed, or (`writing`) not nntrace's.
  @discardableResult
  static func check(_ db: Database, path: String, writing: Bool) throws -> Bool {
    var changed: [String] = []
    var foreign: [String] = []
    var outdated = false
    for row in try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid") {
      let type = String.fromDatabaseValue(row[0] as DatabaseValue) ?? "?"
      let name = String.fromDatabaseValue(row[1] as DatabaseValue) ?? "?"
      let table = String.fromDatabaseValue(row[2] as DatabaseValue) ?? ""
      let sql = String.fromDatabaseValue(row[3] as DatabaseValue)
      if let texts = known[name] {
        guard let sql, let position = texts.firstIndex(of: sql) else {
          changed.append("\(type) \(name)")
          continue
        }
        if position > 0 { outdated = true }
      } else if name.hasPrefix("sqlite_autoindex_") && Schema.tableNames.contains(table) && sql == nil {
        continue
      } else if type == "table" && (name == "sqlite_stat1" || name == "sqlite_stat4") {
        continue
      } else {
        foreign.append("\(type) \(name)")
      }
    }
    if !changed.isEmpty {
      throw TraceStoreError(
        "\(path) is not a database nntrace can trust: its \(list(changed)) \(changed.count == 1 ? "is" : "are") not as nntrace created \(changed.count == 1 ? "it" : "them"), so nntrace does not read or write through \(changed.count == 1 ? "it" : "them"). It was left untouched.",
        reason: .corrupt)
    }
    if writing && !foreign.isEmpty {
      throw TraceStoreError(
        "\(path) holds \(list(foreign)), which nntrace did not create; a command that writes will not run beside \(foreign.count == 1 ? "it" : "them") (a trigger could change or delete runs). Read it with runs, replay, export or query, drop \(foreign.count == 1 ? "it" : "them") with sqlite3, or use another database with --db. It was left untouched.",
        reason: .store)
    }
    return outdated
  }

  /// Replaces a previous release's views with this version's, in one transaction.
  static func refreshViews(_ db: Database) throws {
    try db.inTransaction(.immediate) {
      for statement in Schema.views {
        try db.execute(sql: "DROP VIEW IF EXISTS \(name(of: statement))")
        try db.execute(sql: statement)
      }
      return .commit
    }
  }

  /// `a, b and c`, at most eight names.
  private static func list(_ names: [String]) -> String {
    let shown = names.prefix(8).map { TextSafety.terminal($0) }
    let more = names.count > 8 ? " and \(names.count - 8) more" : ""
    guard shown.count > 1, more.isEmpty else { return shown.joined(separator: ", ") + more }
    return shown.dropLast().joined(separator: ", ") + " and " + (shown.last ?? "")
  }
}
