import TraceStore
import Tracing

/// Reads one recorded run back from the database: its configuration, its steps and its statistics.
///
/// Nothing is recomputed and no lesson file is read: a run replays the same
/// whether or not its lesson still exists.
public struct TraceReader: Sendable {
  /// The database.
  public let database: TraceDatabase
  /// The run, as the `runs` view has it.
  public let run: RunSummary
  /// The run's resolved lesson.
  public let configuration: RunConfiguration

  /// A reader of run `id`.
  ///
  /// - Throws: ``ReportError`` when there is no such run or its configuration
  ///   cannot be read; the store's errors.
  public init(database: TraceDatabase, runID id: Int64) throws {
    guard let run = try database.run(id) else {
      throw ReportError("there is no run \(id) in \(database.path); `nntrace runs` lists the runs")
    }
    self.database = database
    self.run = run
    do {
      var configuration = try RunConfiguration(json: run.config)
      if let conclusion = run.conclusion { configuration.conclusion = conclusion }
      self.configuration = configuration
    } catch let error as ReportError {
      throw ReportError("run \(id)'s configuration cannot be read: \(error.message)")
    }
  }

  /// Whether values were recorded (not `--capture none`).
  public var hasTrace: Bool { run.capture != "none" && run.values > 0 }

  /// Step `step` with the parameters and optimizer state it started from, or `nil` if it was not recorded.
  public func step(_ step: Int) throws -> StepTrace? {
    var trace: StepTrace?
    try database.forEachTraceRow(run: run.id, filter: TraceFilter(step: step)) { row in
      if trace == nil { trace = StepTrace(epoch: row.epoch, step: step) }
      trace?.add(row)
    }
    guard var found = trace else { return nil }
    if step > 0 {
      try database.forEachTraceRow(
        run: run.id, filter: TraceFilter(step: step - 1, kinds: Array(StepTrace.carriedKinds))
      ) { row in found.addStart(row) }
    }
    return found
  }

  /// Every recorded step in order (those of `epoch` only, if given), read in one pass.
  ///
  /// `body` runs while the database is being read: it must not read the database itself.
  public func forEachStep(epoch: Int? = nil, _ body: (StepTrace) throws -> Void) throws {
    var previous: StepTrace?
    if let epoch, epoch > 0 {
      let before = epoch * configuration.stepsPerEpoch - 1
      var start = StepTrace(epoch: epoch - 1, step: before)
      try database.forEachTraceRow(
        run: run.id, filter: TraceFilter(step: before, kinds: Array(StepTrace.carriedKinds))
      ) { row in start.add(row) }
      previous = start
    }
    var current: StepTrace?
    func finish() throws {
      guard var done = current else { return }
      if let previous, previous.step == done.step - 1 { done.start(after: previous) }
      try body(done)
      previous = done
      current = nil
    }
    try database.forEachTraceRow(run: run.id, filter: TraceFilter(epoch: epoch)) { row in
      if let step = current?.step, step != row.step { try finish() }
      if current == nil { current = StepTrace(epoch: row.epoch, step: row.step) }
      current?.add(row)
    }
    try finish()
  }

  /// The loss, mistakes and gradient norms of every step, read in one pass.
  public func statistics() throws -> RunStatistics {
    var statistics = RunStatistics(configuration: configuration)
    guard hasTrace else { return statistics }
    try database.forEachTraceRow(run: run.id, filter: TraceFilter(kinds: RunStatistics.kinds.map(\.name))) { row in
      try checkStep(row)
      guard let kind = TraceKind.named(row.kind, phase: row.phase) else { return }
      statistics.add(kind, epoch: row.epoch, step: row.step, sample: row.sample, layer: row.layer, value: row.value)
    }
    return statistics
  }

  /// The values of `kind` (`w` or `b`) of layer `layer`, initial and after each step, for charts.
  ///
  /// - Returns: for each parameter `(i, j)`, its value before step 0 and after every step.
  public func parameterSeries(kind: String, layer: Int) throws -> [ParameterKey: [Double]] {
    var series: [ParameterKey: [Double]] = [:]
    try database.forEachTraceRow(run: run.id, filter: TraceFilter(layer: layer, kinds: [kind])) { row in
      series[ParameterKey(layer: layer, i: row.i ?? 0, j: row.j), default: []].append(row.value)
    }
    return series
  }

  /// The parameters after the last recorded update (or the initial ones when none was recorded).
  public func finalParameters() throws -> [ParameterKey: Double] {
    var values: [ParameterKey: Double] = [:]
    var kinds: [ParameterKey: String] = [:]
    try database.forEachTraceRow(run: run.id, filter: TraceFilter(step: max(0, lastStep), kinds: ["w", "b"])) { row in
      let key = ParameterKey(layer: row.layer ?? 0, i: row.i ?? 0, j: row.kind == "w" ? row.j : nil)
      if row.phase == "update" || kinds[key] == nil {
        values[key] = row.value
        kinds[key] = row.phase
      }
    }
    return values
  }

  /// The initial parameters.
  public func initialParameters() throws -> [ParameterKey: Double] {
    var values: [ParameterKey: Double] = [:]
    try database.forEachTraceRow(run: run.id, filter: TraceFilter(step: 0, kinds: ["w", "b"])) { row in
      guard row.phase == "init" else { return }
      values[ParameterKey(layer: row.layer ?? 0, i: row.i ?? 0, j: row.kind == "w" ? row.j : nil)] = row.value
    }
    return values
  }

  /// The most steps a run's statistics are kept for, one number each per layer.
  public static let maxStatisticsSteps = 20_000_000

  /// Checks that `row`'s step lies within the run (its steps, at most ``maxStatisticsSteps``)
  /// before it sizes the statistics' arrays.
  ///
  /// - Throws: ``ReportError`` naming the run, the step and the kind.
  func checkStep(_ row: TraceRow) throws {
    // A run still being recorded has not counted its steps yet.
    let limit = run.status == "running" ? Self.maxStatisticsSteps : min(run.steps, Self.maxStatisticsSteps)
    guard row.step <= limit else {
      throw ReportError(
        "the database is damaged: run \(run.id) has a \(TextSafety.terminal(row.kind)) value at step \(row.step), but the run made \(run.steps) steps (at most \(Self.maxStatisticsSteps) are read)"
      )
    }
  }

  /// The last step with a completed update: the run's steps less one.
  public var lastStep: Int { run.steps - 1 }
}

/// A parameter: layer, unit, and the unit below for a weight (`nil` for a bias).
public struct ParameterKey: Hashable, Sendable, Comparable {
  /// The layer, 1…L.
  public var layer: Int
  /// The unit, 0-based.
  public var i: Int
  /// The unit below, 0-based; `nil` for the bias.
  public var j: Int?

  /// A key.
  public init(layer: Int, i: Int, j: Int?) {
    self.layer = layer
    self.i = i
    self.j = j
  }

  public static func < (lhs: ParameterKey, rhs: ParameterKey) -> Bool {
    (lhs.layer, lhs.j ?? Int.max, lhs.i) < (rhs.layer, rhs.j ?? Int.max, rhs.i)
  }
}
