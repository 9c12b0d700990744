import NeuralEngine
import Tracing

/// The network lessons: the model the lesson describes, built and trained.
extension LessonRunner {
  var plan: TrainingPlan {
    TrainingPlan(
      epochs: spec.training.epochs, batchSize: spec.training.batchSize, shuffle: spec.training.shuffle,
      seed: spec.initialization.seed)
  }

  func trainNetwork(
    recorder: CaptureObserver?, monitor: CaptureObserver?, onStep: ((StepPosition, Double) -> Void)?,
    shouldStop: @escaping () -> Bool
  ) -> TrainingOutcome {
    let network = makeNetwork()
    let trainer = MLPTrainer(
      network: network, optimizer: makeOptimizer(), inputs: dataset.inputs, targets: dataset.targets, plan: plan)
    guard recorder != nil || monitor != nil || onStep != nil else {
      return trainer.train(observer: nil, shouldStop: shouldStop)
    }
    let forwarder = StepForwarder(recorder: recorder, monitor: monitor, onStep: onStep)
    if let recorder {
      Evaluation.recordTargetScaling(of: dataset, layer: spec.layers.count - 1, into: recorder)
      let check = spec.gradientCheck ? GradientCheck(network: network, batch: firstBatch()) : nil
      let stepsPerEpoch = plan.batches(of: Array(0..<dataset.inputs.rows)).count
      forwarder.afterStep = { [dataset, spec] position in
        if position.step == 0 { check?.record(into: recorder, at: position) }
        if (position.step + 1) % stepsPerEpoch == 0 && !spec.metrics.isEmpty {
          Evaluation(network: trainer.network, dataset: dataset, metrics: spec.metrics)
            .recordEpoch(into: recorder, at: position)
        }
      }
    }
    let outcome = trainer.train(observer: forwarder, shouldStop: shouldStop)
    if let recorder, outcome.status == .completed, dataset.testInputs != nil {
      Evaluation(network: trainer.network, dataset: dataset, metrics: spec.metrics)
        .recordHeldOutOutputs(into: recorder, at: StepPosition(epoch: outcome.epochs - 1, step: outcome.steps - 1))
    }
    return outcome
  }

  /// The rows of the first batch, exactly as the trainer will take them.
  private func firstBatch() -> (inputs: Matrix, targets: Matrix) {
    let plan = self.plan
    var shuffler = plan.shuffleSource()
    let order = plan.shuffle ? shuffler.permutation(dataset.inputs.rows) : Array(0..<dataset.inputs.rows)
    let rows = Array(plan.batches(of: order)[0])
    return (dataset.inputs.selectingRows(rows), dataset.targets.selectingRows(rows))
  }

  /// The network with its initial parameters: explicit ones, or drawn from the seed.
  public func makeNetwork() -> MLP {
    let loss = spec.loss ?? .mse  // only the perceptron and activation lessons have none, and build no network
    if let weights = spec.weights {
      let layers = zip(weights, spec.activations).map {
        DenseLayer(weights: Matrix($0.w), bias: $0.b, activation: $1)
      }
      return MLP(layers: layers, loss: loss)
    }
    var random = RandomSource(seed: spec.initialization.seed)
    return MLP(
      sizes: spec.layers, activations: spec.activations, loss: loss, initializer: spec.initialization.initializer,
      random: &random)
  }

  /// The optimizer with the lesson's hyper-parameters.
  public func makeOptimizer() -> Optimizer {
    let sizes = zip(spec.layers.dropLast(), spec.layers.dropFirst()).flatMap { [$0 * $1, $1] }
    return Optimizer(kind: spec.optimizer.rule ?? .sgd, learningRate: spec.optimizer.lr, parameterSizes: sizes)
  }
}
