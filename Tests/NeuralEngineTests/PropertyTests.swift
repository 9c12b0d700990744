import Foundation
import NeuralEngine
import Testing

/// Draws from a ``RandomSource``: the small generators the property tests build their cases with.
struct Draw {
  var random: RandomSource

  init(seed: UInt64) {
    random = RandomSource(seed: seed)
  }

  /// A whole number in `range`.
  mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(random.next() % UInt64(range.count))
  }

  /// A number uniform on `[low, high)`.
  mutating func uniform(_ low: Double, _ high: Double) -> Double {
    low + (high - low) * random.nextUnit()
  }

  /// One of `choices`.
  mutating func element<T>(_ choices: [T]) -> T {
    choices[int(0...(choices.count - 1))]
  }

  /// `rows × cols` numbers uniform on `[low, high)`.
  mutating func matrix(_ rows: Int, _ cols: Int, _ low: Double, _ high: Double) -> Matrix {
    Matrix(rows: rows, cols: cols, storage: (0..<rows * cols).map { _ in uniform(low, high) })
  }
}

/// A network drawn at random, with a batch and targets fit for its loss.
struct RandomProblem: CustomTestStringConvertible {
  var network: MLP
  var inputs: Matrix
  var targets: Matrix
  var seed: UInt64

  var testDescription: String {
    let names = network.layers.map(\.activation.name).joined(separator: "→")
    return "seed \(seed): \(network.sizes) \(names), \(network.loss.name), batch \(inputs.rows)"
  }

  /// Hidden activations to draw from (leaky ReLU's slope is drawn too).
  static let hidden = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]

  /// Every output activation with the losses that make sense after it.
  static let outputs: [(String, [Loss])] = [
    ("sigmoid", [.mse, .sse, .bce]), ("linear", [.mse, .sse]), ("tanh", [.mse, .sse]),
    ("softmax", [.crossEntropy, .mse, .sse]), ("relu", [.mse, .sse]), ("leaky_relu", [.mse, .sse]),
  ]

  /// Depth 1 to 3 (weight layers), widths 1 to 6, batch 1 to 5; softmax only over 2 or more outputs.
  ///
  /// Draws again (from the same generator) while a ReLU-type unit has a pre-activation within
  /// `kinkMargin` of its kink, where a finite difference would straddle two slopes.
  static func draw(seed: UInt64, kinkMargin: Double = 1e-3) -> RandomProblem {
    var draw = Draw(seed: seed)
    while true {
      let depth = draw.int(1...3)
      let (outputName, losses) = draw.element(outputs)
      let sizes =
        (0..<depth).map { _ in draw.int(1...6) } + [outputName == "softmax" ? draw.int(2...6) : draw.int(1...6)]
      let activations = (0..<depth).map { l -> Activation in
        let name = l == depth - 1 ? outputName : draw.element(hidden)
        return Activation(name: name, slope: draw.uniform(0.01, 0.3)) ?? .linear
      }
      let loss = draw.element(losses)
      var layers: [DenseLayer] = []
      for l in 0..<depth {
        let w = draw.matrix(sizes[l], sizes[l + 1], -1, 1)
        let b = (0..<sizes[l + 1]).map { _ in draw.uniform(-0.5, 0.5) }
        layers.append(DenseLayer(weights: w, bias: b, activation: activations[l]))
      }
      let network = MLP(layers: layers, loss: loss)
      let batch = draw.int(1...5)
      let inputs = draw.matrix(batch, sizes[0], -1, 1)
      let outputs = sizes[depth]
      var targets: Matrix
      switch (activations[depth - 1], loss) {
      case (.softmax, _):
        // Probability vectors: positive, summing to 1.
        targets = draw.matrix(batch, outputs, 0.05, 1.05)
        for r in 0..<batch {
          let total = targets.row(r).reduce(0, +)
          for c in 0..<outputs { targets[r, c] /= total }
        }
      case (_, .bce):
        targets = draw.matrix(batch, outputs, 0, 1)
      default:
        targets = draw.matrix(batch, outputs, -0.9, 0.9)
      }
      let problem = RandomProblem(network: network, inputs: inputs, targets: targets, seed: seed)
      if isClearOfKinks(problem.network, inputs: problem.inputs, margin: kinkMargin) { return problem }
    }
  }
}

/// Properties of the engine over networks, data and training plans drawn at random from fixed seeds.
@Suite struct PropertyTests {
  // MARK: Gradients

  /// The seeds of the random networks whose gradients are checked.
  static let gradientSeeds = Array(UInt64(1)...200)

  /// For every weight and bias `p`: `(L(p + h) − L(p − h)) / ((p + h) − (p − h))` with `h = 1e-5`,
  /// `L` the mean loss of the batch, agrees with backpropagation to `|a − n| ≤ 1e-6·max(|a|, |n|) + 1e-8`.
  ///
  /// The relative part is the central difference's truncation error, O(h²); the absolute floor
  /// covers gradients near 0, where the difference is only rounding: about 1e-16·|L| / h ≈ 1e-11·|L|.
  @Test(arguments: gradientSeeds)
  func backpropagationAgreesWithFiniteDifferences(seed: UInt64) {
    let problem = RandomProblem.draw(seed: seed)
    let (network, inputs, targets) = (problem.network, problem.inputs, problem.targets)
    let analytic = network.gradients(inputs: inputs, targets: targets)
    let h = 1e-5

    func numeric(_ perturb: (inout MLP, Double) -> Double) -> Double {
      var plus = network
      var minus = network
      let up = perturb(&plus, h)
      let down = perturb(&minus, -h)
      return (plus.meanLoss(inputs: inputs, targets: targets) - minus.meanLoss(inputs: inputs, targets: targets))
        / (up - down)
    }
    func agree(_ a: Double, _ n: Double) -> Bool {
      abs(a - n) <= 1e-6 * max(abs(a), abs(n)) + 1e-8
    }

    var checked = 0
    for l in network.layers.indices {
      for k in network.layers[l].weights.storage.indices {
        let n = numeric { net, step in
          net.layers[l].weights.storage[k] += step
          return net.layers[l].weights.storage[k]
        }
        let a = analytic[l].weights.storage[k]
        #expect(agree(a, n), "\(problem.testDescription): layer \(l + 1) weight \(k): backprop \(a), numeric \(n)")
        checked += 1
      }
      for k in network.layers[l].bias.indices {
        let n = numeric { net, step in
          net.layers[l].bias[k] += step
          return net.layers[l].bias[k]
        }
        let a = analytic[l].bias[k]
        #expect(agree(a, n), "\(problem.testDescription): layer \(l + 1) bias \(k): backprop \(a), numeric \(n)")
        checked += 1
      }
    }
    #expect(checked == network.layers.reduce(0) { $0 + $1.weights.storage.count + $1.bias.count })
  }

  @Test func theRandomNetworksCoverEveryDepthOutputAndLoss() {
    let problems = Self.gradientSeeds.map { RandomProblem.draw(seed: $0) }
    #expect(Set(problems.map(\.network.layers.count)) == [1, 2, 3])
    #expect(Set(problems.map { $0.network.layers[$0.network.layers.count - 1].activation.name }).count == 6)
    #expect(Set(problems.map(\.network.loss)) == Set(Loss.allCases))
    #expect(Set(problems.flatMap(\.network.sizes)) == Set(1...6))
    #expect(Set(problems.map(\.inputs.rows)) == Set(1...5))
    let hidden = problems.flatMap { $0.network.layers.dropLast().map(\.activation.name) }
    #expect(Set(hidden) == Set(RandomProblem.hidden))
  }

  // MARK: Descent on a convex case

  /// A linear layer with the mean squared error (no hidden layer) is a convex quadratic in its
  /// parameters. Per output unit `i` its Hessian is `(2 / (m·k)) Σ_s [x_s; 1][x_s; 1]ᵀ` over the `m`
  /// samples of `k` outputs, whose largest eigenvalue is at most `L = (2 / k) · max_s (‖x_s‖² + 1)`.
  /// One gradient step of `lr = 1 / L` must then lower the loss by at least `(lr / 2) · ‖g‖²`
  /// (the descent lemma), up to rounding of 1e-12 relative.
  @Test(arguments: Array(UInt64(1)...100))
  func aSmallEnoughStepLowersTheLossOfALinearLeastSquaresFit(seed: UInt64) {
    var draw = Draw(seed: 1000 + seed)
    let (inputCount, outputCount, batch) = (draw.int(1...6), draw.int(1...6), draw.int(1...8))
    let network = MLP(
      layers: [
        DenseLayer(
          weights: draw.matrix(inputCount, outputCount, -1, 1),
          bias: (0..<outputCount).map { _ in draw.uniform(-1, 1) }, activation: .linear)
      ], loss: .mse)
    let inputs = draw.matrix(batch, inputCount, -2, 2)
    let targets = draw.matrix(batch, outputCount, -2, 2)
    let largest = (0..<batch).map { r in inputs.row(r).reduce(1) { $0 + $1 * $1 } }.max() ?? 1
    let lr = 1 / (2 / Double(outputCount) * largest)

    let before = network.meanLoss(inputs: inputs, targets: targets)
    let gradient = network.gradients(inputs: inputs, targets: targets)[0]
    let squaredNorm = (gradient.weights.storage + gradient.bias).reduce(0) { $0 + $1 * $1 }
    let trainer = makeTrainer(
      network, learningRate: lr, inputs: inputs, targets: targets, plan: TrainingPlan(epochs: 1))
    _ = trainer.train(observer: nil)
    let after = trainer.network.meanLoss(inputs: inputs, targets: targets)

    #expect(squaredNorm > 0)
    #expect(after < before, "seed \(seed): loss \(before) → \(after)")
    #expect(
      after <= before - lr / 2 * squaredNorm + 1e-12 * before,
      "seed \(seed): loss \(before) → \(after), expected at most \(before - lr / 2 * squaredNorm)")
  }

  // MARK: Capture never changes what is computed

  /// A training plan and optimizer drawn at random, for the capture-invariance property.
  struct RandomTraining: CustomTestStringConvertible {
    var problem: RandomProblem
    var kind: OptimizerKind
    var plan: TrainingPlan
    var learningRate: Double

    var testDescription: String {
      "\(problem.testDescription), \(kind.name) lr \(learningRate), \(plan.epochs) epochs of batch "
        + "\(plan.batchSize.map(String.init) ?? "all")\(plan.shuffle ? ", shuffled" : "")"
    }

    static func draw(seed: UInt64) -> RandomTraining {
      var problem = RandomProblem.draw(seed: 5000 + seed, kinkMargin: 0)
      var draw = Draw(seed: 9000 + seed)
      // A larger data set than the gradient checks use, so that batches and shuffling matter.
      let rows = draw.int(1...12)
      problem.inputs = draw.matrix(rows, problem.inputs.cols, -1, 1)
      let template = problem.targets
      problem.targets = Matrix(
        rows: rows, cols: template.cols, storage: (0..<rows).flatMap { template.row($0 % template.rows) })
      let kind = draw.element([
        OptimizerKind.sgd, .momentum(beta: 0.9), .rmsprop(rho: 0.99, epsilon: 1e-8),
        .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8),
      ])
      let batchSize = draw.element([nil, 1, 2, 3, 5, 64])
      let plan = TrainingPlan(
        epochs: draw.int(1...4), batchSize: batchSize, shuffle: draw.int(0...1) == 1, seed: draw.random.next())
      return RandomTraining(problem: problem, kind: kind, plan: plan, learningRate: draw.element([0.01, 0.1, 0.5]))
    }
  }

  /// The exact bits of every parameter, so that `-0.0` and `0.0` (equal as numbers) count as different.
  private func bits(_ network: MLP) -> [UInt64] {
    network.layers.flatMap { $0.weights.storage.map(\.bitPattern) + $0.bias.map(\.bitPattern) }
  }

  /// Training with an observer that copies every value it is offered, and with none, ends with the
  /// same parameters to the bit, the same optimizer state and the same outcome: across the four
  /// optimizers, batch sizes (1, uneven, full, larger than the data) and shuffling.
  @Test(arguments: Array(UInt64(1)...60))
  func capturingEverythingChangesNothingComputed(seed: UInt64) {
    let training = RandomTraining.draw(seed: seed)
    let problem = training.problem
    func trained(observer: RecordingObserver?) -> (MLPTrainer, TrainingOutcome) {
      let trainer = makeTrainer(
        problem.network, kind: training.kind, learningRate: training.learningRate, inputs: problem.inputs,
        targets: problem.targets, plan: training.plan)
      return (trainer, trainer.train(observer: observer))
    }
    let observer = RecordingObserver()
    let (watched, watchedOutcome) = trained(observer: observer)
    let (unwatched, unwatchedOutcome) = trained(observer: nil)

    #expect(!observer.records.isEmpty)
    #expect(bits(watched.network) == bits(unwatched.network), "\(training.testDescription)")
    #expect(watchedOutcome.steps == unwatchedOutcome.steps && watchedOutcome.epochs == unwatchedOutcome.epochs)
    #expect(watchedOutcome.status == unwatchedOutcome.status)
    #expect(watchedOutcome.finalLoss?.bitPattern == unwatchedOutcome.finalLoss?.bitPattern)
    for slot in 0..<(2 * problem.network.layers.count) {
      #expect(
        watched.optimizer.firstMoment(slot: slot).map(\.bitPattern)
          == unwatched.optimizer.firstMoment(slot: slot).map(\.bitPattern))
      #expect(
        watched.optimizer.secondMoment(slot: slot).map(\.bitPattern)
          == unwatched.optimizer.secondMoment(slot: slot).map(\.bitPattern))
    }
    // What the observer saw of the last update is the network the unwatched run ended with.
    let lastLayer = problem.network.layers.count
    let lastWeights = observer.records(.w, phase: .update, layer: lastLayer).last?.values
    #expect(
      lastWeights?.storage.map(\.bitPattern)
        == unwatched.network.layers[lastLayer - 1].weights.storage.map(\.bitPattern))
  }

  @Test func theRandomTrainingsCoverEveryOptimizerBatchingAndShuffling() {
    let trainings = (UInt64(1)...60).map { RandomTraining.draw(seed: $0) }
    #expect(Set(trainings.map(\.kind.name)) == Set(OptimizerKind.names))
    #expect(trainings.contains { $0.plan.shuffle } && trainings.contains { !$0.plan.shuffle })
    #expect(trainings.contains { $0.plan.batchSize == nil } && trainings.contains { $0.plan.batchSize == 1 })
    // Some batches leave a shorter last one.
    #expect(trainings.contains { t in t.plan.batchSize.map { t.problem.inputs.rows % $0 != 0 } ?? false })
    // Training moves the parameters (else comparing them would show nothing), in all but dead networks.
    let moved = trainings.filter { training in
      let trainer = makeTrainer(
        training.problem.network, kind: training.kind, learningRate: training.learningRate,
        inputs: training.problem.inputs, targets: training.problem.targets, plan: training.plan)
      _ = trainer.train(observer: nil)
      return bits(trainer.network) != bits(training.problem.network)
    }
    #expect(moved.count >= 57, "only \(moved.count) of 60 trainings changed the parameters")
  }

  /// The perceptron, too, learns the same with an observer as without one.
  @Test(arguments: Array(UInt64(1)...20))
  func aPerceptronLearnsTheSameWhetherWatchedOrNot(seed: UInt64) {
    var draw = Draw(seed: 7000 + seed)
    let (inputCount, rows) = (draw.int(1...6), draw.int(1...12))
    let inputs = draw.matrix(rows, inputCount, -1, 1)
    let targets = (0..<rows).map { _ in Double(draw.int(0...1)) }
    let start = Perceptron(
      weights: (0..<inputCount).map { _ in draw.uniform(-0.5, 0.5) }, bias: draw.uniform(-0.5, 0.5),
      learningRate: draw.element([0.01, 0.1, 1]))
    var watched = start
    var unwatched = start
    let observer = RecordingObserver()
    let epochs = draw.int(1...5)
    let watchedOutcome = watched.train(inputs: inputs, targets: targets, epochs: epochs, observer: observer)
    let unwatchedOutcome = unwatched.train(inputs: inputs, targets: targets, epochs: epochs, observer: nil)
    #expect(!observer.records.isEmpty)
    #expect(watched.weights.map(\.bitPattern) == unwatched.weights.map(\.bitPattern))
    #expect(watched.bias.bitPattern == unwatched.bias.bitPattern)
    #expect(watchedOutcome == unwatchedOutcome)
  }
}
