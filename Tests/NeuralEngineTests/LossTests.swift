import Foundation
import NeuralEngine
import Testing

/// The four per-sample losses: values, gradients, clamping and the cancelled output deltas.
struct LossTests {
  static let a: [Double] = [0.2, 0.7, 0.45]
  static let y: [Double] = [0.0, 1.0, 0.3]

  // MARK: Values

  @Test func mseIsTheMeanOverOutputsOfTheSquaredError() {
    // ((0.2)² + (−0.3)² + (0.15)²) / 3 = (0.04 + 0.09 + 0.0225) / 3 = 0.0508333…
    #expect(abs(lossValue(.mse, a: Self.a, y: Self.y) - 0.1525 / 3) < 1e-15)
  }

  @Test func sseIsHalfTheSumOfSquaredErrors() {
    // ½ (0.04 + 0.09 + 0.0225) = 0.07625
    #expect(abs(lossValue(.sse, a: Self.a, y: Self.y) - 0.07625) < 1e-15)
  }

  @Test func bceIsMinusTheSumOfBothLogTerms() {
    // −[ln(1 − 0.2) + ln 0.7 + 0.3 ln 0.45 + 0.7 ln 0.55]
    let expected = -(log(0.8) + log(0.7) + 0.3 * log(0.45) + 0.7 * log(0.55))
    #expect(abs(lossValue(.bce, a: Self.a, y: Self.y) - expected) < 1e-15)
  }

  @Test func crossEntropyIsMinusTheTargetWeightedLogProbability() {
    let a: [Double] = [0.1, 0.6, 0.3]
    // One-hot: −ln 0.6.
    #expect(abs(lossValue(.crossEntropy, a: a, y: [0, 1, 0]) - -log(0.6)) < 1e-15)
    // Soft targets: −(0.5 ln 0.1 + 0.5 ln 0.3).
    let soft = -(0.5 * log(0.1) + 0.5 * log(0.3))
    #expect(abs(lossValue(.crossEntropy, a: a, y: [0.5, 0, 0.5]) - soft) < 1e-15)
  }

  @Test func lossesAreZeroForPerfectPredictions() {
    #expect(lossValue(.mse, a: Self.a, y: Self.a) == 0)
    #expect(lossValue(.sse, a: Self.a, y: Self.a) == 0)
    #expect(lossValue(.bce, a: [0, 1, 1], y: [0, 1, 1]) == 0)
    #expect(lossValue(.crossEntropy, a: [0, 1, 0], y: [0, 1, 0]) == 0)
  }

  @Test func bceClampsLogarithmsAtMinusOneHundredLikePyTorch() {
    // a rounded to exactly 0 with y = 1: −ln 0 = ∞, clamped to 100.
    #expect(lossValue(.bce, a: [0], y: [1]) == 100)
    #expect(lossValue(.bce, a: [1], y: [0]) == 100)
    // A term whose coefficient is 0 contributes nothing, not 0·∞ = NaN.
    #expect(lossValue(.bce, a: [0], y: [0]) == 0)
  }

  @Test func crossEntropyClampsAndSkipsZeroTargets() {
    #expect(lossValue(.crossEntropy, a: [0, 1], y: [1, 0]) == 100)
    #expect(lossValue(.crossEntropy, a: [0, 1], y: [0, 1]) == 0)
  }

  @Test func nonFiniteOutputsGiveNonFiniteSquaredLosses() {
    #expect(lossValue(.mse, a: [.nan], y: [0]).isNaN)
    #expect(lossValue(.sse, a: [.infinity], y: [0]) == .infinity)
  }

  // MARK: Gradients

  @Test func lossGradientsHaveTheirClosedForms() {
    let mse = lossGradient(.mse, a: Self.a, y: Self.y)
    let mseExpected: [Double] = [2 * 0.2 / 3, 2 * -0.3 / 3, 2 * 0.15 / 3]
    #expect(allClose(mse, mseExpected, absolute: 1e-15))
    let sse = lossGradient(.sse, a: Self.a, y: Self.y)
    #expect(allClose(sse, [0.2, -0.3, 0.15], absolute: 1e-15))
    let bce = lossGradient(.bce, a: Self.a, y: Self.y)
    let bceExpected: [Double] = [0.2 / (0.2 * 0.8), -0.3 / (0.7 * 0.3), 0.15 / (0.45 * 0.55)]
    #expect(allClose(bce, bceExpected, absolute: 1e-14))
    let ce = lossGradient(.crossEntropy, a: Self.a, y: Self.y)
    let ceExpected: [Double] = [0, -1 / 0.7, -0.3 / 0.45]
    #expect(allClose(ce, ceExpected, absolute: 1e-15))
  }

  @Test(arguments: Loss.allCases)
  func lossGradientMatchesFiniteDifferences(_ loss: Loss) {
    // ∂L/∂a_k by central differences with h = 1e-6;
    // relative error |a − n| / max(|a| + |n|, 1e-8) < 1e-6.
    let a: [Double] = [0.15, 0.62, 0.23]
    let y: [Double] = loss == .crossEntropy ? [0.2, 0.5, 0.3] : [0.0, 1.0, 0.4]
    let analytic = lossGradient(loss, a: a, y: y)
    for k in a.indices {
      let numeric = centralDifference(at: a[k], step: 1e-6) { ak in
        var shifted = a
        shifted[k] = ak
        return lossValue(loss, a: shifted, y: y)
      }
      #expect(relativeError(analytic[k], numeric) < 1e-6, "\(loss.name), output \(k): \(analytic[k]) vs \(numeric)")
    }
  }

  // MARK: Output deltas

  @Test func lossNamesAreTheLessonFileNames() {
    #expect(Loss.allCases.map(\.name) == ["mse", "sse", "bce", "cross_entropy"])
    #expect(Loss(rawValue: "cross_entropy") == .crossEntropy)
  }

  @Test func onlyBceAfterSigmoidAndCrossEntropyAfterSoftmaxCancel() {
    for loss in Loss.allCases {
      for activation in [Activation.sigmoid, .softmax, .linear, .tanh, .relu] {
        let expected = (loss == .bce && activation == .sigmoid) || (loss == .crossEntropy && activation == .softmax)
        #expect(loss.cancels(with: activation) == expected, "\(loss.name) after \(activation.name)")
      }
    }
  }

  @Test func bceAfterSigmoidDeltaIsOutputMinusTarget() {
    // δ = ∂L/∂a · σ′(z) = (a − y)/(a(1 − a)) · a(1 − a) = a − y: the seed's dz2 = a2 − y.
    let z: [Double] = [-1.2, 0.4, 2.5]
    let y: [Double] = [0, 1, 0.3]
    let a = apply(.sigmoid, z)
    let delta = outputDelta(.bce, activation: .sigmoid, z: z, y: y)
    #expect(delta == zip(a, y).map { $0 - $1 })
    // …and it equals the uncancelled chain rule to rounding (1e-15 absolute).
    let chained = backward(.sigmoid, da: lossGradient(.bce, a: a, y: y), z: z)
    #expect(allClose(delta, chained, absolute: 1e-15))
  }

  @Test func crossEntropyAfterSoftmaxDeltaIsOutputMinusTarget() {
    // δ = a·Σy − y, which is a − y for targets that sum to 1.
    let z: [Double] = [0.3, -1.0, 1.4]
    let y: [Double] = [0, 1, 0]
    let a = apply(.softmax, z)
    let delta = outputDelta(.crossEntropy, activation: .softmax, z: z, y: y)
    #expect(allClose(delta, zip(a, y).map { $0 - $1 }, absolute: 1e-16))
    // …and equals the chain rule through the softmax Jacobian (1e-15 absolute).
    let chained = backward(.softmax, da: lossGradient(.crossEntropy, a: a, y: y), z: z)
    #expect(allClose(delta, chained, absolute: 1e-15))
  }

  @Test func crossEntropyDeltaIsExactForTargetsThatDoNotSumToOne() {
    // With Σy = 0.6, ∂/∂z of −Σ y ln softmax(z) is a·0.6 − y, not a − y.
    let z: [Double] = [0.3, -1.0, 1.4]
    let y: [Double] = [0.1, 0.5, 0]
    let a = apply(.softmax, z)
    let chained = backward(.softmax, da: lossGradient(.crossEntropy, a: a, y: y), z: z)
    #expect(allClose(outputDelta(.crossEntropy, activation: .softmax, z: z, y: y), chained, absolute: 1e-15))
  }

  @Test func bceAfterSaturatedSigmoidStaysFinite() {
    // a rounds to exactly 1: ∂L/∂a would divide by zero, the cancelled δ does not.
    let delta = outputDelta(.bce, activation: .sigmoid, z: [40], y: [0])
    #expect(delta == [1])
  }

  @Test func otherPairsUseTheChainRule() {
    let z: [Double] = [-0.5, 0.8]
    let y: [Double] = [0.25, -0.1]
    for (loss, activation) in [(Loss.mse, Activation.tanh), (.sse, .linear), (.mse, .sigmoid), (.sse, .softmax)] {
      let a = apply(activation, z)
      let chained = backward(activation, da: lossGradient(loss, a: a, y: y), z: z)
      #expect(outputDelta(loss, activation: activation, z: z, y: y) == chained, "\(loss.name) after \(activation.name)")
    }
  }
}
