import NeuralEngine
import Testing
import Tracing

/// The summary's statistics, checked against the full trace of the same training, recorded alongside.
@Suite struct SummaryRecorderTests {
  private struct Both {
    var full: [(event: TraceEvent, values: [Double])]
    var summary: [(event: TraceEvent, values: [Double])]
  }

  private func record(_ problem: SmallProblem, plan: CapturePlan = CapturePlan(policy: .summary)) throws -> Both {
    let full = MemorySink()
    let summary = MemorySink()
    let observer = FanOutObserver([
      TraceRecorder(sink: full),
      try #require(CaptureObservers.make(plan, shape: problem.shape, sink: summary)),
    ])
    #expect(problem.trainer().train(observer: observer).status == .completed)
    return Both(full: full.events, summary: summary.events)
  }

  /// The values of the full trace's events of `kind` in `phase` at `step` and `layer`, concatenated in order.
  private func fullValues(_ both: Both, _ kind: String, _ phase: String, step: Int, layer: Int?) -> [Double] {
    both.full.filter {
      $0.event.kind.name == kind && $0.event.kind.phase.name == phase && $0.event.step == step
        && $0.event.layer == layer
    }.flatMap(\.values)
  }

  /// The one summary value of `kind` in `phase` at `step` and `layer`.
  private func summaryValue(_ both: Both, _ kind: String, _ phase: String, step: Int, layer: Int?) throws -> Double {
    let matches = both.summary.filter {
      $0.event.kind.name == kind && $0.event.kind.phase.name == phase && $0.event.step == step
        && $0.event.layer == layer
    }
    #expect(matches.count == 1, "\(kind) at step \(step), layer \(String(describing: layer))")
    #expect(matches.first?.event.shape == .scalar)
    return try #require(matches.first?.values.first)
  }

  private func norm(_ values: [Double]) -> Double { values.reduce(0) { $0 + $1 * $1 }.squareRoot() }

  private let problem = SmallProblem(
    sizes: [3, 5, 4, 2], activations: [.relu, .tanh, .sigmoid], rows: 6, epochs: 3, batchSize: 3)

  @Test func normsMatchTheGradientsAndWeightsOfTheFullTrace() throws {
    let both = try record(problem)
    for step in 0..<6 {
      for layer in 1...3 {
        let gradient = try summaryValue(both, "grad_w_norm", "backward", step: step, layer: layer)
        #expect(abs(gradient - norm(fullValues(both, "grad_w", "backward", step: step, layer: layer))) <= 1e-12)
        let weights = try summaryValue(both, "w_norm", "update", step: step, layer: layer)
        #expect(abs(weights - norm(fullValues(both, "w", "update", step: step, layer: layer))) <= 1e-12)
      }
    }
    for layer in 1...3 {
      let initial = try summaryValue(both, "w_norm", "init", step: 0, layer: layer)
      #expect(abs(initial - norm(fullValues(both, "w", "init", step: 0, layer: layer))) <= 1e-12)
    }
  }

  @Test func activationStatisticsMatchTheActivationsOfTheFullTrace() throws {
    let both = try record(problem)
    for step in 0..<6 {
      for layer in 1...3 {
        let a = fullValues(both, "a", "forward", step: step, layer: layer)
        let mean = a.reduce(0, +) / Double(a.count)
        let deviation = (a.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(a.count)).squareRoot()
        #expect(abs(try summaryValue(both, "a_mean", "forward", step: step, layer: layer) - mean) <= 1e-12)
        #expect(abs(try summaryValue(both, "a_std", "forward", step: step, layer: layer) - deviation) <= 1e-12)
      }
      // Layer 1 is ReLU: a unit is dead when all three samples give 0.
      let relu = fullValues(both, "a", "forward", step: step, layer: 1)
      let dead = (0..<5).filter { i in (0..<3).allSatisfy { relu[$0 * 5 + i] == 0 } }.count
      #expect(try summaryValue(both, "dead_share", "forward", step: step, layer: 1) == Double(dead) / 5)
      // Layer 2 is tanh, layer 3 sigmoid.
      let tanh = fullValues(both, "a", "forward", step: step, layer: 2)
      let saturatedTanh = tanh.filter { abs($0) > 0.99 }.count
      #expect(
        try summaryValue(both, "saturated_share", "forward", step: step, layer: 2)
          == Double(saturatedTanh) / Double(tanh.count))
      let sigmoid = fullValues(both, "a", "forward", step: step, layer: 3)
      let saturatedSigmoid = sigmoid.filter { $0 < 0.01 || $0 > 0.99 }.count
      #expect(
        try summaryValue(both, "saturated_share", "forward", step: step, layer: 3)
          == Double(saturatedSigmoid) / Double(sigmoid.count))
    }
  }

  @Test func theBatchLossIsKeptAsItIs() throws {
    let both = try record(problem)
    for step in 0..<6 {
      let loss = fullValues(both, "loss", "loss", step: step, layer: nil)
      // The full trace has each sample's loss, then the batch's; the summary keeps the batch's.
      #expect(try summaryValue(both, "loss", "loss", step: step, layer: nil) == loss.last)
    }
  }

  @Test func onlyStatisticsAreRecordedAndTheyAreNumberedInOrder() throws {
    let both = try record(problem)
    let names = Set(both.summary.map { "\($0.event.kind.phase.name) \($0.event.kind.name)" })
    #expect(
      names == [
        "init w_norm", "forward a_mean", "forward a_std", "forward dead_share", "forward saturated_share",
        "loss loss", "backward grad_w_norm", "update w_norm",
      ])
    #expect(both.summary.map(\.event.seq) == Array(0..<both.summary.count))
    #expect(both.summary.allSatisfy { $0.values.count == 1 })
  }

  @Test func stepAndLayerOptionsThinTheSummary() throws {
    let plan = CapturePlan(policy: .summary, everyStep: 2, layers: IndexList(parsing: "2"))
    let both = try record(problem, plan: plan)
    #expect(Set(both.summary.map(\.event.step)) == [0, 2, 4])
    #expect(Set(both.summary.compactMap(\.event.layer)) == [2])
    // The loss has no layer and is kept at the recorded steps.
    #expect(both.summary.filter { $0.event.kind.name == "loss" }.map(\.event.step) == [0, 2, 4])
  }

  @Test func scalarExtrasAreKeptAndVectorsDropped() throws {
    let sink = MemorySink()
    let recorder = SummaryRecorder(sink: sink, plan: CapturePlan(policy: .summary), shape: problem.shape)
    let position = StepPosition(epoch: 0, step: 1)
    let metric = try #require(TraceKind.named("train_loss", in: .evaluation))
    let check = try #require(TraceKind.named("numeric_grad_w", in: .backward))
    recorder.record(metric, layer: nil, sample: nil, shape: .scalar, values: [0.25], at: position)
    recorder.record(check, layer: 1, sample: nil, shape: .matrix(cols: 2), values: [1, 2, 3, 4], at: position)
    #expect(sink.events.map(\.event.kind) == [metric])
    #expect(sink.events.first?.values == [0.25])
  }
}
