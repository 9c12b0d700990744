import TraceStore

/// Re-tells a recorded run as text, one line per recorded value, from the database alone.
///
/// Each line says where the value arose (epoch, step, sample, phase, layer,
/// unit) and what it is. Nothing is recomputed: a run replays the same
/// whether or not its lesson file still exists.
public struct TraceNarrator {
  /// The database.
  public let database: TraceDatabase

  /// A narrator over `database`.
  public init(database: TraceDatabase) {
    self.database = database
  }

  /// Writes the replay of `run` to `output`.
  ///
  /// - Throws: ``TraceStoreError`` when there is no such run; store errors.
  public func replay(run id: Int64, filter: TraceFilter = TraceFilter(), to output: inout some TextOutputStream) throws
  {
    guard let run = try database.run(id) else {
      throw TraceStoreError("There is no run \(id) in \(database.path); `nntrace runs` lists the runs.")
    }
    let part = run.part.map { " — \($0)" } ?? ""
    output.write("Run \(run.id): \(run.title)\(part)\n")
    output.write("lesson \(run.lesson) · status \(run.status) · \(run.steps) steps · \(run.values) values\n")
    if let detail = run.detail { output.write("\(detail)\n") }
    if run.capture == "none" {
      output.write("This run was recorded with --capture none: only its result was kept.\n")
      return
    }
    var lastStep: (Int, Int)?
    var lines = 0
    try database.forEachTraceRow(run: id, filter: filter) { row in
      let header = (row.epoch, row.step)
      if lastStep.map({ $0 != header }) ?? true {
        output.write("\nepoch \(row.epoch) · step \(row.step)\n")
        lastStep = header
      }
      output.write("  \(Self.describe(row))\n")
      lines += 1
    }
    if lines == 0 { output.write("\nNo recorded values match the filter.\n") }
  }

  /// One line for one value, e.g. `forward  sample 0  layer 1  z[0] = 0.377500   pre-activation w·x + b`.
  static func describe(_ row: TraceRow) -> String {
    var place = row.phase.padding(toLength: 9, withPad: " ", startingAt: 0)
    if let sample = row.sample { place += "sample \(sample)  " }
    if let layer = row.layer { place += "layer \(layer)  " }
    var name = row.kind
    if let i = row.i {
      name += row.j.map { "[\($0)→\(i)]" } ?? "[\(i)]"
    }
    return "\(place)\(name) = \(NumberFormat.value(row.value))   \(meaning(of: row))"
  }

  static func meaning(of row: TraceRow) -> String {
    switch (row.phase, row.kind) {
    case ("init", "w"): "initial weight"
    case ("init", "b"): "initial bias"
    case (_, "x"): "input"
    case (_, "z"): "pre-activation z = w·x + b"
    case (_, "a"): "activation a = f(z)"
    case (_, "y"): "target"
    case (_, "loss"): row.sample == nil ? "batch loss (mean over the batch)" : "loss of this sample"
    case (_, "error"): "error y − ŷ"
    case (_, "delta"): "δ = ∂L/∂z"
    case (_, "grad_w"): "gradient ∂L/∂w (batch mean)"
    case (_, "grad_b"): "gradient ∂L/∂b (batch mean)"
    case (_, "dw"): "change applied to w"
    case (_, "db"): "change applied to b"
    case ("update", "w"): "weight after the update"
    case ("update", "b"): "bias after the update"
    default: row.kind
    }
  }
}
