import GRDB
import GRDBSQLite

extension RunSummary {
  /// The statuses a run may have.
  static let statuses: Set<String> = ["running", "completed", "interrupted", "diverged", "failed"]
  /// The most steps, epochs or values a run may claim: 2⁵³, beyond any database that fits a disk.
  static let maxCount: Int64 = 1 << 53

  /// A row of the `runs` view, every field checked: nothing from the file is trusted.
  ///
  /// - Throws: ``TraceStoreError`` (reason `corrupt`) naming the run and the field that holds what
  ///   nntrace never writes (a NULL, a number where text belongs, a negative count, an unknown status).
  init(validating row: Row) throws {
    let fields = RowFields(row: row)
    let id = try fields.integer("id", run: nil)
    func text(_ name: String) throws -> String {
      guard let value = try fields.optionalText(name, run: id) else { throw fields.damaged(name, run: id, "NULL") }
      return value
    }
    func count(_ name: String) throws -> Int {
      let value = try fields.integer(name, run: id)
      guard value >= 0 && value <= Self.maxCount else { throw fields.damaged(name, run: id, "\(value)") }
      return Int(value)
    }
    let status = try text("status")
    guard Self.statuses.contains(status) else { throw fields.damaged("status", run: id, "'\(status)'") }
    var finalLoss: Double?
    switch (row["final_loss"] as DatabaseValue).storage {
    case .null: finalLoss = nil
    case .int64(let value): finalLoss = Double(value)
    case .double(let value): finalLoss = value
    default: throw fields.damaged("final_loss", run: id, "text")
    }
    self.init(
      id: id, lesson: try text("lesson"), title: try text("title"), part: try fields.optionalText("part", run: id),
      status: status, startedAt: try text("started_at"), finishedAt: try fields.optionalText("finished_at", run: id),
      config: try text("config"), capture: try text("capture"), steps: try count("steps"), epochs: try count("epochs"),
      values: try count("values"), finalLoss: finalLoss, detail: try fields.optionalText("detail", run: id),
      thinning: try fields.optionalText("thinning", run: id), conclusion: try fields.optionalText("conclusion", run: id)
    )
  }
}

/// Typed reads of a row's fields that throw, naming the run and field, instead of trapping.
struct RowFields {
  let row: Row

  /// An integer field (a real that is a whole number is accepted).
  func integer(_ name: String, run: Int64?) throws -> Int64 {
    try Self.integer(row[name], name, run: run)
  }

  /// A text field, or `nil` for NULL.
  func optionalText(_ name: String, run: Int64?) throws -> String? {
    try Self.optionalText(row[name], name, run: run)
  }

  /// The error for field `name` of `run` holding `found`.
  func damaged(_ name: String, run: Int64?, _ found: String) -> TraceStoreError {
    Self.damaged(name, run: run, found)
  }

  /// `value`, the field `name`, as an integer (a real that is a whole number is accepted).
  static func integer(_ value: DatabaseValue?, _ name: String, run: Int64?) throws -> Int64 {
    switch value?.storage {
    case .int64(let value): return value
    case .double(let value) where value.rounded() == value && abs(value) < 9e18: return Int64(value)
    case .double(let value): throw damaged(name, run: run, "\(value)")
    case .string(let text): throw damaged(name, run: run, "the text '\(text.prefix(40))'")
    case .blob: throw damaged(name, run: run, "a blob")
    case .null, .none: throw damaged(name, run: run, "NULL")
    }
  }

  /// `value`, the field `name`, as text, or `nil` for NULL.
  static func optionalText(_ value: DatabaseValue?, _ name: String, run: Int64?) throws -> String? {
    switch value?.storage {
    case .string(let text): return text
    case .null, .none: return nil
    case .int64(let value): throw damaged(name, run: run, "the number \(value)")
    case .double(let value): throw damaged(name, run: run, "the number \(value)")
    case .blob: throw damaged(name, run: run, "a blob")
    }
  }

  /// The error for field `name` of `run` holding `found`.
  static func damaged(_ name: String, run: Int64?, _ found: String) -> TraceStoreError {
    TraceStoreError(
      "the database is damaged: \(run.map { "run \($0)" } ?? "a run")'s \(name) holds \(TextSafety.terminal(found)), which nntrace never writes there.",
      reason: .corrupt)
  }
}

extension TraceRow {
  /// The largest epoch or step a trace row may hold: 2⁴⁰.
  static let maxStep: Int64 = 1 << 40
  /// The largest sample, layer or unit index a trace row may hold: 2³¹ (far beyond any lesson's).
  static let maxIndex: Int64 = 1 << 31

  /// The columns of the `trace` view that ``init(validating:run:)`` reads, in this order.
  static let columns = ["seq", "epoch", "step", "sample", "phase", "layer", "kind", "i", "j", "value"]

  /// The current row of `statement`, which selects ``columns`` in order, every field checked.
  ///
  /// The columns are read by position straight from SQLite (a replay or a page reads millions of
  /// rows); anything but the expected type goes through ``RowFields`` for its message.
  /// - Throws: ``TraceStoreError`` (reason `corrupt`) naming the run and the field.
  init(validating statement: SQLiteStatement, run: Int64) throws {
    func damaged(_ column: Int32, _ found: String) -> TraceStoreError {
      RowFields.damaged(Self.columns[Int(column)], run: run, found)
    }
    func number(_ column: Int32, limit: Int64) throws -> Int {
      let value =
        sqlite3_column_type(statement, column) == SQLITE_INTEGER
        ? sqlite3_column_int64(statement, column)
        : try RowFields.integer(
          DatabaseValue(sqliteStatement: statement, index: column), Self.columns[Int(column)], run: run)
      guard value >= 0 && value <= limit else { throw damaged(column, "\(value)") }
      return Int(value)
    }
    func optional(_ column: Int32) throws -> Int? {
      sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : try number(column, limit: Self.maxIndex)
    }
    func text(_ column: Int32) throws -> String {
      let found = DatabaseValue(sqliteStatement: statement, index: column)
      guard let value = try RowFields.optionalText(found, Self.columns[Int(column)], run: run) else {
        throw damaged(column, "NULL")
      }
      return value
    }
    let value: Double
    switch sqlite3_column_type(statement, 9) {
    case SQLITE_FLOAT: value = sqlite3_column_double(statement, 9)
    case SQLITE_INTEGER: value = Double(sqlite3_column_int64(statement, 9))
    case SQLITE_NULL: value = .nan
    default: throw damaged(9, "text")
    }
    self.init(
      seq: try number(0, limit: RunSummary.maxCount), epoch: try number(1, limit: Self.maxStep),
      step: try number(2, limit: Self.maxStep), sample: try optional(3), phase: try text(4), layer: try optional(5),
      kind: try text(6), i: try optional(7), j: try optional(8), value: value)
  }
}
