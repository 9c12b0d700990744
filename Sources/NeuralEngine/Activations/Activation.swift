/// The function a layer applies to its pre-activations, `a = f(z)`.
///
/// Every case but `softmax` acts on each unit alone; `softmax` couples the units
/// of a layer, so its backward pass uses the whole Jacobian.
public enum Activation: Sendable, Hashable {
  /// `1 if z ≥ 0 else 0`, the perceptron's threshold.
  case step
  /// `f(z) = z`.
  case linear
  /// `σ(z) = 1 / (1 + e^−z)`.
  case sigmoid
  /// `tanh(z)`.
  case tanh
  /// `max(0, z)`.
  case relu
  /// `z if z > 0 else slope·z`.
  case leakyReLU(slope: Double)
  /// `e^z_i / Σ_k e^z_k`, over the units of the layer.
  case softmax

  /// The slope of `leaky_relu` when a lesson does not give one.
  public static let defaultLeakySlope = 0.01

  /// The lesson-file name: `step`, `linear`, `sigmoid`, `tanh`, `relu`, `leaky_relu`, `softmax`.
  public var name: String {
    switch self {
    case .step: "step"
    case .linear: "linear"
    case .sigmoid: "sigmoid"
    case .tanh: "tanh"
    case .relu: "relu"
    case .leakyReLU: "leaky_relu"
    case .softmax: "softmax"
    }
  }

  /// Every name a lesson file may use.
  public static let names = ["step", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"]

  /// The activation called `name`, or `nil` for an unknown name.
  public init?(name: String, slope: Double = Activation.defaultLeakySlope) {
    switch name {
    case "step": self = .step
    case "linear": self = .linear
    case "sigmoid": self = .sigmoid
    case "tanh": self = .tanh
    case "relu": self = .relu
    case "leaky_relu": self = .leakyReLU(slope: slope)
    case "softmax": self = .softmax
    default: return nil
    }
  }

  /// `f(z)` of one unit; for `softmax`, use ``apply(_:to:)`` on the whole layer.
  @inlinable
  public func value(_ z: Double) -> Double {
    switch self {
    case .step: Step.value(z)
    case .linear: z
    case .sigmoid: Sigmoid.value(z)
    case .tanh: HyperbolicTangent.value(z)
    case .relu: ReLU.value(z)
    case .leakyReLU(let slope): LeakyReLU.value(z, slope: slope)
    case .softmax: preconditionFailure("softmax acts on a whole layer; use apply(_:to:)")
    }
  }

  /// `f′(z)` of one unit, given its `z` and `a = f(z)`; not defined for `softmax`.
  @inlinable
  public func derivative(z: Double, a: Double) -> Double {
    switch self {
    case .step: Step.derivative(z)
    case .linear: 1
    case .sigmoid: Sigmoid.derivative(a: a)
    case .tanh: HyperbolicTangent.derivative(a: a)
    case .relu: ReLU.derivative(z)
    case .leakyReLU(let slope): LeakyReLU.derivative(z, slope: slope)
    case .softmax: preconditionFailure("softmax has a Jacobian, not a derivative per unit")
    }
  }

  /// Applies `f` to one row of pre-activations.
  @inlinable
  public func apply(_ z: UnsafeBufferPointer<Double>, to a: UnsafeMutableBufferPointer<Double>) {
    if case .softmax = self {
      Softmax.apply(z, to: a)
      return
    }
    for k in 0..<z.count { a[k] = value(z[k]) }
  }

  /// The chain rule through the activation for one row: `dz = da ⊙ f′(z)`.
  ///
  /// For `softmax` the units are coupled and
  /// `dz_i = a_i · (da_i − Σ_k da_k a_k)`.
  @inlinable
  public func backward(
    da: UnsafeBufferPointer<Double>, z: UnsafeBufferPointer<Double>,
    a: UnsafeBufferPointer<Double>, into dz: UnsafeMutableBufferPointer<Double>
  ) {
    if case .softmax = self {
      Softmax.backward(da: da, a: a, into: dz)
      return
    }
    for k in 0..<dz.count { dz[k] = da[k] * derivative(z: z[k], a: a[k]) }
  }
}
