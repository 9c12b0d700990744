import NeuralEngine
import Testing

/// One network to check: its hidden activations (none for depth 1), its output activation and its loss.
struct GradientCheckCase: Sendable, CustomTestStringConvertible {
  var hidden: [Activation]
  var output: Activation
  var loss: Loss
  /// Seeds the weights, biases, inputs and targets.
  var seed: UInt64

  var depth: Int { hidden.count + 1 }

  var testDescription: String {
    let names = (hidden + [output]).map(\.name).joined(separator: "→")
    return "depth \(depth): \(names), \(loss.name)"
  }

  static let inputCount = 3
  static let hiddenSizes = [4, 3]
  static let outputCount = 3
  static let batch = 5

  /// The hidden activations; leaky ReLU with the seed's slope 0.1, so that the slope visibly matters.
  static let hiddenActivations: [Activation] = [.sigmoid, .tanh, .relu, .leakyReLU(slope: 0.1), .linear]

  /// Every output activation with every loss that makes sense after it.
  static let outputs: [(Activation, Loss)] = [
    (.sigmoid, .mse), (.sigmoid, .sse), (.sigmoid, .bce),
    (.linear, .mse), (.linear, .sse),
    (.tanh, .mse), (.tanh, .sse),
    (.softmax, .crossEntropy), (.softmax, .mse), (.softmax, .sse),
  ]

  /// Depth 1 (no hidden layer), depth 2 (one hidden layer) and depth 3 (two hidden layers of
  /// the same activation), for every output activation × loss.
  static let all: [GradientCheckCase] = {
    var cases: [GradientCheckCase] = []
    let hiddenStacks: [[Activation]] = [[]] + hiddenActivations.map { [$0] } + hiddenActivations.map { [$0, $0] }
    for stack in hiddenStacks {
      for (output, loss) in outputs {
        cases.append(GradientCheckCase(hidden: stack, output: output, loss: loss, seed: UInt64(cases.count + 1)))
      }
    }
    return cases
  }()

  /// A network with random weights and biases, a batch of inputs, and targets fit for the loss.
  ///
  /// Draws again, from the next seed, while any ReLU or leaky ReLU unit has a pre-activation
  /// within `kinkMargin` of 0, so that the finite differences never straddle the kink.
  func makeProblem(kinkMargin: Double = 1e-3) -> (network: MLP, inputs: Matrix, targets: Matrix)? {
    for attempt in 0..<100 {
      var random = RandomSource(seed: seed &* 1000 &+ UInt64(attempt))
      let sizes = [Self.inputCount] + Self.hiddenSizes.prefix(hidden.count) + [Self.outputCount]
      let activations = hidden + [output]
      var layers: [DenseLayer] = []
      for l in 1..<sizes.count {
        let w = uniformMatrix(rows: sizes[l - 1], cols: sizes[l], low: -1, high: 1, random: &random)
        let b = (0..<sizes[l]).map { _ in random.nextUniform(limit: 0.5) }
        layers.append(DenseLayer(weights: w, bias: b, activation: activations[l - 1]))
      }
      let network = MLP(layers: layers, loss: loss)
      let inputs = uniformMatrix(rows: Self.batch, cols: Self.inputCount, low: -1, high: 1, random: &random)
      let targets = makeTargets(random: &random)
      if isClearOfKinks(network, inputs: inputs, margin: kinkMargin) {
        return (network, inputs, targets)
      }
    }
    return nil
  }

  private func makeTargets(random: inout RandomSource) -> Matrix {
    switch output {
    case .softmax:
      // Probability vectors (positive, summing to 1); one-hot rows are a special case.
      var rows: [[Double]] = []
      for _ in 0..<Self.batch {
        let raw = (0..<Self.outputCount).map { _ in 0.05 + random.nextUnit() }
        let total = raw.reduce(0, +)
        rows.append(raw.map { $0 / total })
      }
      return Matrix(rows)
    case .sigmoid:
      return uniformMatrix(rows: Self.batch, cols: Self.outputCount, low: 0, high: 1, random: &random)
    default:
      return uniformMatrix(rows: Self.batch, cols: Self.outputCount, low: -0.9, high: 0.9, random: &random)
    }
  }
}

/// Backpropagation checked against central finite differences of the mean loss.
///
/// For every parameter `p` (every weight and every bias of every layer) the numerical
/// derivative is `(L(p + h) − L(p − h)) / ((p + h) − (p − h))` with `h = 1e-5`, where `L` is
/// `MLP.meanLoss` over a batch of 5 samples (dividing by the step actually taken, not by
/// `2h`, keeps the rounding of `p ± h` out of the comparison). It must agree with
/// `MLP.gradients` to a relative error `|a − n| / max(|a| + |n|, 1e-8)` below 1e-6.
@Suite("MLP gradients agree with finite differences")
struct MLPGradientCheckTests {
  static let step = 1e-5
  static let tolerance = 1e-6

  @Test("every parameter's gradient matches the central difference", arguments: GradientCheckCase.all)
  func backpropagationMatchesCentralDifferences(_ check: GradientCheckCase) throws {
    let (network, inputs, targets) = try #require(check.makeProblem(), "no kink-free draw for \(check)")
    let analytic = network.gradients(inputs: inputs, targets: targets)
    #expect(analytic.count == network.layers.count)

    func numeric(_ perturb: (inout MLP, Double) -> Double) -> Double {
      var plus = network
      var minus = network
      let up = perturb(&plus, Self.step)
      let down = perturb(&minus, -Self.step)
      let lossUp = plus.meanLoss(inputs: inputs, targets: targets)
      let lossDown = minus.meanLoss(inputs: inputs, targets: targets)
      return (lossUp - lossDown) / (up - down)
    }

    for l in network.layers.indices {
      for k in network.layers[l].weights.storage.indices {
        let n = numeric { net, h in
          net.layers[l].weights.storage[k] += h
          return net.layers[l].weights.storage[k]
        }
        let a = analytic[l].weights.storage[k]
        #expect(
          relativeError(a, n) < Self.tolerance,
          "layer \(l + 1) weight \(k): backprop \(a), finite difference \(n)")
      }
      for k in network.layers[l].bias.indices {
        let n = numeric { net, h in
          net.layers[l].bias[k] += h
          return net.layers[l].bias[k]
        }
        let a = analytic[l].bias[k]
        #expect(
          relativeError(a, n) < Self.tolerance,
          "layer \(l + 1) bias \(k): backprop \(a), finite difference \(n)")
      }
    }
  }

  @Test("the cases cover depths 1, 2 and 3 and every output activation × loss")
  func casesCoverEveryCombination() {
    let all = GradientCheckCase.all
    #expect(Set(all.map(\.depth)) == [1, 2, 3])
    #expect(all.count == 10 * (1 + 5 + 5))
    #expect(all.filter { $0.loss == .crossEntropy }.allSatisfy { $0.output == .softmax })
    #expect(all.filter { $0.loss == .bce }.allSatisfy { $0.output == .sigmoid })
  }
}
