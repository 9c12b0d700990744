import NeuralEngine
import Tracing

/// Backpropagation's gradients of one batch next to central finite differences of the loss.
///
/// ```
/// numeric ∂L/∂w ≈ (L(w + h) − L(w − h)) / 2h,   h = 1e-5
/// relative error = |analytic − numeric| / max(|analytic|, |numeric|, 1e-8)
/// ```
/// The truncation error of central differences is O(h²) and the rounding
/// error about ε·L/h, so agreement to about 1e-8 is what a correct gradient shows.
struct GradientCheck {
  static let step = 1e-5

  let analytic: [(weights: Matrix, bias: [Double])]
  let numeric: [(weights: Matrix, bias: [Double])]

  /// Computes both for `network`'s current parameters on `batch`.
  init(network: MLP, batch: (inputs: Matrix, targets: Matrix)) {
    analytic = network.gradients(inputs: batch.inputs, targets: batch.targets)
    var probe = network
    func difference(_ change: (inout MLP, Double) -> Void) -> Double {
      change(&probe, Self.step)
      let plus = probe.meanLoss(inputs: batch.inputs, targets: batch.targets)
      change(&probe, -2 * Self.step)
      let minus = probe.meanLoss(inputs: batch.inputs, targets: batch.targets)
      change(&probe, Self.step)
      return (plus - minus) / (2 * Self.step)
    }
    var numeric: [(Matrix, [Double])] = []
    for l in 0..<network.layers.count {
      var w = network.layers[l].weights
      for k in 0..<w.storage.count {
        let original = network.layers[l].weights.storage[k]
        w.storage[k] = difference { model, h in model.layers[l].weights.storage[k] += h }
        probe.layers[l].weights.storage[k] = original
      }
      var b = network.layers[l].bias
      for k in 0..<b.count {
        let original = network.layers[l].bias[k]
        b[k] = difference { model, h in model.layers[l].bias[k] += h }
        probe.layers[l].bias[k] = original
      }
      numeric.append((w, b))
    }
    self.numeric = numeric
  }

  static func relativeError(_ a: Double, _ n: Double) -> Double {
    abs(a - n) / max(abs(a), abs(n), 1e-8)
  }

  /// Records the numeric gradients and the relative errors, layer by layer.
  func record(into recorder: CaptureObserver, at position: StepPosition) {
    guard let numericW = TraceKind.named("numeric_grad_w", in: .backward),
      let numericB = TraceKind.named("numeric_grad_b", in: .backward),
      let errorW = TraceKind.named("grad_check_w", in: .backward),
      let errorB = TraceKind.named("grad_check_b", in: .backward)
    else { return }
    for l in 0..<numeric.count {
      let layer = l + 1
      let units = numeric[l].weights.cols
      recorder.record(
        numericW, layer: layer, sample: nil, shape: .matrix(cols: units), values: numeric[l].weights.storage,
        at: position)
      recorder.record(
        errorW, layer: layer, sample: nil, shape: .matrix(cols: units),
        values: zip(analytic[l].weights.storage, numeric[l].weights.storage).map(Self.relativeError), at: position)
      recorder.record(numericB, layer: layer, sample: nil, shape: .vector, values: numeric[l].bias, at: position)
      recorder.record(
        errorB, layer: layer, sample: nil, shape: .vector,
        values: zip(analytic[l].bias, numeric[l].bias).map(Self.relativeError), at: position)
    }
  }
}
