import NeuralEngine
import Reports
import Testing
import TraceStore
import Tracing

@Suite struct TraceReaderTests {
  @Test func oneStepReadAloneEqualsTheSameStepReadInAPass() throws {
    let run = try RecordedRun(FixtureLessons.tanhReluMomentum, name: "m")
    let reader = try TraceReader(database: run.database, runID: run.runID)
    var streamed: [Int: StepTrace] = [:]
    try reader.forEachStep { streamed[$0.step] = $0 }
    #expect(streamed.count == reader.run.steps)
    let narrator = StepNarrator(configuration: reader.configuration, limits: .full)
    for step in [0, 3, 5] {
      let alone = try #require(try reader.step(step))
      let inPass = try #require(streamed[step])
      #expect(alone.count == inPass.count)
      #expect(
        StoryText.render(narrator.story(for: alone), style: .plain)
          == StoryText.render(narrator.story(for: inPass), style: .plain))
    }
    var epoch2: [Int] = []
    try reader.forEachStep(epoch: 2) { epoch2.append($0.step) }
    #expect(epoch2 == [4, 5])
  }

  @Test func eachStepStartsFromThePreviousStepsUpdate() throws {
    let run = try RecordedRun(FixtureLessons.xor, name: "xor")
    let reader = try TraceReader(database: run.database, runID: run.runID)
    let first = try #require(try reader.step(0))
    let second = try #require(try reader.step(1))
    #expect(
      second.startValue(kind("w", .update), layer: 2, i: 0, j: 1)
        == first.value(kind("w", .update), layer: 2, i: 0, j: 1))
    #expect(
      first.startValue(kind("w", .update), layer: 2, i: 0, j: 1)
        == first.value(kind("w", .initialization), layer: 2, i: 0, j: 1))
    #expect(try reader.step(99) == nil)
  }

  @Test func statisticsHoldTheLossAndGradientNormOfEveryStep() throws {
    let run = try RecordedRun(FixtureLessons.xor, name: "xor")
    let reader = try TraceReader(database: run.database, runID: run.runID)
    let statistics = try reader.statistics()
    #expect(statistics.steps == 3)
    let step = try #require(try reader.step(1))
    #expect(statistics.stepLosses[1] == step.value(kind("loss", .loss), layer: nil))
    var squares = 0.0
    for (i, j) in [(0, 0), (0, 1)] {
      let g = try #require(step.value(kind("grad_w", .backward), layer: 2, i: i, j: j))
      squares += g * g
    }
    // ‖∂L/∂W⁽²⁾‖ is over the weights only, as the store's layer_grad_norm view defines it.
    let view = try run.database.layerGradientNorms(run: run.runID).first { $0.step == 1 && $0.layer == 2 }
    #expect(abs(statistics.gradientNorms(layer: 2)[1] - squares.squareRoot()) <= 1e-15)
    #expect(abs(statistics.gradientNorms(layer: 2)[1] - (try #require(view).value)) <= 1e-12)
    let gb = try #require(step.value(kind("grad_b", .backward), layer: 2, i: 0))
    #expect(gb != 0, "a bias gradient that would change the norm were it included")
    #expect(statistics.epochs.map(\.epoch) == [0, 1, 2])
  }

  @Test func anUnknownRunIsAReportError() throws {
    let run = try RecordedRun(FixtureLessons.xor, name: "xor")
    #expect(throws: ReportError.self) { try TraceReader(database: run.database, runID: 42) }
  }
}

private func kind(_ name: String, _ phase: Phase) -> TraceKind {
  guard let kind = TraceKind.named(name, in: phase) else { preconditionFailure("this build has no kind \(name)") }
  return kind
}
