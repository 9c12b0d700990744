import Foundation
import NeuralEngine
import Testing

/// ``MLPTrainer`` and ``TrainingPlan``: batching, shuffling, what the observer sees, and how training ends.
struct MLPTrainerTests {
  /// Five samples, two inputs, one output.
  static let inputs = Matrix([[0.1, 0.9], [0.4, -0.3], [-0.8, 0.2], [0.6, 0.6], [-0.5, -0.7]])
  static let targets = Matrix([[1], [0], [1], [0], [1]])

  /// A 2-3-1 tanh/sigmoid network with fixed weights.
  static let network = MLP(
    layers: [
      DenseLayer(
        weights: Matrix([[0.5, -0.4, 0.3], [0.2, 0.7, -0.6]]), bias: [0.1, -0.2, 0.05], activation: .tanh),
      DenseLayer(weights: Matrix([[0.8], [-0.5], [0.4]]), bias: [-0.1], activation: .sigmoid),
    ], loss: .bce)

  func trainer(
    _ plan: TrainingPlan, kind: OptimizerKind = .sgd, learningRate: Double = 0.3, network: MLP = network
  ) -> MLPTrainer {
    makeTrainer(network, kind: kind, learningRate: learningRate, inputs: Self.inputs, targets: Self.targets, plan: plan)
  }

  /// The samples of each step's batch, in order.
  func batchSamples(_ observer: RecordingObserver) -> [[Int]] {
    observer.records(.x, phase: .forward).map { $0.samples ?? [] }
  }

  // MARK: Batches

  @Test func batchesAreConsecutiveRunsWithTheLastOneShorter() {
    let order = [0, 1, 2, 3, 4]
    #expect(TrainingPlan(epochs: 1, batchSize: 2).batches(of: order).map(Array.init) == [[0, 1], [2, 3], [4]])
    #expect(TrainingPlan(epochs: 1, batchSize: 1).batches(of: order).count == 5)
    #expect(TrainingPlan(epochs: 1, batchSize: nil).batches(of: order).map(Array.init) == [order])
    #expect(TrainingPlan(epochs: 1, batchSize: 9).batches(of: order).map(Array.init) == [order])
    // Batches follow the order they are given, not the data order.
    #expect(
      TrainingPlan(epochs: 1, batchSize: 2).batches(of: [4, 0, 3, 1, 2]).map(Array.init) == [[4, 0], [3, 1], [2]])
  }

  @Test func fiveSamplesInBatchesOfTwoTakeThreeStepsPerEpoch() {
    let observer = RecordingObserver()
    let outcome = trainer(TrainingPlan(epochs: 2, batchSize: 2)).train(observer: observer)
    #expect(outcome.status == .completed)
    #expect(outcome.steps == 6 && outcome.epochs == 2)
    #expect(batchSamples(observer) == [[0, 1], [2, 3], [4], [0, 1], [2, 3], [4]])
    #expect(observer.stepEnds.map(\.position.step) == [0, 1, 2, 3, 4, 5])
    #expect(observer.stepEnds.map(\.position.epoch) == [0, 0, 0, 1, 1, 1])
    // The last batch really has one row.
    #expect(observer.records(.x, phase: .forward)[2].values == Matrix([Self.inputs.row(4)]))
  }

  @Test func fullBatchTakesOneStepPerEpoch() {
    let observer = RecordingObserver()
    let outcome = trainer(TrainingPlan(epochs: 3)).train(observer: observer)
    #expect(outcome.steps == 3)
    #expect(batchSamples(observer) == Array(repeating: [0, 1, 2, 3, 4], count: 3))
  }

  @Test func stepGradientIsTheMeanOverItsBatch() {
    // The gradient of step 1 (rows 2 and 3) is MLP.gradients of those rows, with the weights after step 0.
    let observer = RecordingObserver()
    let run = trainer(TrainingPlan(epochs: 1, batchSize: 2))
    _ = run.train(observer: observer)
    var afterStep0 = Self.network
    afterStep0.layers[0].weights = observer.value(.w, phase: .update, layer: 1, step: 0)!
    afterStep0.layers[1].weights = observer.value(.w, phase: .update, layer: 2, step: 0)!
    afterStep0.layers[0].bias = observer.value(.b, phase: .update, layer: 1, step: 0)!.storage
    afterStep0.layers[1].bias = observer.value(.b, phase: .update, layer: 2, step: 0)!.storage
    let expected = afterStep0.gradients(
      inputs: Matrix([Self.inputs.row(2), Self.inputs.row(3)]),
      targets: Matrix([Self.targets.row(2), Self.targets.row(3)]))
    #expect(observer.value(.gradW, phase: .backward, layer: 1, step: 1) == expected[0].weights)
    #expect(observer.value(.gradW, phase: .backward, layer: 2, step: 1) == expected[1].weights)
    #expect(observer.value(.gradB, phase: .backward, layer: 2, step: 1)?.storage == expected[1].bias)
  }

  // MARK: Shuffling

  @Test func withoutShuffleEveryEpochIsInDataOrder() {
    let observer = RecordingObserver()
    _ = trainer(TrainingPlan(epochs: 3, batchSize: 1, shuffle: false, seed: 5)).train(observer: observer)
    #expect(batchSamples(observer).flatMap { $0 } == Array(repeating: [0, 1, 2, 3, 4], count: 3).flatMap { $0 })
  }

  /// The sample order of each epoch of a shuffled run.
  func shuffledOrders(seed: UInt64, epochs: Int = 4) -> [[Int]] {
    let observer = RecordingObserver()
    _ = trainer(TrainingPlan(epochs: epochs, batchSize: 2, shuffle: true, seed: seed)).train(observer: observer)
    var orders = Array(repeating: [Int](), count: epochs)
    for record in observer.records(.x, phase: .forward) {
      orders[record.position.epoch] += record.samples ?? []
    }
    return orders
  }

  @Test func shuffleIsDeterministicForASeed() {
    let first = shuffledOrders(seed: 42)
    #expect(first == shuffledOrders(seed: 42))
    for order in first {
      #expect(order.sorted() == [0, 1, 2, 3, 4])
    }
    // Shuffling actually reorders, and differently from one epoch to the next.
    #expect(first.contains { $0 != [0, 1, 2, 3, 4] })
    #expect(Set(first.map(\.description)).count > 1)
  }

  @Test func shuffleDiffersBetweenSeeds() {
    #expect(shuffledOrders(seed: 42) != shuffledOrders(seed: 43))
    let a = trainer(TrainingPlan(epochs: 4, batchSize: 2, shuffle: true, seed: 42))
    let b = trainer(TrainingPlan(epochs: 4, batchSize: 2, shuffle: true, seed: 43))
    _ = a.train(observer: nil)
    _ = b.train(observer: nil)
    #expect(a.network != b.network)
  }

  @Test func shuffledBatchesCarryTheirOwnRows() {
    let observer = RecordingObserver()
    _ = trainer(TrainingPlan(epochs: 2, batchSize: 2, shuffle: true, seed: 7)).train(observer: observer)
    for record in observer.records(.x, phase: .forward) {
      for (r, sample) in (record.samples ?? []).enumerated() {
        #expect(record.values.row(r) == Self.inputs.row(sample))
      }
    }
    for record in observer.records(.y, phase: .loss) {
      for (r, sample) in (record.samples ?? []).enumerated() {
        #expect(record.values.row(r) == Self.targets.row(sample))
      }
    }
  }

  @Test func shuffleDrawsFromItsOwnStream() {
    // The shuffle source is the run's seed on a separate stream, so it does not replay the weight draws.
    var shuffle = TrainingPlan(epochs: 1, seed: 3).shuffleSource()
    var weights = RandomSource(seed: 3)
    #expect(shuffle.next() != weights.next())
    var again = TrainingPlan(epochs: 1, seed: 3).shuffleSource()
    var replay = TrainingPlan(epochs: 1, seed: 3).shuffleSource()
    #expect(again.permutation(10) == replay.permutation(10))
  }

  // MARK: The observer

  @Test func observerReceivesQuantitiesInTheDocumentedOrder() {
    let observer = RecordingObserver()
    _ = trainer(TrainingPlan(epochs: 1)).train(observer: observer)
    let names = observer.events.map { event in
      event.map { "\($0.phase.name):\($0.quantity.rawValue):\($0.layer.map(String.init) ?? "-")" } ?? "end"
    }
    #expect(
      names == [
        // initial parameters, layer by layer
        "init:w:1", "init:b:1", "init:w:2", "init:b:2",
        // forward, layer by layer
        "forward:x:0", "forward:z:1", "forward:a:1", "forward:z:2", "forward:a:2",
        // targets, per-sample losses, batch loss
        "loss:y:2", "loss:loss:-", "loss:loss:-",
        // backward, from the output layer down
        "backward:delta:2", "backward:grad_w:2", "backward:grad_b:2",
        "backward:delta:1", "backward:grad_w:1", "backward:grad_b:1",
        // updates, layer by layer
        "update:dw:1", "update:w:1", "update:db:1", "update:b:1",
        "update:dw:2", "update:w:2", "update:db:2", "update:b:2",
        "end",
      ])
  }

  @Test func observedShapesFollowTheProtocol() {
    let observer = RecordingObserver()
    _ = trainer(TrainingPlan(epochs: 1, batchSize: 2)).train(observer: observer)
    let step0 = observer.records.filter { $0.position.step == 0 && $0.phase != .initialization }
    for record in step0 {
      switch record.quantity {
      case .x, .z, .a, .y, .delta:
        #expect(record.samples == [0, 1] && record.values.rows == 2, "\(record.quantity)")
      case .w, .dw, .gradW:
        #expect(record.samples == nil && record.values.rows == Self.network.sizes[record.layer! - 1])
      case .b, .db, .gradB:
        #expect(record.samples == nil && record.values.rows == 1)
      case .loss:
        #expect(record.layer == nil)
      case .error:
        Issue.record("an MLP has no perceptron error")
      }
    }
    let losses = observer.records(.loss, phase: .loss).prefix(2)
    #expect(losses.first?.samples == [0, 1] && losses.first?.values.rows == 2)
    #expect(losses.last?.samples == nil && losses.last?.values.rows == 1 && losses.last?.values.cols == 1)
  }

  @Test func batchLossIsTheMeanOfSampleLosses() {
    let observer = RecordingObserver()
    _ = trainer(TrainingPlan(epochs: 1, batchSize: 2)).train(observer: observer)
    let losses = observer.records(.loss, phase: .loss)
    for step in 0..<3 {
      let perSample = losses[2 * step].values.storage
      let batch = losses[2 * step + 1].values.storage[0]
      #expect(abs(batch - perSample.reduce(0, +) / Double(perSample.count)) < 1e-15)
      #expect(observer.stepEnds[step].loss == batch)
    }
  }

  @Test func dwIsNewMinusOld() {
    // Adam, so that dw is not simply −lr·grad_w; checked for every layer and step, exactly.
    let observer = RecordingObserver()
    _ = trainer(TrainingPlan(epochs: 2, batchSize: 2), kind: .defaultAdam, learningRate: 0.05).train(observer: observer)
    for layer in 1...2 {
      var previousW = observer.records(.w, phase: .initialization, layer: layer)[0].values
      var previousB = observer.records(.b, phase: .initialization, layer: layer)[0].values
      for step in 0..<6 {
        let w = observer.value(.w, phase: .update, layer: layer, step: step)!
        let dw = observer.value(.dw, phase: .update, layer: layer, step: step)!
        let b = observer.value(.b, phase: .update, layer: layer, step: step)!
        let db = observer.value(.db, phase: .update, layer: layer, step: step)!
        #expect(dw.storage == zip(w.storage, previousW.storage).map { $0 - $1 }, "layer \(layer) step \(step)")
        #expect(db.storage == zip(b.storage, previousB.storage).map { $0 - $1 }, "layer \(layer) step \(step)")
        previousW = w
        previousB = b
      }
    }
  }

  @Test func sgdChangeIsMinusLearningRateTimesGradient() {
    // dw = (w − lr·g) − w, which equals −lr·g up to one rounding of w: 1e-15 absolute.
    let observer = RecordingObserver()
    _ = trainer(TrainingPlan(epochs: 1, batchSize: 2), learningRate: 0.3).train(observer: observer)
    for layer in 1...2 {
      for step in 0..<3 {
        let g = observer.value(.gradW, phase: .backward, layer: layer, step: step)!.storage
        let dw = observer.value(.dw, phase: .update, layer: layer, step: step)!.storage
        #expect(allClose(dw, g.map { -0.3 * $0 }, absolute: 1e-15), "layer \(layer) step \(step)")
      }
    }
  }

  @Test(arguments: [OptimizerKind.sgd, .defaultMomentum, .defaultRMSProp, .defaultAdam])
  func observingNeverChangesTheComputation(_ kind: OptimizerKind) {
    let plan = TrainingPlan(epochs: 5, batchSize: 2, shuffle: true, seed: 11)
    let silent = trainer(plan, kind: kind, learningRate: 0.05)
    let watched = trainer(plan, kind: kind, learningRate: 0.05)
    let silentOutcome = silent.train(observer: nil)
    let watchedOutcome = watched.train(observer: RecordingObserver())
    #expect(silent.network == watched.network)  // bit for bit
    #expect(silentOutcome == watchedOutcome)
  }

  // MARK: How training ends

  @Test func completedRunReportsItsLastBatchLoss() {
    let observer = RecordingObserver()
    let outcome = trainer(TrainingPlan(epochs: 2, batchSize: 2)).train(observer: observer)
    #expect(outcome.status == .completed)
    #expect(outcome.finalLoss == observer.stepEnds.last?.loss)
  }

  @Test func trainingReducesTheLossOnALearnableProblem() {
    // OR through the tanh/sigmoid network with BCE: 500 full-batch steps of lr 1.
    let inputs = Matrix([[0, 0], [0, 1], [1, 0], [1, 1]])
    let targets = Matrix([[0], [1], [1], [1]])
    let run = makeTrainer(
      Self.network, learningRate: 1, inputs: inputs, targets: targets, plan: TrainingPlan(epochs: 500))
    let before = Self.network.meanLoss(inputs: inputs, targets: targets)
    _ = run.train(observer: nil)
    let after = run.network.meanLoss(inputs: inputs, targets: targets)
    #expect(after < 0.05 && after < before / 10, "loss \(before) → \(after)")
  }

  @Test func hugeInputEndsAsDivergedAtTheFirstPreActivation() {
    // z = 1e308·1 + 1e308·1 overflows to +∞ in layer 1 at step 0.
    let network = MLP(
      layers: [DenseLayer(weights: Matrix([[1], [1]]), bias: [0], activation: .linear)], loss: .mse)
    let observer = RecordingObserver()
    let run = makeTrainer(
      network, learningRate: 0.1, inputs: Matrix([[1e308, 1e308]]), targets: Matrix([[0]]),
      plan: TrainingPlan(epochs: 3))
    let outcome = run.train(observer: observer)
    guard case .diverged(let divergence) = outcome.status else {
      Issue.record("expected divergence, got \(outcome.status)")
      return
    }
    #expect(divergence.position == StepPosition(epoch: 0, step: 0))
    #expect(divergence.quantity == .z)
    #expect(divergence.layer == 1)
    #expect(divergence.value == .infinity)
    #expect(divergence.description == "inf appeared in z in layer 1 at step 0 (epoch 0)")
    #expect(outcome.steps == 0)
    // The values of that step are offered up to where the infinity appeared; no backward pass, no update.
    #expect(observer.value(.z, phase: .forward, layer: 1, step: 0)?.storage == [.infinity])
    #expect(observer.records(.delta, phase: .backward).isEmpty)
    #expect(observer.records(.w, phase: .update).isEmpty)
    #expect(observer.stepEnds.isEmpty)
    // The network keeps its last finite parameters.
    #expect(run.network == network)
  }

  @Test func hugeLearningRateEndsAsDivergedAtTheLoss() {
    // Linear 1 → 1 with MSE, w = 1, x = 1, y = 0, lr = 1e200:
    // step 0: a = 1, g = 2(a − y) = 2, w = 1 − 2e200 (finite);
    // step 1: a ≈ −2e200, loss = a² ≈ 4e400 = +∞, while z and a are still finite.
    let network = MLP(layers: [DenseLayer(weights: Matrix([[1]]), bias: [0], activation: .linear)], loss: .mse)
    let run = makeTrainer(
      network, learningRate: 1e200, inputs: Matrix([[1]]), targets: Matrix([[0]]), plan: TrainingPlan(epochs: 5))
    let outcome = run.train(observer: nil)
    guard case .diverged(let divergence) = outcome.status else {
      Issue.record("expected divergence, got \(outcome.status)")
      return
    }
    #expect(divergence.position == StepPosition(epoch: 1, step: 1))
    #expect(divergence.quantity == .loss)
    #expect(divergence.layer == nil)
    #expect(divergence.value == .infinity)
    #expect(outcome.steps == 1 && outcome.epochs == 1)
    #expect(outcome.finalLoss == 1)  // the loss of the last step that completed
  }

  @Test func overflowingUpdateNamesTheFirstNonFiniteQuantity() {
    // lr = 1e308 and g = 2: the update −2e308 overflows, so the weight becomes −∞ at step 0
    // while every δ and gradient is finite.
    let network = MLP(layers: [DenseLayer(weights: Matrix([[1]]), bias: [0], activation: .linear)], loss: .mse)
    let run = makeTrainer(
      network, learningRate: 1e308, inputs: Matrix([[1]]), targets: Matrix([[0]]), plan: TrainingPlan(epochs: 5))
    let outcome = run.train(observer: nil)
    guard case .diverged(let divergence) = outcome.status else {
      Issue.record("expected divergence, got \(outcome.status)")
      return
    }
    #expect(divergence.position == StepPosition(epoch: 0, step: 0))
    #expect(divergence.quantity == .w)
    #expect(divergence.layer == 1)
    #expect(divergence.value == -.infinity)
  }

  @Test func nanInTheDataEndsAsDiverged() {
    let network = MLP(layers: [DenseLayer(weights: Matrix([[1]]), bias: [0], activation: .sigmoid)], loss: .bce)
    let run = makeTrainer(
      network, learningRate: 0.1, inputs: Matrix([[.nan]]), targets: Matrix([[1]]), plan: TrainingPlan(epochs: 1))
    let outcome = run.train(observer: nil)
    guard case .diverged(let divergence) = outcome.status else {
      Issue.record("expected divergence, got \(outcome.status)")
      return
    }
    #expect(divergence.quantity == .z && divergence.layer == 1 && divergence.value.isNaN)
  }

  @Test func shouldStopBeforeTheFirstStepInterruptsWithNothingDone() {
    let run = trainer(TrainingPlan(epochs: 3, batchSize: 2))
    let outcome = run.train(observer: nil, shouldStop: { true })
    #expect(outcome.status == .interrupted)
    #expect(outcome.steps == 0 && outcome.epochs == 0 && outcome.finalLoss == nil)
    #expect(run.network == Self.network)
  }

  @Test func shouldStopMidwayInterruptsAfterTheStepsTaken() {
    let observer = RecordingObserver()
    var polls = 0
    let outcome = trainer(TrainingPlan(epochs: 3, batchSize: 2)).train(
      observer: observer,
      shouldStop: {
        polls += 1
        return polls > 4
      })
    #expect(outcome.status == .interrupted)
    #expect(outcome.steps == 4)
    #expect(outcome.epochs == 1)  // epoch 0 complete (3 steps), epoch 1 begun
    #expect(observer.stepEnds.count == 4)
    #expect(outcome.finalLoss == observer.stepEnds.last?.loss)
  }
}
