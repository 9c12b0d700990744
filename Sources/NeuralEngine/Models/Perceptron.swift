/// Rosenblatt's perceptron, exactly as the seed writes it.
///
/// ```
/// z = x·w + b                  (summed left to right, then b)
/// ŷ = 1 if z ≥ 0 else 0
/// update = lr · (y − ŷ)
/// w ← w + update · x,   b ← b + update
/// ```
/// One update per sample, in data order. Its predictions turn on exact
/// comparisons with zero, so the arithmetic follows the seed's operation by
/// operation: `update` is formed first, then multiplied by each input.
public struct Perceptron: Sendable, Equatable {
  /// One weight per input.
  public var weights: [Double]
  /// The bias.
  public var bias: Double
  /// The learning rate `lr` (the seed's default is 0.01).
  public let learningRate: Double

  /// A perceptron with the given parameters (the seed starts from zeros).
  public init(weights: [Double], bias: Double = 0, learningRate: Double = 0.01) {
    self.weights = weights
    self.bias = bias
    self.learningRate = learningRate
  }

  /// `z = x·w + b`, summed left to right as `np.dot` does for these sizes, then the bias.
  public func preActivation(_ x: ArraySlice<Double>) -> Double {
    var sum = 0.0
    for (xv, wv) in zip(x, weights) { sum += xv * wv }
    return sum + bias
  }

  /// `ŷ = step(z)`.
  public func predict(_ x: ArraySlice<Double>) -> Double {
    Step.value(preActivation(x))
  }

  /// Trains on `inputs` (one sample per row) with targets 0 or 1.
  ///
  /// Each sample is one step. The observer sees `x`, `z`, `a` (= ŷ), `y`, `error`,
  /// then `dw`, `w`, `db`, `b`; `stepDidEnd` reports the sample's error.
  /// - Returns: how training ended; `finalLoss` is the number of mistakes in the last epoch.
  public mutating func train(
    inputs: Matrix, targets: [Double], epochs: Int, observer: TrainingObserver?,
    shouldStop: () -> Bool = { false }
  ) -> TrainingOutcome {
    precondition(inputs.cols == weights.count, "\(inputs.cols) inputs but \(weights.count) weights")
    precondition(inputs.rows == targets.count, "\(inputs.rows) samples but \(targets.count) targets")
    let start = StepPosition(epoch: 0, step: 0)
    observer?.observe(
      .w, phase: .initialization, layer: 1, values: Matrix(rows: weights.count, cols: 1, storage: weights),
      samples: nil, at: start)
    observer?.observe(
      .b, phase: .initialization, layer: 1, values: Matrix(rows: 1, cols: 1, storage: [bias]), samples: nil, at: start)
    var step = 0
    var mistakes = 0.0
    for epoch in 0..<epochs {
      mistakes = 0
      for index in 0..<inputs.rows {
        if shouldStop() {
          return TrainingOutcome(status: .interrupted, steps: step, epochs: epoch, finalLoss: nil)
        }
        let position = StepPosition(epoch: epoch, step: step)
        let x = inputs.storage[(index * inputs.cols)..<((index + 1) * inputs.cols)]
        let z = preActivation(x)
        let prediction = Step.value(z)
        let error = targets[index] - prediction
        let update = learningRate * error
        let oldWeights = weights
        let oldBias = bias
        for k in 0..<weights.count { weights[k] += update * x[x.startIndex + k] }
        bias += update
        if error != 0 { mistakes += 1 }

        if let observer {
          let sample = [index]
          func row(_ values: [Double]) -> Matrix { Matrix(rows: 1, cols: values.count, storage: values) }
          observer.observe(.x, phase: .forward, layer: 0, values: row(Array(x)), samples: sample, at: position)
          observer.observe(.z, phase: .forward, layer: 1, values: row([z]), samples: sample, at: position)
          observer.observe(.a, phase: .forward, layer: 1, values: row([prediction]), samples: sample, at: position)
          observer.observe(.y, phase: .loss, layer: 1, values: row([targets[index]]), samples: sample, at: position)
          observer.observe(.error, phase: .backward, layer: 1, values: row([error]), samples: sample, at: position)
          let dw = zip(weights, oldWeights).map { $0 - $1 }
          observer.observe(
            .dw, phase: .update, layer: 1, values: Matrix(rows: dw.count, cols: 1, storage: dw), samples: nil,
            at: position)
          observer.observe(
            .w, phase: .update, layer: 1, values: Matrix(rows: weights.count, cols: 1, storage: weights), samples: nil,
            at: position)
          observer.observe(.db, phase: .update, layer: 1, values: row([bias - oldBias]), samples: nil, at: position)
          observer.observe(.b, phase: .update, layer: 1, values: row([bias]), samples: nil, at: position)
          observer.stepDidEnd(at: position, loss: abs(error))
        }
        if !(z.isFinite && bias.isFinite && weights.allSatisfy(\.isFinite)) {
          let divergence = Divergence(
            position: position, quantity: z.isFinite ? .w : .z, layer: 1,
            value: z.isFinite ? (weights.first { !$0.isFinite } ?? bias) : z)
          return TrainingOutcome(status: .diverged(divergence), steps: step, epochs: epoch, finalLoss: nil)
        }
        step += 1
      }
    }
    return TrainingOutcome(status: .completed, steps: step, epochs: epochs, finalLoss: mistakes)
  }
}
