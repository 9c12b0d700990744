import Foundation
import NeuralEngine
import Testing
import TraceStore
import Tracing

/// The convenience views and their readers give what the trace holds, worked out another way.
@Suite struct ConvenienceViewTests {
  private let problem = SmallProblem(
    sizes: [3, 4, 2], activations: [.relu, .sigmoid], rows: 4, epochs: 3, batchSize: 2)

  /// Records `problem` with `plan` into a fresh database and keeps the full trace in memory too.
  private func recorded(_ plan: CapturePlan, in scratch: TemporaryDirectory) throws -> (
    TraceDatabase, Int64, MemorySink
  ) {
    let database = try TraceDatabase.open(path: scratch.path("trace.sqlite"))
    let id = try database.beginRun(lesson: "v", title: "t", part: nil, config: "{}", capture: plan.policy.name)
    let writer = TraceWriter(database: database, runID: id)
    let memory = MemorySink()
    let recorder = try #require(CaptureObservers.make(plan, shape: problem.shape, sink: writer))
    let full = TraceRecorder(sink: memory)
    _ = problem.trainer().train(observer: FanOutObserver([recorder, full]))
    try writer.flush()
    return (database, id, memory)
  }

  private func events(_ memory: MemorySink, _ kind: String, _ phase: String) -> [(event: TraceEvent, values: [Double])]
  {
    memory.events.filter { $0.event.kind.name == kind && $0.event.kind.phase.name == phase }
  }

  @Test func stepLossIsTheBatchLossOfEachStep() throws {
    let scratch = try TemporaryDirectory()
    let (database, id, memory) = try recorded(CapturePlan(), in: scratch)
    let expected = events(memory, "loss", "loss").filter { $0.event.sample == nil }.map {
      StepValue(epoch: $0.event.epoch, step: $0.event.step, layer: nil, value: $0.values[0])
    }
    #expect(expected.count == 6)
    #expect(try database.stepLosses(run: id) == expected)
  }

  @Test func layerGradientNormsAreComputedFromTheFullTrace() throws {
    let scratch = try TemporaryDirectory()
    let (database, id, memory) = try recorded(CapturePlan(), in: scratch)
    let norms = try database.layerGradientNorms(run: id)
    let expected = events(memory, "grad_w", "backward")
      .map { ($0.event.step, $0.event.layer ?? 0, $0.values.reduce(0) { $0 + $1 * $1 }.squareRoot()) }
      .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    #expect(norms.count == expected.count)
    for (row, want) in zip(norms, expected) {
      #expect(row.step == want.0 && row.layer == want.1)
      #expect(abs(row.value - want.2) <= 1e-12 * max(1, want.2))
    }
  }

  @Test func layerGradientNormsOfASummaryRunAreItsRecordedNorms() throws {
    let scratch = try TemporaryDirectory()
    let (summaryDatabase, summaryID, memory) = try recorded(CapturePlan(policy: .summary), in: scratch)
    let norms = try summaryDatabase.layerGradientNorms(run: summaryID)
    #expect(norms.count == 6 * 2)
    let expected = events(memory, "grad_w", "backward")
      .map { ($0.event.step, $0.event.layer ?? 0, $0.values.reduce(0) { $0 + $1 * $1 }.squareRoot()) }
      .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    for (row, want) in zip(norms, expected) {
      #expect(row.step == want.0 && row.layer == want.1)
      #expect(abs(row.value - want.2) <= 1e-12 * max(1, want.2))
    }
  }

  @Test func weightHistoryFollowsOneWeightFromItsStartThroughEveryUpdate() throws {
    let scratch = try TemporaryDirectory()
    let (database, id, memory) = try recorded(CapturePlan(), in: scratch)
    // w[2][1] of layer 1: row j = 2, column i = 1 of a 3 × 4 matrix, position 2·4 + 1.
    let history = try database.weightHistory(run: id, layer: 1, j: 2, i: 1)
    let initial = try #require(events(memory, "w", "init").first { $0.event.layer == 1 })
    let updates = events(memory, "w", "update").filter { $0.event.layer == 1 }
    #expect(history.first == WeightPoint(epoch: 0, step: 0, phase: "init", value: initial.values[9]))
    #expect(
      Array(history.dropFirst())
        == updates.map { WeightPoint(epoch: $0.event.epoch, step: $0.event.step, phase: "update", value: $0.values[9]) }
    )
  }

  @Test func layerStatsPivotTheSummaryIntoOneRowPerStepAndLayer() throws {
    let scratch = try TemporaryDirectory()
    let (database, id, memory) = try recorded(CapturePlan(policy: .summary), in: scratch)
    let stats = try database.layerStatistics(run: id)
    #expect(stats.map(\.step) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    #expect(stats.map(\.layer) == Array(repeating: [1, 2], count: 6).flatMap { $0 })
    // ReLU then sigmoid: a dead share for layer 1, a saturated share for layer 2, never both.
    #expect(
      stats.allSatisfy { ($0.layer == 1) == ($0.deadShare != nil) && ($0.layer == 2) == ($0.saturatedShare != nil) })
    let weights = events(memory, "w", "update").filter { $0.event.layer == 2 && $0.event.step == 4 }
    let norm = try #require(weights.first).values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let row = try #require(stats.first { $0.step == 4 && $0.layer == 2 })
    #expect(abs((row.weightNorm ?? .nan) - norm) <= 1e-12)
    #expect(row.activationMean != nil && row.activationDeviation != nil && row.gradientWeightNorm != nil)
  }
}
