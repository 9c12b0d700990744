import Foundation
import Lessons
import TraceStore
import Tracing

// The curriculum tests run each built-in lesson once per test process, every part
// on a fresh temporary database with capture `all`, as `nntrace run` does; the
// claim tests and the conclusion test then read the same recorded runs.

/// A built-in lesson, run with all of its parts, and its trace.
struct CurriculumRun: Sendable {
  /// Lessons run with fewer epochs than they have, to keep the tests fast (the claim still holds).
  static let epochOverrides = ["digits": 3, "autoencoder": 5]

  /// The lesson's id.
  let id: String
  /// The parts as run (with ``epochOverrides`` applied).
  let parts: [LessonSpec]
  /// What each part's run reported, in order.
  let results: [LessonRunner.Result]
  /// The database the runs were recorded in (one per lesson).
  let database: TraceDatabase
  /// The lesson's conclusion, filled in from the trace.
  let conclusion: String?
  /// The named arguments the lesson's findings use: `run`, `run_<part>`.
  let arguments: [String: Int64]

  /// Runs the built-in lesson `id` on a new database in `directory`.
  init(id: String, directory: String) throws {
    let catalog = try LessonCatalog(directory: lessonsDirectory)
    var session = try LessonSession(reference: try LessonReference.resolve(id, catalog: catalog))
    let parts = session.parts.map { part in
      var spec = part
      if let epochs = Self.epochOverrides[id] { spec.training.epochs = epochs }
      return spec
    }
    session = LessonSession(reference: session.reference, parts: parts)
    let database = try TraceDatabase.open(path: (directory as NSString).appendingPathComponent("\(id).sqlite"))
    var results: [LessonRunner.Result] = []
    for spec in parts {
      let runner = try LessonRunner(spec: spec, lessonName: id, directory: session.directory)
      results.append(try runner.run(database: database, capture: .all))
    }
    self.id = id
    self.parts = parts
    self.results = results
    self.database = database
    conclusion = try session.conclusion(database: database, runs: results.map(\.runID))
    arguments = session.arguments(runs: results.map(\.runID))
  }

  /// The run id of part `name` (`nil`: the lesson's only part).
  func runID(_ name: String? = nil) throws -> Int64 {
    guard let name else { return results[results.count - 1].runID }
    guard let index = parts.firstIndex(where: { $0.part == name }) else {
      throw CurriculumError("lesson \(id) has no part '\(name)'; its parts are \(parts.compactMap(\.part))")
    }
    return results[index].runID
  }

  /// The trace rows of `part` (`nil`: the only part) that `filter` selects, in recording order.
  func rows(_ filter: TraceFilter = TraceFilter(), part: String? = nil) throws -> [TraceRow] {
    var rows: [TraceRow] = []
    try database.forEachTraceRow(run: try runID(part), filter: filter) { rows.append($0) }
    return rows
  }

  /// The rows of one kind and phase, e.g. the updated weights (`w` in `update`) rather than the initial ones.
  func rows(kind: String, phase: String, part: String? = nil, step: Int? = nil, layer: Int? = nil) throws
    -> [TraceRow]
  {
    try rows(TraceFilter(step: step, layer: layer, kinds: [kind]), part: part).filter { $0.phase == phase }
  }

  /// The conclusion as one line, each run of white space a single space (the template's line breaks fall anywhere).
  func conclusionText() throws -> String {
    guard let conclusion else { throw CurriculumError("lesson \(id) told no conclusion") }
    return conclusion.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  /// The first value of an SQL query over the trace, with the lesson's named run arguments.
  func number(_ sql: String) throws -> Double? {
    switch try database.firstValue(of: sql, arguments: arguments) {
    case .integer(let value): return Double(value)
    case .real(let value): return value
    case .text, .null: return nil
    }
  }
}

/// A built-in lesson that the curriculum tests could not run as expected.
struct CurriculumError: Error, CustomStringConvertible {
  let description: String

  init(_ description: String) {
    self.description = description
  }
}

/// The curriculum's runs, each made once per test process, however many tests ask for it.
actor CurriculumRuns {
  static let shared = CurriculumRuns()

  private var tasks: [String: Task<CurriculumRun, any Error>] = [:]

  /// The run of the built-in lesson `id`, made on first request.
  func run(_ id: String) async throws -> CurriculumRun {
    if let task = tasks[id] { return try await task.value }
    let directory = curriculumScratch
    let task = Task.detached { try CurriculumRun(id: id, directory: directory) }
    tasks[id] = task
    return try await task.value
  }
}

/// The folder of the curriculum's databases, made once and removed when the test process exits.
let curriculumScratch: String = {
  let path = FileManager.default.temporaryDirectory
    .appendingPathComponent("nntrace-curriculum-\(UUID().uuidString)").path
  try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  atexit { try? FileManager.default.removeItem(atPath: curriculumScratch) }
  return path
}()

/// The per-epoch sum of |y − ŷ| of a perceptron run: its mistakes in each epoch.
func mistakesPerEpoch(_ rows: [TraceRow]) -> [Int: Double] {
  var mistakes: [Int: Double] = [:]
  for row in rows where row.kind == "error" { mistakes[row.epoch, default: 0] += abs(row.value) }
  return mistakes
}

/// The share of held-out rows classified right, from the `test_a` and `test_y` rows of a run:
/// by the largest output for several outputs, by the side of 0.5 for one.
func heldOutAccuracy(_ rows: [TraceRow]) -> (right: Int, total: Int) {
  var outputs: [Int: [Int: Double]] = [:]
  var targets: [Int: [Int: Double]] = [:]
  // test_a holds every layer's activations; the outputs are those of the layer test_y is recorded for.
  let outputLayer = rows.first { $0.kind == "test_y" }?.layer
  for row in rows {
    guard let sample = row.sample, let i = row.i else { continue }
    if row.kind == "test_a" && row.layer == outputLayer { outputs[sample, default: [:]][i] = row.value }
    if row.kind == "test_y" { targets[sample, default: [:]][i] = row.value }
  }
  func call(_ values: [Int: Double]) -> Int {
    if values.count == 1 { return (values[0] ?? 0) >= 0.5 ? 1 : 0 }
    return values.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? -1
  }
  var right = 0
  for (sample, output) in outputs where call(output) == call(targets[sample] ?? [:]) { right += 1 }
  return (right, outputs.count)
}

/// The Euclidean norm of some values.
func norm(_ values: [Double]) -> Double {
  values.reduce(0) { $0 + $1 * $1 }.squareRoot()
}
