import Foundation
import Testing
import TraceStore

/// Lessons 3 to 6: activations, the forward pass, the chain rule and the XOR network, read from the trace.
@Suite struct CurriculumBackpropagationTests {
  /// Each sample's input z and its recorded f′(z), for one part of the activations lesson.
  private func derivatives(_ lesson: CurriculumRun, part: String) throws -> [(z: Double, derivative: Double)] {
    let rows = try lesson.rows(TraceFilter(kinds: ["x", "derivative"]), part: part)
    var z: [Int: Double] = [:]
    var derivative: [Int: Double] = [:]
    for row in rows {
      guard let sample = row.sample else { continue }
      if row.kind == "x" { z[sample] = row.value } else { derivative[sample] = row.value }
    }
    return try z.keys.sorted().map { (try #require(z[$0]), try #require(derivative[$0])) }
  }

  @Test func activationDerivativesPeakWhereTheLessonSaysAndSoftmaxRowsSumToOne() async throws {
    let lesson = try await CurriculumRuns.shared.run("activations")
    #expect(lesson.results.allSatisfy { $0.status == .completed })

    let sigmoid = try derivatives(lesson, part: "sigmoid")
    #expect(sigmoid.count == 17)
    // σ′(0) = σ(0)(1 − σ(0)) = 0.5 × 0.5, exact in binary floating point; likewise tanh′(0) = 1 − 0².
    #expect(sigmoid.first { $0.z == 0 }?.derivative == 0.25)
    #expect(sigmoid.allSatisfy { $0.derivative <= 0.25 })
    let tanh = try derivatives(lesson, part: "tanh")
    #expect(tanh.first { $0.z == 0 }?.derivative == 1)

    let relu = try derivatives(lesson, part: "relu")
    #expect(relu.count == 17)
    #expect(relu.contains { $0.z == 0 }, "the lesson must evaluate relu′ at z = 0 itself")
    for (z, derivative) in relu {
      #expect(derivative == (z <= 0 ? 0 : 1), "relu′(\(z)) = \(derivative)")
    }

    var sums: [Int: Double] = [:]
    for row in try lesson.rows(TraceFilter(layer: 1, kinds: ["a"]), part: "softmax") {
      sums[try #require(row.sample), default: 0] += row.value
    }
    #expect(sums.count == 5)
    for (sample, sum) in sums {
      #expect(abs(sum - 1) <= 1e-12, "softmax row \(sample) sums to \(sum)")
    }
  }

  @Test func theSingleExamplesForwardPassEqualsRowZeroOfTheBatchExactly() async throws {
    let lesson = try await CurriculumRuns.shared.run("forward-pass")
    let filter = TraceFilter(step: 0, kinds: ["z", "a"])
    let batch = try lesson.rows(filter, part: "batch").filter { $0.sample == 0 }
    var compared = 0
    for one in try lesson.rows(filter, part: "one") {
      let match = batch.first { $0.kind == one.kind && $0.layer == one.layer && $0.i == one.i }
      let other = try #require(match, "the batch has no \(one.kind) for layer \(one.layer ?? -1) unit \(one.i ?? -1)")
      #expect(
        other.value.bitPattern == one.value.bitPattern, "\(one.kind) layer \(one.layer ?? -1) unit \(one.i ?? -1)")
      compared += 1
    }
    // z and a of 8 + 4 + 1 units.
    #expect(compared == 26)
    #expect(batch.count == 26)
  }

  /// Matt Mazur's "A Step by Step Backpropagation Example" (2015): the weights after one step,
  /// as published, keyed by (layer, j, i) in nntrace's `w[j][i]` convention.
  static let mazurWeights: [String: (name: String, value: Double)] = [
    "1 0 0": ("w1", 0.149780716), "1 1 0": ("w2", 0.19956143), "1 0 1": ("w3", 0.24975114),
    "1 1 1": ("w4", 0.29950229), "2 0 0": ("w5", 0.35891648), "2 1 0": ("w6", 0.408666186),
    "2 0 1": ("w7", 0.511301270), "2 1 1": ("w8", 0.561370121),
  ]

  @Test func theChainRuleStepReproducesMazursPublishedNumbersAndPassesItsGradientCheck() async throws {
    let lesson = try await CurriculumRuns.shared.run("chain-rule")
    let updated = try lesson.rows(kind: "w", phase: "update", step: 0)
    #expect(updated.count == 8)
    for row in updated {
      let key = "\(row.layer ?? -1) \(row.j ?? -1) \(row.i ?? -1)"
      let published = try #require(Self.mazurWeights[key], "no published weight for \(key)")
      #expect(abs(row.value - published.value) <= 1e-8, "new \(published.name) = \(row.value)")
    }
    let loss = try #require(try lesson.rows(TraceFilter(kinds: ["loss"])).first { $0.sample == nil })
    #expect(abs(loss.value - 0.298371109) <= 1e-8, "E_total = \(loss.value)")
    let outputs = try lesson.rows(TraceFilter(layer: 2, kinds: ["a"])).sorted { ($0.i ?? 0) < ($1.i ?? 0) }
    #expect(outputs.count == 2)
    #expect(abs(outputs[0].value - 0.75136507) <= 1e-8, "out_o1 = \(outputs[0].value)")
    #expect(abs(outputs[1].value - 0.772928465) <= 1e-8, "out_o2 = \(outputs[1].value)")

    let checks = try lesson.rows(TraceFilter(kinds: ["grad_check_w", "grad_check_b"]))
    #expect(checks.count == 12, "8 weights and 4 biases")
    let worst = try #require(checks.map(\.value).max())
    #expect(worst < 1e-6, "worst relative error \(worst)")

    // Each recorded relative error is |analytic − numeric| / max(|analytic|, |numeric|, 1e-8) of the recorded gradients.
    let gradients = try lesson.rows(TraceFilter(kinds: ["grad_w", "grad_b", "numeric_grad_w", "numeric_grad_b"]))
    for check in checks {
      let parameter = check.kind == "grad_check_w" ? "w" : "b"
      func gradient(_ kind: String) throws -> Double {
        let match = gradients.first { $0.kind == kind && $0.layer == check.layer && $0.i == check.i && $0.j == check.j }
        return try #require(match, "no \(kind) for layer \(check.layer ?? -1)").value
      }
      let (analytic, numeric) = (try gradient("grad_" + parameter), try gradient("numeric_grad_" + parameter))
      #expect(abs(analytic - numeric) / max(abs(analytic), abs(numeric), 1e-8) == check.value)
    }
  }

  @Test func theXORNetworkEndsWithAllFourOutputsOnTheRightSideOfOneHalf() async throws {
    let lesson = try await CurriculumRuns.shared.run("xor-mlp")
    let last = try #require(lesson.results.first).outcome.steps - 1
    #expect(last == 999)
    let rows = try lesson.rows(TraceFilter(step: last, layer: 2, kinds: ["a", "y"]))
    let outputs = rows.filter { $0.kind == "a" }
    #expect(outputs.count == 4)
    for output in outputs {
      let target = try #require(rows.first { $0.kind == "y" && $0.sample == output.sample })
      if target.value == 1 {
        #expect(output.value > 0.5, "sample \(output.sample ?? -1): \(output.value)")
      } else {
        #expect(output.value < 0.5, "sample \(output.sample ?? -1): \(output.value)")
      }
    }
  }
}
