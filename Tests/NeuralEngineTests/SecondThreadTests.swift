import Testing

@testable import NeuralEngine

/// Training on two threads gives the very bits of training on one: each half of a pass is the
/// same arithmetic in the same order, whichever thread does it.
@Suite struct SecondThreadTests {
  /// A random network of 1–3 layers, up to 40 units (so that layers of 16 inputs or more split
  /// their gradient rows), with 16 to 70 data rows, every activation and every loss it fits.
  static func problem(seed: UInt64) -> (MLP, Matrix, Matrix, TrainingPlan, OptimizerKind) {
    var draw = Draw(seed: seed)
    let depth = draw.int(1...3)
    let (outputName, losses) = draw.element(RandomProblem.outputs)
    let sizes = (0...depth).map { _ in draw.int(1...40) }
    var layers: [DenseLayer] = []
    for l in 0..<depth {
      let name = l == depth - 1 ? outputName : draw.element(RandomProblem.hidden)
      let activation = Activation(name: name, slope: 0.1) ?? .linear
      let units = activation == .softmax ? max(2, sizes[l + 1]) : sizes[l + 1]
      let inputs = l == 0 ? sizes[0] : layers[l - 1].units
      layers.append(
        DenseLayer(
          weights: draw.matrix(inputs, units, -0.5, 0.5), bias: (0..<units).map { _ in draw.uniform(-0.2, 0.2) },
          activation: activation))
    }
    let network = MLP(layers: layers, loss: draw.element(losses))
    let rows = draw.int(16...70)
    let outputs = layers[depth - 1].units
    var targets = draw.matrix(rows, outputs, 0.05, 0.95)
    if layers[depth - 1].activation == .softmax {
      for r in 0..<rows {
        let total = targets.row(r).reduce(0, +)
        for c in 0..<outputs { targets[r, c] /= total }
      }
    }
    let plan = TrainingPlan(
      epochs: 2, batchSize: draw.element([nil, 16, rows / 2 + 3]), shuffle: draw.int(0...1) == 1, seed: seed)
    let optimizer = draw.element(ReferenceEngineTests.optimizers)
    return (network, draw.matrix(rows, sizes[0], -1, 1), targets, plan, optimizer)
  }

  @Test(arguments: Array(UInt64(1)...40))
  func twoThreadsTrainTheSameBitsAsOne(seed: UInt64) {
    let (network, inputs, targets, plan, kind) = Self.problem(seed: seed)
    func trained(splitting: Bool) -> (MLPTrainer, [Double]) {
      let optimizer = Optimizer(kind: kind, learningRate: 0.05, parameterSizes: parameterSizes(of: network))
      let trainer = MLPTrainer(network: network, optimizer: optimizer, inputs: inputs, targets: targets, plan: plan)
      trainer.allowsSecondThread = splitting
      trainer.secondThreadWaits = splitting
      let observer = RecordingObserver()
      _ = trainer.train(observer: observer)
      return (trainer, observer.stepEnds.map(\.loss))
    }
    let (one, oneLosses) = trained(splitting: false)
    let (two, twoLosses) = trained(splitting: true)
    let context = "seed \(seed): \(network.sizes), \(network.loss.name), \(inputs.rows) rows, \(plan)"
    #expect(one.secondThreadJobs == 0)
    // Batches of 16 rows or more are split three times a step: forward, δ, gradients.
    let steps = oneLosses.count
    let batch = plan.batchSize(samples: inputs.rows)
    let splitSteps = (0..<plan.epochs).reduce(0) { total, _ in
      total + stride(from: 0, to: inputs.rows, by: batch).filter { min(batch, inputs.rows - $0) >= 16 }.count
    }
    #expect(two.secondThreadJobs == 3 * splitSteps, "\(context)")
    #expect(steps > 0 && oneLosses.map(\.bitPattern) == twoLosses.map(\.bitPattern), "\(context)")
    #expect(one.network == two.network, "\(context)")
  }

  /// Every 256 steps, 8 alone and 8 on two threads are timed, and the faster way kept until the next probe.
  @Test func theFasterWayIsKeptUntilTheNextProbe() {
    func run(alone: Duration, split: Duration, steps: Int) -> [Bool] {
      var choice = SplitChoice()
      return (0..<steps).map { step in
        let splits = choice.splits(atStep: step)
        choice.took(splits ? split : alone, atStep: step)
        return splits
      }
    }
    let faster = run(alone: .microseconds(300), split: .microseconds(200), steps: 600)
    #expect(faster[0..<8].allSatisfy { !$0 } && faster[8..<16].allSatisfy { $0 })
    #expect(faster[16..<256].allSatisfy { $0 } && faster[264..<512].allSatisfy { $0 })
    let slower = run(alone: .microseconds(300), split: .microseconds(450), steps: 600)
    #expect(slower[16..<256].allSatisfy { !$0 } && slower[256..<264].allSatisfy { !$0 })
    #expect(slower[264..<272].allSatisfy { $0 } && slower[272..<512].allSatisfy { !$0 })
  }
}
