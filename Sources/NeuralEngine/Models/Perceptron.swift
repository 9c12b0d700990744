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
  /// Each sample is one step. The observer is offered `x`, `z`, `a` (= ŷ), `y`, `error`,
  /// then `dw`, `w`, `db`, `b`; `stepDidEnd` reports the sample's error.
  /// - Returns: how training ended; `finalLoss` is the number of mistakes in the last epoch.
  public mutating func train(
    inputs: Matrix, targets: [Double], epochs: Int, observer: TrainingObserver?,
    shouldStop: () -> Bool = { false }
  ) -> TrainingOutcome {
    precondition(inputs.cols == weights.count, "\(inputs.cols) inputs but \(weights.count) weights")
    precondition(inputs.rows == targets.count, "\(inputs.rows) samples but \(targets.count) targets")
    observer?.trainingWillStart(
      StepValues(
        position: StepPosition(epoch: 0, step: 0), samples: [],
        values: [
          (StepValue(.w, phase: .initialization, layer: 1, perSample: false), column(weights)),
          (StepValue(.b, phase: .initialization, layer: 1, perSample: false), row([bias])),
        ]))
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
          let interest = observer.interest(at: position)
          if !interest.isEmpty {
            func value(_ quantity: Quantity, _ phase: Phase, layer: Int, perSample: Bool = true) -> StepValue {
              StepValue(quantity, phase: phase, layer: layer, perSample: perSample)
            }
            let values: [(StepValue, Matrix)] = [
              (value(.x, .forward, layer: 0), row(Array(x))),
              (value(.z, .forward, layer: 1), row([z])),
              (value(.a, .forward, layer: 1), row([prediction])),
              (value(.y, .loss, layer: 1), row([targets[index]])),
              (value(.error, .backward, layer: 1), row([error])),
              (value(.dw, .update, layer: 1, perSample: false), column(zip(weights, oldWeights).map { $0 - $1 })),
              (value(.w, .update, layer: 1, perSample: false), column(weights)),
              (value(.db, .update, layer: 1, perSample: false), row([bias - oldBias])),
              (value(.b, .update, layer: 1, perSample: false), row([bias])),
            ]
            observer.observe(StepValues(position: position, samples: [index], values: values, interest: interest))
          }
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

/// One row of values.
private func row(_ values: [Double]) -> Matrix { Matrix(rows: 1, cols: values.count, storage: values) }

/// One column of values: the perceptron's weights, one per input.
private func column(_ values: [Double]) -> Matrix { Matrix(rows: values.count, cols: 1, storage: values) }
