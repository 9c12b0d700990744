import NeuralEngine

/// What a run starts from: its training rows, its initial parameters and, when the rows are
/// shuffled, their order in every epoch.
///
/// Every run keeps these, whatever its capture policy and thinning: they are small next to a
/// trace, and they are what a run needs to be repeated elsewhere (`nntrace export --as
/// pytorch|keras|numpy`). A full capture (`all`, no thinning) has them already, as the initial
/// `w` and `b` and the `x`, `y` and samples of its steps; every other run records them before its
/// first step, as the kinds `w` and `b` of phase `init`, `data_x` (layer 0), `data_y` (the
/// output layer) and `order` (`j` the epoch, `i` the position in it, the value the data row),
/// all at epoch 0, step 0.
public struct RunInputs: Sendable, Equatable {
  /// The training rows, one a row, as the run used them (after standardisation and hold-out).
  public var inputs: Matrix
  /// Their targets.
  public var targets: Matrix
  /// Each weight layer's initial weights, `n_in × n_out`.
  public var weights: [Matrix]
  /// Each weight layer's initial biases.
  public var biases: [[Double]]
  /// The data rows of each epoch in the order the run took them, when it shuffled; `nil` otherwise.
  public var epochOrders: [[Int]]?

  /// A run's inputs.
  public init(inputs: Matrix, targets: Matrix, weights: [Matrix], biases: [[Double]], epochOrders: [[Int]]?) {
    self.inputs = inputs
    self.targets = targets
    self.weights = weights
    self.biases = biases
    self.epochOrders = epochOrders
  }

  /// How many values recording them takes.
  public var valueCount: Int {
    inputs.storage.count + targets.storage.count + weights.map(\.storage.count).reduce(0, +)
      + biases.map(\.count).reduce(0, +) + (epochOrders?.map(\.count).reduce(0, +) ?? 0)
  }

  /// Whether a run recorded with `plan` records its inputs apart: all but a full capture, which
  /// records them anyway.
  public static func areRecordedApart(by plan: CapturePlan) -> Bool {
    !(plan.policy == .all && !plan.thinsSteps && plan.samples == nil && plan.layers == nil)
  }

  /// The number of values a run of `shape` records for its inputs apart (none for an activation lesson).
  public static func valueCount(shape: RunShape) -> Int {
    guard shape.model != .activation, shape.sizes.count >= 2 else { return 0 }
    let n = shape.sizes
    let parameters = (1..<n.count).map { n[$0 - 1] * n[$0] + n[$0] }.reduce(0, +)
    let order = shape.shuffle && shape.model == .mlp ? shape.epochs * shape.samples : 0
    return shape.samples * (n[0] + n[n.count - 1]) + parameters + order
  }

  /// Records them into `sink` on their own (for a run that records nothing else).
  ///
  /// - Throws: the sink's first error.
  public func record(into sink: TraceSink) throws {
    let emitter = TraceEmitter(sink: sink)
    emit(into: emitter)
    if let failure = emitter.failure { throw failure }
  }

  /// Hands every value to `emitter`, in the order of the type's documentation.
  func emit(into emitter: TraceEmitter) {
    let last = weights.count
    for (index, (w, b)) in zip(weights, biases).enumerated() {
      emitter.emit(.w, layer: index + 1, sample: nil, shape: .matrix(cols: w.cols), values: w.storage)
      emitter.emit(.b, layer: index + 1, sample: nil, shape: .vector, values: b)
    }
    guard let dataX = TraceKind.named("data_x", in: .initialization),
      let dataY = TraceKind.named("data_y", in: .initialization),
      let orderKind = TraceKind.named("order", in: .initialization)
    else { preconditionFailure("the run's input kinds are missing from TraceKind.all") }
    for r in 0..<inputs.rows {
      emitter.emit(dataX, layer: 0, sample: r, shape: .vector, values: inputs.row(r))
    }
    for r in 0..<targets.rows {
      emitter.emit(dataY, layer: last, sample: r, shape: .vector, values: targets.row(r))
    }
    if let epochOrders, let width = epochOrders.first?.count, width > 0 {
      // One event: row j of the matrix is epoch j.
      emitter.emit(
        orderKind, layer: nil, sample: nil, shape: .matrix(cols: width),
        values: epochOrders.flatMap { $0.map(Double.init) })
    }
  }
}

extension TraceEmitter {
  /// Emits an initial parameter (`w` or `b` of phase `init`) or any other kind at epoch 0, step 0.
  fileprivate func emit(_ quantity: Quantity, layer: Int, sample: Int?, shape: TraceEvent.Shape, values: [Double]) {
    emit(TraceKind.of(quantity, in: .initialization), layer: layer, sample: sample, shape: shape, values: values)
  }

  fileprivate func emit(_ kind: TraceKind, layer: Int?, sample: Int?, shape: TraceEvent.Shape, values: [Double]) {
    values.withUnsafeBufferPointer { buffer in
      emit(kind: kind, layer: layer, sample: sample, shape: shape, values: buffer, epoch: 0, step: 0)
    }
  }
}
