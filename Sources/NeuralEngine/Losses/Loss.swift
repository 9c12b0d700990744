/// A per-sample loss `L(a, y)` between a network's outputs `a` and targets `y`.
///
/// The loss of a batch, and every gradient of a batch, is the mean over its samples.
public enum Loss: String, Sendable, CaseIterable {
  /// Mean over outputs of `(a − y)²`.
  case mse
  /// `½ Σ (a − y)²`.
  case sse
  /// `−Σ [y ln a + (1 − y) ln(1 − a)]`, for sigmoid outputs.
  case bce
  /// `−Σ y ln a`, for softmax outputs.
  case crossEntropy = "cross_entropy"

  /// The lesson-file name.
  public var name: String { rawValue }

  /// The loss of one sample.
  @inlinable
  public func value(a: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>) -> Double {
    switch self {
    case .mse: MeanSquaredError.value(a: a, y: y)
    case .sse: SumOfSquaredErrors.value(a: a, y: y)
    case .bce: BinaryCrossEntropy.value(a: a, y: y)
    case .crossEntropy: CrossEntropy.value(a: a, y: y)
    }
  }

  /// The loss of one sample of a network whose output layer has `activation`, `z` and `a`.
  ///
  /// Binary cross-entropy after a sigmoid and cross-entropy after a softmax are
  /// computed from `z` (softplus and log-sum-exp), exactly, with no clamp: so the
  /// loss, its `δ = a − y` and a finite-difference check of it agree however
  /// saturated the outputs. Every other pairing is ``value(a:y:)``.
  @inlinable
  public func value(
    activation: Activation, z: UnsafeBufferPointer<Double>, a: UnsafeBufferPointer<Double>,
    y: UnsafeBufferPointer<Double>
  ) -> Double {
    switch (self, activation) {
    case (.bce, .sigmoid): BinaryCrossEntropy.value(z: z, y: y)
    case (.crossEntropy, .softmax): CrossEntropy.value(z: z, y: y)
    default: value(a: a, y: y)
    }
  }

  /// `∂L/∂a` of one sample, written into `da`.
  @inlinable
  public func gradient(
    a: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>,
    into da: UnsafeMutableBufferPointer<Double>
  ) {
    switch self {
    case .mse: MeanSquaredError.gradient(a: a, y: y, into: da)
    case .sse: SumOfSquaredErrors.gradient(a: a, y: y, into: da)
    case .bce: BinaryCrossEntropy.gradient(a: a, y: y, into: da)
    case .crossEntropy: CrossEntropy.gradient(a: a, y: y, into: da)
    }
  }

  /// Whether `∂L/∂a × f′(z)` cancels to `a − y` for this output activation.
  ///
  /// Binary cross-entropy after a sigmoid, and cross-entropy after a softmax,
  /// have `δ = ∂L/∂z = a − y`: the `1/(a(1 − a))` of the loss meets the
  /// `a(1 − a)` of the sigmoid and both vanish. This is the seed's
  /// `dz2 = a2 - y`. Using the cancelled form is exact and avoids dividing by
  /// an `a` that has rounded to 0 or 1.
  public func cancels(with activation: Activation) -> Bool {
    switch (self, activation) {
    case (.bce, .sigmoid), (.crossEntropy, .softmax): true
    default: false
    }
  }

  /// `δ = ∂L/∂z` of the output layer for one sample.
  ///
  /// Where the loss ``cancels(with:)`` the activation this is `a − y`
  /// (for softmax, `a · Σy − y`, which is `a − y` when the targets sum to 1);
  /// otherwise the chain rule `∂L/∂a × f′(z)`, with `scratch` holding `∂L/∂a`.
  @inlinable
  public func outputDelta(
    activation: Activation, z: UnsafeBufferPointer<Double>, a: UnsafeBufferPointer<Double>,
    y: UnsafeBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<Double>,
    into delta: UnsafeMutableBufferPointer<Double>
  ) {
    switch (self, activation) {
    case (.bce, .sigmoid):
      for k in 0..<a.count { delta[k] = a[k] - y[k] }
    case (.crossEntropy, .softmax):
      var targetSum = 0.0
      for k in 0..<y.count { targetSum += y[k] }
      for k in 0..<a.count { delta[k] = a[k] * targetSum - y[k] }
    default:
      gradient(a: a, y: y, into: scratch)
      activation.backward(da: UnsafeBufferPointer(scratch), z: z, a: a, into: delta)
    }
  }
}
