import Foundation
import Testing
import TraceStore

/// Lessons 7 to 10: vanishing gradients, initialisation, optimizers and the seed's shortcut, read from the trace.
@Suite struct CurriculumTrainingTests {
  /// The norm of ∂L/∂W of each layer at step 0.
  private func gradientNorms(_ lesson: CurriculumRun, part: String) throws -> [Int: Double] {
    var values: [Int: [Double]] = [:]
    for row in try lesson.rows(TraceFilter(step: 0, kinds: ["grad_w"]), part: part) {
      values[try #require(row.layer), default: []].append(row.value)
    }
    return values.mapValues(norm)
  }

  @Test func theDeepSigmoidNetsFirstLayerGradientIsOrdersOfMagnitudeBelowItsLastButNotWithReLUAndHe() async throws {
    let lesson = try await CurriculumRuns.shared.run("vanishing-gradients")
    let sigmoid = try gradientNorms(lesson, part: "sigmoid")
    let relu = try gradientNorms(lesson, part: "relu")
    #expect(sigmoid.keys.sorted() == Array(1...9))
    #expect(relu.keys.sorted() == Array(1...9))
    let sigmoidRatio = try #require(sigmoid[1]) / (try #require(sigmoid[9]))
    let reluRatio = try #require(relu[1]) / (try #require(relu[9]))
    #expect(sigmoidRatio <= 1e-3, "sigmoid: layer 1 / layer 9 = \(sigmoidRatio)")
    #expect(reluRatio > 0.01, "ReLU and He: layer 1 / layer 9 = \(reluRatio)")
  }

  /// The population standard deviation of layer `layer`'s activations at step 0, over every sample and unit.
  private func activationSpread(_ lesson: CurriculumRun, part: String, layer: Int) throws -> Double {
    let values = try lesson.rows(TraceFilter(step: 0, layer: layer, kinds: ["a"]), part: part).map(\.value)
    #expect(values.count == 64 * 32, "\(part): 64 samples of 32 units")
    let mean = values.reduce(0, +) / Double(values.count)
    return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
  }

  @Test func zeroInitKeepsHiddenUnitsIdenticalWhileSmallRandomLearnsAndXavierKeepsDeepActivationsInRange()
    async throws
  {
    let lesson = try await CurriculumRuns.shared.run("initialization")

    var hidden: [String: [Double]] = [:]
    for row in try lesson.rows(TraceFilter(layer: 1, kinds: ["a"]), part: "zeros") {
      hidden["\(row.step) \(row.sample ?? -1)", default: []].append(row.value)
    }
    #expect(hidden.count == 1000 * 4, "every step, every sample")
    for (position, units) in hidden {
      #expect(units.count == 4)
      #expect(Set(units).count == 1, "step and sample \(position): \(units)")
    }

    let small = try lesson.rows(TraceFilter(kinds: ["loss"]), part: "small").filter { $0.sample == nil }
    let last = try #require(small.max { $0.step < $1.step })
    #expect(last.step == 999)
    #expect(last.value < 0.1, "small random init ends at a loss of \(last.value)")

    let xavier = try activationSpread(lesson, part: "deep-xavier", layer: 6)
    let tiny = try activationSpread(lesson, part: "deep-small", layer: 6)
    #expect(xavier > 0.05, "Xavier: std of layer 6 = \(xavier)")
    #expect(tiny < 1e-6, "normal(0.01): std of layer 6 = \(tiny)")
  }

  /// The number of steps taken before the batch loss first fell below `target` (`nil`: never).
  private func stepsToReach(_ target: Double, _ lesson: CurriculumRun, part: String) throws -> Int? {
    let losses = try lesson.rows(TraceFilter(kinds: ["loss"]), part: part).filter { $0.sample == nil }
    #expect(losses.count == 300, "\(part): one batch loss per step")
    return losses.filter { $0.value < target }.map(\.step).min()
  }

  @Test func adamReachesALossOfPointTwoInFewerStepsThanSGDAndMomentum() async throws {
    let lesson = try await CurriculumRuns.shared.run("optimizers")
    let adam = try #require(try stepsToReach(0.2, lesson, part: "adam"), "Adam never reached 0.2")
    // SGD at lr 0.5 does not get there within the lesson's 300 steps at all.
    let sgd = try stepsToReach(0.2, lesson, part: "sgd")
    #expect(sgd.map { adam < $0 } ?? true, "Adam \(adam) steps, SGD \(sgd.map(String.init) ?? "never")")
    // True for the lesson's seed (5); not for every seed (with seeds 1 and 7 momentum gets there first).
    let momentum = try #require(try stepsToReach(0.2, lesson, part: "momentum"), "momentum never reached 0.2")
    #expect(adam < momentum, "Adam \(adam) steps, momentum \(momentum)")
  }

  @Test func theSeedsShortcutIsCrossEntropysDeltaAndTheMSEDeltaCarriesTheSigmoidsSlope() async throws {
    let lesson = try await CurriculumRuns.shared.run("seed-shortcut")
    for part in ["bce", "mse"] {
      var a: [String: Double] = [:]
      var y: [String: Double] = [:]
      var delta: [String: Double] = [:]
      for row in try lesson.rows(TraceFilter(layer: 2, kinds: ["a", "y", "delta"]), part: part) {
        let key = "\(row.step) \(row.sample ?? -1)"
        switch row.kind {
        case "a": a[key] = row.value
        case "y": y[key] = row.value
        default: delta[key] = row.value
        }
      }
      #expect(delta.count == 1000 * 4, "\(part): every step, every sample")
      for (key, d) in delta {
        let (output, target) = (try #require(a[key]), try #require(y[key]))
        if part == "bce" {
          #expect(d == output - target, "bce, step and sample \(key): δ = \(d), a − y = \(output - target)")
        } else {
          let expected = 2 * (output - target) * output * (1 - output)
          #expect(abs(d - expected) <= 1e-12, "mse, step and sample \(key): δ = \(d), 2(a − y)a(1 − a) = \(expected)")
        }
      }
    }

    // The same start: identical forward passes at step 0, then different weights after the first update.
    let forwardBCE = try lesson.rows(TraceFilter(step: 0, kinds: ["z", "a"]), part: "bce").map(\.value)
    let forwardMSE = try lesson.rows(TraceFilter(step: 0, kinds: ["z", "a"]), part: "mse").map(\.value)
    #expect(!forwardBCE.isEmpty && forwardBCE == forwardMSE)
    let weightsBCE = try lesson.rows(kind: "w", phase: "update", part: "bce", step: 0).map(\.value)
    let weightsMSE = try lesson.rows(kind: "w", phase: "update", part: "mse", step: 0).map(\.value)
    #expect(weightsBCE.count == 2 * 4 + 4 && weightsMSE.count == weightsBCE.count)
    #expect(zip(weightsBCE, weightsMSE).contains { $0 != $1 }, "the weights after step 0 are the same")
  }
}
