import Foundation
import NeuralEngine
import Testing

/// ``MLP``: the forward pass, the batch loss and the batch-mean gradients.
struct MLPTests {
  /// A 2-2-1 network with a tanh hidden layer and a sigmoid output.
  static let network = MLP(
    layers: [
      DenseLayer(weights: Matrix([[0.3, -0.2], [-0.1, 0.4]]), bias: [0.1, -0.1], activation: .tanh),
      DenseLayer(weights: Matrix([[0.5], [-0.6]]), bias: [0.2], activation: .sigmoid),
    ], loss: .mse)
  static let inputs = Matrix([[1.0, 2.0], [0.5, -1.0]])
  static let targets = Matrix([[1.0], [0.0]])

  /// The forward pass written out for one sample: z = x·W + b, a = f(z), with W[j][i] from j to i.
  func handForward(_ x: [Double]) -> (hidden: [Double], output: Double) {
    let z1 = [
      x[0] * 0.3 + x[1] * -0.1 + 0.1,
      x[0] * -0.2 + x[1] * 0.4 + -0.1,
    ]
    let a1 = z1.map { tanh($0) }
    let z2 = a1[0] * 0.5 + a1[1] * -0.6 + 0.2
    return (a1, 1 / (1 + exp(-z2)))
  }

  @Test func sizesAreInputsThenUnitsOfEachLayer() {
    #expect(Self.network.sizes == [2, 2, 1])
    #expect(Self.network.layers[0].inputs == 2 && Self.network.layers[0].units == 2)
  }

  @Test func predictComputesEachLayerFromTheOneBelow() {
    // 1e-15 absolute: the same operations, possibly summed in another order.
    let outputs = Self.network.predict(Self.inputs)
    #expect(outputs.rows == 2 && outputs.cols == 1)
    for r in 0..<2 {
      #expect(abs(outputs[r, 0] - handForward(Self.inputs.row(r)).output) < 1e-15, "sample \(r)")
    }
  }

  @Test func weightsRunFromTheUnitBelowToTheUnitAbove() {
    // A single input with value 1 and zero biases: z_i = W[0, i], so row j of W is unit j's fan-out.
    let layer = DenseLayer(weights: Matrix([[2, 3, 5], [7, 11, 13]]), bias: [0, 0, 0], activation: .linear)
    let net = MLP(layers: [layer], loss: .sse)
    #expect(net.predict(Matrix([[1, 0]])).storage == [2, 3, 5])
    #expect(net.predict(Matrix([[0, 1]])).storage == [7, 11, 13])
  }

  @Test func meanLossIsTheMeanOfPerSampleLosses() {
    // mse of one output is (a − y)²; the batch loss is the mean over the two samples.
    let a0 = handForward(Self.inputs.row(0)).output
    let a1 = handForward(Self.inputs.row(1)).output
    let expected = ((a0 - 1) * (a0 - 1) + a1 * a1) / 2
    #expect(abs(Self.network.meanLoss(inputs: Self.inputs, targets: Self.targets) - expected) < 1e-15)
  }

  @Test func batchGradientIsTheMeanOfSampleGradients() {
    // ∂L/∂W over a batch = mean over its samples; 1e-15 absolute.
    let batch = Self.network.gradients(inputs: Self.inputs, targets: Self.targets)
    let first = Self.network.gradients(inputs: Matrix([Self.inputs.row(0)]), targets: Matrix([[1.0]]))
    let second = Self.network.gradients(inputs: Matrix([Self.inputs.row(1)]), targets: Matrix([[0.0]]))
    for l in 0..<2 {
      let meanW = zip(first[l].weights.storage, second[l].weights.storage).map { ($0 + $1) / 2 }
      let meanB = zip(first[l].bias, second[l].bias).map { ($0 + $1) / 2 }
      #expect(allClose(batch[l].weights.storage, meanW, absolute: 1e-15), "layer \(l + 1) weights")
      #expect(allClose(batch[l].bias, meanB, absolute: 1e-15), "layer \(l + 1) biases")
    }
  }

  @Test func gradientsHaveTheShapesOfTheParameters() {
    let gradients = Self.network.gradients(inputs: Self.inputs, targets: Self.targets)
    #expect(gradients.count == 2)
    for (gradient, layer) in zip(gradients, Self.network.layers) {
      #expect(gradient.weights.rows == layer.weights.rows && gradient.weights.cols == layer.weights.cols)
      #expect(gradient.bias.count == layer.bias.count)
    }
  }

  @Test func outputLayerGradientIsActivationBelowTimesDelta() {
    // One sample: ∂L/∂W2[j] = a1[j]·δ, δ = 2(a − y)·a(1 − a) for mse after a sigmoid; 1e-15 absolute.
    let x = Self.inputs.row(0)
    let (hidden, a) = handForward(x)
    let delta = 2 * (a - 1) * a * (1 - a)
    let gradients = Self.network.gradients(inputs: Matrix([x]), targets: Matrix([[1.0]]))
    #expect(allClose(gradients[1].weights.storage, [hidden[0] * delta, hidden[1] * delta], absolute: 1e-15))
    #expect(allClose(gradients[1].bias, [delta], absolute: 1e-15))
  }

  @Test func evaluationLeavesTheNetworkUnchanged() {
    let before = Self.network
    _ = before.predict(Self.inputs)
    _ = before.meanLoss(inputs: Self.inputs, targets: Self.targets)
    _ = before.gradients(inputs: Self.inputs, targets: Self.targets)
    #expect(before == Self.network)
  }

  @Test func zeroInitialisedHiddenUnitsStaySymmetric() {
    // With every weight 0, both hidden units get the same gradient: the symmetry is never broken.
    var random = RandomSource(seed: 1)
    let network = MLP(
      sizes: [2, 2, 1], activations: [.sigmoid, .sigmoid], loss: .sse, initializer: .zeros, random: &random)
    let trainer = makeTrainer(
      network, learningRate: 0.5, inputs: Self.inputs, targets: Self.targets, plan: TrainingPlan(epochs: 20))
    _ = trainer.train(observer: nil)
    let w1 = trainer.network.layers[0].weights
    #expect(w1[0, 0] == w1[0, 1] && w1[1, 0] == w1[1, 1])
    #expect(trainer.network.layers[1].weights[0, 0] == trainer.network.layers[1].weights[1, 0])
  }
}
