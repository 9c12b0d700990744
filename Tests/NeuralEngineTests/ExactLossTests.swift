import Foundation
import NeuralEngine
import Testing

/// Binary cross-entropy and cross-entropy computed from the output layer's `z`: exact in saturation,
/// where the logarithm of a rounded `a` would be clamped at −100.
struct ExactLossTests {
  /// The loss a network records for one sample: from `z` where the pairing allows it.
  private func networkLoss(_ loss: Loss, _ activation: Activation, z: [Double], y: [Double]) -> Double {
    let a = apply(activation, z)
    return z.withUnsafeBufferPointer { z in
      a.withUnsafeBufferPointer { a in
        y.withUnsafeBufferPointer { y in loss.value(activation: activation, z: z, a: a, y: y) }
      }
    }
  }

  @Test func aSaturatedSigmoidWithTheWrongTargetCostsItsPreActivation() {
    // σ(50) rounds to 1, so ln(1 − a) = −∞ and the clamped loss is 100; softplus(50) = 50 + 1.9e−22.
    #expect(networkLoss(.bce, .sigmoid, z: [50], y: [0]) == 50)
    #expect(lossValue(.bce, a: apply(.sigmoid, [50]), y: [0]) == 100)
    #expect(networkLoss(.bce, .sigmoid, z: [-50], y: [1]) == 50)
  }

  @Test func aSaturatedSigmoidWithTheRightTargetCostsItsTinyTail() {
    // −ln σ(50) = ln(1 + e^−50) = e^−50 to 1e-15 relative, not 0.
    let loss = networkLoss(.bce, .sigmoid, z: [50], y: [1])
    #expect(abs(loss - exp(-50)) <= 1e-15 * exp(-50))
  }

  @Test func crossEntropyOfHugeLogitsIsTheirGap() {
    // softmax(800, −800) = (1, 0) after rounding; −ln a₂ = lse − z₂ = 800 + 800.
    #expect(networkLoss(.crossEntropy, .softmax, z: [800, -800], y: [0, 1]) == 1600)
    #expect(lossValue(.crossEntropy, a: apply(.softmax, [800, -800]), y: [0, 1]) == 100)
    #expect(networkLoss(.crossEntropy, .softmax, z: [800, -800], y: [1, 0]) == 0)
  }

  @Test func awayFromSaturationBothFormsAgree() {
    // 1e-15 relative: the same loss, computed two ways.
    let z: [Double] = [-1.2, 0.4, 2.5]
    for (loss, activation, y) in [
      (Loss.bce, Activation.sigmoid, [0, 1, 0.3]), (.crossEntropy, .softmax, [0.2, 0.5, 0.3]),
    ] {
      let fromZ = networkLoss(loss, activation, z: z, y: y)
      let fromA = lossValue(loss, a: apply(activation, z), y: y)
      #expect(abs(fromZ - fromA) <= 1e-15 * abs(fromA), "\(loss.name): \(fromZ) vs \(fromA)")
    }
  }

  @Test func otherPairingsUseTheOutputs() {
    let z: [Double] = [0.3, -2]
    let y: [Double] = [1, 0]
    #expect(networkLoss(.mse, .tanh, z: z, y: y) == lossValue(.mse, a: apply(.tanh, z), y: y))
    #expect(networkLoss(.sse, .softmax, z: z, y: y) == lossValue(.sse, a: apply(.softmax, z), y: y))
  }

  @Test(arguments: [(Activation.sigmoid, Loss.bce, 1), (.softmax, .crossEntropy, 2)])
  func theGradientCheckAgreesInSaturation(output: Activation, loss: Loss, units: Int) {
    // One input of 1, weights putting z at ±50: the loss is linear in w there, with slope δ·x = a − y.
    let w: [[Double]] = units == 1 ? [[50]] : [[50, -50]]
    let network = MLP(
      layers: [DenseLayer(weights: Matrix(w), bias: Array(repeating: 0, count: units), activation: output)],
      loss: loss)
    let inputs = Matrix([[1]])
    let targets = Matrix(units == 1 ? [[0]] : [[0, 1]])
    let analytic = network.gradients(inputs: inputs, targets: targets)[0].weights
    for i in 0..<units {
      let numeric = centralDifference(at: w[0][i], step: 1e-4) { value in
        var probe = network
        probe.layers[0].weights[0, i] = value
        return probe.meanLoss(inputs: inputs, targets: targets)
      }
      // Relative error below 1e-9; the clamped loss was flat here and gave an error of 1.
      #expect(relativeError(analytic[0, i], numeric) < 1e-9, "unit \(i): \(analytic[0, i]) vs \(numeric)")
    }
  }
}
