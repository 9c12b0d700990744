import NeuralEngine
import Reports
import Testing
import TraceStore
import Tracing

/// The optimizer state the update lines narrate is recorded, and obeys its rule exactly.
@Suite struct OptimizerStateTraceTests {
  func steps(_ yaml: String) throws -> [StepTrace] {
    let run = try RecordedRun(yaml, name: "state")
    var steps: [StepTrace] = []
    try TraceReader(database: run.database, runID: run.runID).forEachStep { steps.append($0) }
    return steps
  }

  @Test func momentumVelocityIsBetaTimesTheLastPlusTheGradient() throws {
    let steps = try steps(FixtureLessons.tanhReluMomentum)
    #expect(steps.count == 6)
    for step in steps {
      for (i, j) in [(0, 0), (1, 2), (3, 1)] {
        let g = try #require(step.value(kind("grad_w", .backward), layer: 1, i: i, j: j))
        let v = try #require(step.value(kind("velocity_w", .update), layer: 1, i: i, j: j))
        let before = try #require(step.startValue(kind("velocity_w", .update), layer: 1, i: i, j: j))
        #expect(v == 0.9 * before + g)
        let w0 = try #require(step.startValue(kind("w", .update), layer: 1, i: i, j: j))
        let w1 = try #require(step.value(kind("w", .update), layer: 1, i: i, j: j))
        #expect(abs(w1 - (w0 - 0.05 * v)) <= 1e-15)
      }
      let gb = try #require(step.value(kind("grad_b", .backward), layer: 3, i: 1))
      let vb = try #require(step.value(kind("velocity_b", .update), layer: 3, i: 1))
      #expect(vb == 0.9 * (try #require(step.startValue(kind("velocity_b", .update), layer: 3, i: 1))) + gb)
    }
  }

  @Test func rmspropAndAdamMomentsFollowTheirRules() throws {
    for step in try steps(FixtureLessons.leakyRMSprop) {
      let g = try #require(step.value(kind("grad_w", .backward), layer: 2, i: 0, j: 1))
      let s = try #require(step.value(kind("s_w", .update), layer: 2, i: 0, j: 1))
      let before = try #require(step.startValue(kind("s_w", .update), layer: 2, i: 0, j: 1))
      #expect(abs(s - (0.99 * before + 0.01 * g * g)) <= 1e-18 + 1e-15 * s)
    }
    for step in try steps(FixtureLessons.softmaxAdam) {
      let g = try #require(step.value(kind("grad_b", .backward), layer: 2, i: 2))
      let m = try #require(step.value(kind("m_b", .update), layer: 2, i: 2))
      let v = try #require(step.value(kind("v_b", .update), layer: 2, i: 2))
      let m0 = try #require(step.startValue(kind("m_b", .update), layer: 2, i: 2))
      let v0 = try #require(step.startValue(kind("v_b", .update), layer: 2, i: 2))
      #expect(abs(m - (0.9 * m0 + 0.1 * g)) <= 1e-15)
      #expect(abs(v - (0.999 * v0 + 0.001 * g * g)) <= 1e-17)
    }
  }

  @Test func sgdRecordsNoState() throws {
    let step = try #require(try steps(FixtureLessons.xor).first)
    #expect(!step.has(kind("velocity_w", .update)))
    #expect(!step.has(kind("m_w", .update)))
    #expect(step.has(kind("w", .update)))
  }
}

private func kind(_ name: String, _ phase: Phase) -> TraceKind {
  guard let kind = TraceKind.named(name, in: phase) else { preconditionFailure("this build has no kind \(name)") }
  return kind
}
