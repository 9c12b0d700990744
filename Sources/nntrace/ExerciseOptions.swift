import ArgumentParser
import Reports
import TraceStore

/// What `quiz` and `export --worksheet` ask for: a step, a data row, layers, kinds and how many units.
///
/// Each option left out takes the lesson's exercise set's value (see
/// docs/exercises.md), else the default: step 0, the step's first row, every
/// layer and kind, 2 units per layer and 2 incoming weights per unit.
struct ExerciseOptions: ParsableArguments {
  @Option(name: .customLong("step"), help: ArgumentHelp("The step to work (0-based).", valueName: "n"))
  var step: Int?

  @Option(help: ArgumentHelp("The data row worked in full (0-based; default: the step's first).", valueName: "n"))
  var row: Int?

  @Option(help: ArgumentHelp("Only this layer's values.", valueName: "n"))
  var layer: Int?

  @Option(
    name: .customLong("kind"),
    help: ArgumentHelp(
      "Only values of these kinds (repeatable): z, a, loss, delta, error, grad_w, grad_b, w, b, and the optimizer's velocity_w, s_w, m_w, v_w, m_hat_w, v_hat_w (and their _b).",
      valueName: "kind"))
  var kinds: [String] = []

  @Option(help: ArgumentHelp("Units of each layer asked (default 2).", valueName: "n"))
  var units: Int?

  @Option(help: ArgumentHelp("Incoming weights of each unit asked (default 2).", valueName: "n"))
  var inputs: Int?

  func validate() throws {
    for (name, value) in [("--step", step), ("--row", row), ("--layer", layer)] {
      if let value, value < 0 { throw ValidationError("\(name): expected 0 or more, found \(value)") }
    }
    for (name, value) in [("--units", units), ("--inputs", inputs)] {
      if let value, value < 1 { throw ValidationError("\(name): expected 1 or more, found \(value)") }
    }
    for kind in kinds where !AnswerKey.kinds.contains(kind) {
      throw ValidationError(
        "--kind: unknown kind '\(kind)'; expected one of \(AnswerKey.kinds.joined(separator: ", "))")
    }
  }

  /// The scope: these options over the set's (or the defaults).
  func scope(set: ExerciseSet?) -> ExerciseScope {
    var scope = set?.scope ?? ExerciseScope()
    if let step { scope.step = step }
    if let row { scope.row = row }
    if let layer { scope.layer = layer }
    if !kinds.isEmpty { scope.kinds = Set(kinds) }
    if let units { scope.units = units }
    if let inputs { scope.inputs = inputs }
    return scope
  }

  /// The sheet of run `reader`'s step, or a message and exit status 66 (no such step) or 64 (nothing to ask).
  func sheet(reader: TraceReader) throws -> ExerciseSheet {
    let scope = scope(set: ExerciseSet.of(lesson: reader.run.lesson))
    guard reader.run.capture == "all" else {
      throw Failure.report(
        "run \(reader.run.id) was recorded with --capture \(reader.run.capture): it has no step's values to work by hand; record one with --capture all",
        status: Failure.Status.usage)
    }
    guard let trace = try reader.step(scope.step) else {
      throw Failure.report(
        "run \(reader.run.id) has no recorded step \(scope.step) (it has steps 0–\(max(0, reader.run.steps - 1)))",
        status: Failure.Status.notFound)
    }
    do {
      return try ExerciseSheet(configuration: reader.configuration, trace: trace, scope: scope)
    } catch let error as ReportError {
      throw Failure.report(error.message, status: Failure.Status.usage)
    }
  }
}
