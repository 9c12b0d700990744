import GRDB

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
    switch (row[name] as DatabaseValue?)?.storage {
    case .int64(let value): return value
    case .double(let value) where value.rounded() == value && abs(value) < 9e18: return Int64(value)
    case .double(let value): throw damaged(name, run: run, "\(value)")
    case .string(let text): throw damaged(name, run: run, "the text '\(text.prefix(40))'")
    case .blob: throw damaged(name, run: run, "a blob")
    case .null, .none: throw damaged(name, run: run, "NULL")
    }
  }

  /// A text field, or `nil` for NULL.
  func optionalText(_ name: String, run: Int64?) throws -> String? {
    switch (row[name] as DatabaseValue?)?.storage {
    case .string(let text): return text
    case .null, .none: return nil
    case .int64(let value): throw damaged(name, run: run, "the number \(value)")
    case .double(let value): throw damaged(name, run: run, "the number \(value)")
    case .blob: throw damaged(name, run: run, "a blob")
    }
  }

  /// The error for field `name` of `run` holding `found`.
  func damaged(_ name: String, run: Int64?, _ found: String) -> TraceStoreError {
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

  /// A row of the `trace` view, every field checked.
  ///
  /// - Throws: ``TraceStoreError`` (reason `corrupt`) naming the run and the field.
  init(validating row: Row, run: Int64) throws {
    let fields = RowFields(row: row)
    func number(_ name: String, limit: Int64) throws -> Int {
      let value = try fields.integer(name, run: run)
      guard value >= 0 && value <= limit else { throw fields.damaged(name, run: run, "\(value)") }
      return Int(value)
    }
    func optional(_ name: String) throws -> Int? {
      (row[name] as DatabaseValue).isNull ? nil : try number(name, limit: Self.maxIndex)
    }
    func text(_ name: String) throws -> String {
      guard let value = try fields.optionalText(name, run: run) else { throw fields.damaged(name, run: run, "NULL") }
      return value
    }
    let value: Double
    switch (row["value"] as DatabaseValue).storage {
    case .double(let number): value = number
    case .int64(let number): value = Double(number)
    case .null: value = .nan
    default: throw fields.damaged("value", run: run, "text")
    }
    self.init(
      seq: try number("seq", limit: RunSummary.maxCount), epoch: try number("epoch", limit: Self.maxStep),
      step: try number("step", limit: Self.maxStep), sample: try optional("sample"), phase: try text("phase"),
      layer: try optional("layer"), kind: try text("kind"), i: try optional("i"), j: try optional("j"), value: value)
  }
}
