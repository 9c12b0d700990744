/// What an ``MLPTrainer`` offers its observer after a step: views of the step's workspace, of the
/// network's parameters and of the optimizer's state, in the order they were computed.
final class Observation: StepSource {
  unowned let trainer: MLPTrainer
  /// The workspace of the step being offered.
  var work: Workspace?
  /// The step's batch loss, as a 1 × 1 matrix.
  var loss = [0.0]
  /// How far the step got: `.loss` when its loss was not finite, else `.update`.
  var reached = Phase.update
  /// Each layer's weights and bias as they were before the update and, once it is done, the
  /// changes it made (new − old). Kept only for steps whose `dw` or `db` someone wants.
  private var changes: [(weights: [Double], bias: [Double])] = []

  init(trainer: MLPTrainer) {
    self.trainer = trainer
  }

  /// Copies the parameters before the update, into memory kept from step to step.
  func keepParameters(of network: MLP) {
    if changes.count != network.layers.count {
      changes = network.layers.map {
        (Array(repeating: 0, count: $0.weights.storage.count), Array(repeating: 0, count: $0.bias.count))
      }
    }
    for (l, layer) in network.layers.enumerated() {
      Self.copy(layer.weights.storage, into: &changes[l].weights)
      Self.copy(layer.bias, into: &changes[l].bias)
    }
  }

  /// Turns the kept parameters into the changes the update made: new − old.
  func formChanges(to network: MLP) {
    for (l, layer) in network.layers.enumerated() {
      Self.subtract(from: layer.weights.storage, into: &changes[l].weights)
      Self.subtract(from: layer.bias, into: &changes[l].bias)
    }
  }

  private static func copy(_ source: [Double], into kept: inout [Double]) {
    for k in kept.indices { kept[k] = source[k] }
  }

  private static func subtract(from new: [Double], into kept: inout [Double]) {
    for k in kept.indices { kept[k] = new[k] - kept[k] }
  }

  func offer(_ interest: Interest, _ body: (StepValue, MatrixView) -> Void) {
    guard let work else { return }
    let network = trainer.network
    let optimizer = trainer.optimizer
    let last = network.layers.count
    func buffer(_ quantity: Quantity, _ phase: Phase, _ layer: Int?, _ matrix: MatrixBuffer, perSample: Bool = true) {
      guard interest.wants(quantity, layer: layer) else { return }
      let view = MatrixView(rows: matrix.rows, cols: matrix.cols, elements: UnsafeBufferPointer(matrix.elements))
      body(StepValue(quantity, phase: phase, layer: layer, perSample: perSample), view)
    }
    func array(_ quantity: Quantity, _ layer: Int?, rows: Int, _ values: [Double]) {
      guard interest.wants(quantity, layer: layer) else { return }
      let phase: Phase = quantity == .loss ? .loss : .update
      values.withUnsafeBufferPointer { elements in
        let view = MatrixView(rows: rows, cols: values.count / max(rows, 1), elements: elements)
        body(StepValue(quantity, phase: phase, layer: layer, perSample: false), view)
      }
    }

    buffer(.x, .forward, 0, work.activations[0])
    for l in 1...last {
      buffer(.z, .forward, l, work.preActivations[l])
      buffer(.a, .forward, l, work.activations[l])
    }
    buffer(.y, .loss, last, work.targets)
    buffer(.loss, .loss, nil, work.losses)
    array(.loss, nil, rows: 1, loss)
    guard reached == .update else { return }

    for l in stride(from: last, through: 1, by: -1) {
      buffer(.delta, .backward, l, work.deltas[l])
      buffer(.gradW, .backward, l, work.weightGradients[l], perSample: false)
      buffer(.gradB, .backward, l, work.biasGradients[l], perSample: false)
    }

    // The optimizer's state after each layer's update: momentum's velocity, RMSprop's s, Adam's m and v.
    let state: [(weights: Quantity, bias: Quantity, second: Bool)] =
      switch optimizer.kind {
      case .sgd: []
      case .momentum: [(.velocityW, .velocityB, false)]
      case .rmsprop: [(.sW, .sB, true)]
      case .adam: [(.mW, .mB, false), (.vW, .vB, true)]
      }
    for l in 1...last {
      let layer = network.layers[l - 1]
      let slots = (2 * (l - 1), 2 * (l - 1) + 1)
      for (weights, bias, second) in state {
        array(
          weights, l, rows: layer.weights.rows,
          second ? optimizer.secondMoment(slot: slots.0) : optimizer.firstMoment(slot: slots.0))
        array(bias, l, rows: 1, second ? optimizer.secondMoment(slot: slots.1) : optimizer.firstMoment(slot: slots.1))
      }
      if changes.indices.contains(l - 1) { array(.dw, l, rows: layer.weights.rows, changes[l - 1].weights) }
      array(.w, l, rows: layer.weights.rows, layer.weights.storage)
      if changes.indices.contains(l - 1) { array(.db, l, rows: 1, changes[l - 1].bias) }
      array(.b, l, rows: 1, layer.bias)
    }
  }
}

/// A network's parameters before training: `w` and `b` of each layer, as initialised.
final class InitialParameters: StepSource {
  let network: MLP

  init(network: MLP) {
    self.network = network
  }

  func offer(_ interest: Interest, _ body: (StepValue, MatrixView) -> Void) {
    for (index, layer) in network.layers.enumerated() {
      let l = index + 1
      if interest.wants(.w, layer: l) {
        layer.weights.storage.withUnsafeBufferPointer {
          body(
            StepValue(.w, phase: .initialization, layer: l, perSample: false),
            MatrixView(rows: layer.weights.rows, cols: layer.weights.cols, elements: $0))
        }
      }
      if interest.wants(.b, layer: l) {
        layer.bias.withUnsafeBufferPointer {
          body(
            StepValue(.b, phase: .initialization, layer: l, perSample: false),
            MatrixView(rows: 1, cols: layer.bias.count, elements: $0))
        }
      }
    }
  }
}
