import NeuralEngine
import Tracing

/// A lesson that trains nothing (`model: activation`): one activation function evaluated at each
/// input row, with its derivative, through the engine's own functions.
struct ActivationLesson {
  /// The function looked at.
  let activation: Activation
  /// One row of pre-activations `z` per sample.
  let inputs: Matrix

  /// Records `x` and `z` (the inputs), `a = f(z)` and `f′(z)` as one step; for softmax, whose units
  /// are coupled, `f′` is the diagonal of its Jacobian, `∂a_i/∂z_i = a_i (1 − a_i)`.
  func run(recorder: CaptureObserver?) -> TrainingOutcome {
    let position = StepPosition(epoch: 0, step: 0)
    let z = inputs
    var a = Matrix(rows: z.rows, cols: z.cols)
    var derivative = Matrix(rows: z.rows, cols: z.cols)
    for r in 0..<z.rows {
      let zRow = z.row(r)
      var aRow = Array(repeating: 0.0, count: z.cols)
      zRow.withUnsafeBufferPointer { zb in
        aRow.withUnsafeMutableBufferPointer { ab in activation.apply(zb, to: ab) }
      }
      let slopes =
        activation == .softmax
        ? aRow.withUnsafeBufferPointer { Softmax.jacobianDiagonal(a: $0) }
        : (0..<z.cols).map { activation.derivative(z: zRow[$0], a: aRow[$0]) }
      for c in 0..<z.cols {
        a[r, c] = aRow[c]
        derivative[r, c] = slopes[c]
      }
    }
    if let recorder {
      let samples = Array(0..<z.rows)
      let values: [(StepValue, Matrix)] = [
        (StepValue(.x, phase: .forward, layer: 0, perSample: true), z),
        (StepValue(.z, phase: .forward, layer: 1, perSample: true), z),
        (StepValue(.a, phase: .forward, layer: 1, perSample: true), a),
      ]
      let interest = recorder.interest(at: position)
      if !interest.isEmpty {
        recorder.observe(StepValues(position: position, samples: samples, values: values, interest: interest))
      }
      for r in 0..<z.rows {
        recorder.record(.derivative, layer: 1, sample: r, shape: .vector, values: derivative.row(r), at: position)
      }
      recorder.stepDidEnd(at: position, loss: 0)
    }
    return TrainingOutcome(status: .completed, steps: 1, epochs: 1, finalLoss: nil)
  }
}
