import NeuralEngine
import Testing

/// The fast engine (``MLPTrainer``: tiled products, the vectorised exponential) against the plain
/// ``ReferenceNetwork`` (loops and Foundation's `exp`), trained side by side on random networks.
@Suite struct ReferenceEngineTests {
  /// Every optimizer, with hyper-parameters away from their defaults for all but one of each.
  static let optimizers: [OptimizerKind] = [
    .sgd, .defaultMomentum, .momentum(beta: 0.5), .defaultRMSProp, .rmsprop(rho: 0.9, epsilon: 1e-6), .defaultAdam,
    .adam(beta1: 0.8, beta2: 0.99, epsilon: 1e-7),
  ]

  /// `|fast − reference| ≤ 1e-12·max(|reference|, 1e-3)`: relative, except that within 1e-3 of zero
  /// the bound stays 1e-15 (a relative bound means nothing for a value that is 0 up to rounding).
  static func agrees(_ fast: Double, _ reference: Double) -> Bool {
    abs(fast - reference) <= 1e-12 * max(abs(reference), 1e-3)
  }

  /// 240 random networks (PropertyTests' generator: every activation, every loss it fits), each with a
  /// random optimizer, learning rate, batch size (full, mini, or one row), shuffling and 1–3 epochs:
  /// every step's loss and every final weight and bias agree.
  @Test(arguments: Array(UInt64(1)...240))
  func theFastEngineTrainsAsTheReferenceDoes(seed: UInt64) {
    let problem = RandomProblem.draw(seed: seed)
    var draw = Draw(seed: seed &+ 1_000)
    let optimizer = draw.element(Self.optimizers)
    let lr = draw.element([0.01, 0.05, 0.2])
    let rows = problem.inputs.rows
    let plan = TrainingPlan(
      epochs: draw.int(1...3), batchSize: draw.element([nil, 1, max(1, rows / 2)]), shuffle: draw.int(0...1) == 1,
      seed: seed)
    var reference = ReferenceNetwork(problem.network)
    let referenceLosses = reference.train(
      inputs: (0..<rows).map { problem.inputs.row($0) }, targets: (0..<rows).map { problem.targets.row($0) },
      optimizer: optimizer, learningRate: lr, plan: plan)
    let trainer = MLPTrainer(
      network: problem.network,
      optimizer: Optimizer(kind: optimizer, learningRate: lr, parameterSizes: parameterSizes(of: problem.network)),
      inputs: problem.inputs, targets: problem.targets, plan: plan)
    let observer = RecordingObserver()
    _ = trainer.train(observer: observer)
    let context = "\(problem.testDescription), \(optimizer), lr \(lr), \(plan)"
    let fastLosses = observer.stepEnds.map(\.loss)
    #expect(fastLosses.count == referenceLosses.count, "\(context)")
    for (fast, slow) in zip(fastLosses, referenceLosses) {
      #expect(Self.agrees(fast, slow), "loss \(fast) vs \(slow): \(context)")
    }
    for (l, layer) in trainer.network.layers.enumerated() {
      for j in 0..<layer.inputs {
        for i in 0..<layer.units {
          let (fast, slow) = (layer.weights[j, i], reference.weights[l][j][i])
          #expect(Self.agrees(fast, slow), "w[\(l + 1)][\(j)][\(i)] \(fast) vs \(slow): \(context)")
        }
      }
      for i in 0..<layer.units {
        #expect(Self.agrees(layer.bias[i], reference.biases[l][i]), "b[\(l + 1)][\(i)]: \(context)")
      }
    }
  }
}
