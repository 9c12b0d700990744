import Reports
import Testing
import TraceStore

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
        let g = try #require(step.value("grad_w", phase: "backward", layer: 1, i: i, j: j))
        let v = try #require(step.value("velocity_w", phase: "update", layer: 1, i: i, j: j))
        let before = try #require(step.startValue("velocity_w", layer: 1, i: i, j: j))
        #expect(v == 0.9 * before + g)
        let w0 = try #require(step.startValue("w", layer: 1, i: i, j: j))
        let w1 = try #require(step.value("w", phase: "update", layer: 1, i: i, j: j))
        #expect(abs(w1 - (w0 - 0.05 * v)) <= 1e-15)
      }
      let gb = try #require(step.value("grad_b", phase: "backward", layer: 3, i: 1))
      let vb = try #require(step.value("velocity_b", phase: "update", layer: 3, i: 1))
      #expect(vb == 0.9 * (try #require(step.startValue("velocity_b", layer: 3, i: 1))) + gb)
    }
  }

  @Test func rmspropAndAdamMomentsFollowTheirRules() throws {
    for step in try steps(FixtureLessons.leakyRMSprop) {
      let g = try #require(step.value("grad_w", phase: "backward", layer: 2, i: 0, j: 1))
      let s = try #require(step.value("s_w", phase: "update", layer: 2, i: 0, j: 1))
      let before = try #require(step.startValue("s_w", layer: 2, i: 0, j: 1))
      #expect(abs(s - (0.99 * before + 0.01 * g * g)) <= 1e-18 + 1e-15 * s)
    }
    for step in try steps(FixtureLessons.softmaxAdam) {
      let g = try #require(step.value("grad_b", phase: "backward", layer: 2, i: 2))
      let m = try #require(step.value("m_b", phase: "update", layer: 2, i: 2))
      let v = try #require(step.value("v_b", phase: "update", layer: 2, i: 2))
      let m0 = try #require(step.startValue("m_b", layer: 2, i: 2))
      let v0 = try #require(step.startValue("v_b", layer: 2, i: 2))
      #expect(abs(m - (0.9 * m0 + 0.1 * g)) <= 1e-15)
      #expect(abs(v - (0.999 * v0 + 0.001 * g * g)) <= 1e-17)
    }
  }

  @Test func sgdRecordsNoState() throws {
    let step = try #require(try steps(FixtureLessons.xor).first)
    #expect(!step.has("velocity_w", phase: "update"))
    #expect(!step.has("m_w", phase: "update"))
    #expect(step.has("w", phase: "update"))
  }
}
