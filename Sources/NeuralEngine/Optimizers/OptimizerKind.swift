/// An update rule with its hyper-parameters, as PyTorch defines it.
///
/// With `g` the batch gradient of a parameter `w` and `lr` the learning rate:
/// ```
/// sgd:      w ← w − lr·g
/// momentum: v ← β·v + g;                    w ← w − lr·v
/// rmsprop:  s ← ρ·s + (1 − ρ)·g²;           w ← w − lr·g / (√s + ε)
/// adam:     m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²
///           m̂ = m / (1 − β₁ᵗ);      v̂ = v / (1 − β₂ᵗ);   w ← w − lr·m̂ / (√v̂ + ε)
/// ```
/// State starts at zero; `t` counts steps from 1.
public enum OptimizerKind: Sendable, Hashable {
  /// Plain gradient descent.
  case sgd
  /// Gradient descent with a velocity (PyTorch's SGD with momentum, no dampening).
  case momentum(beta: Double)
  /// Divides by a running root mean square of the gradient.
  case rmsprop(rho: Double, epsilon: Double)
  /// Momentum and RMSprop together, with bias correction.
  case adam(beta1: Double, beta2: Double, epsilon: Double)

  /// The lesson-file name.
  public var name: String {
    switch self {
    case .sgd: "sgd"
    case .momentum: "momentum"
    case .rmsprop: "rmsprop"
    case .adam: "adam"
    }
  }

  /// Every name a lesson file may use.
  public static let names = ["sgd", "momentum", "rmsprop", "adam"]

  /// Momentum's β and Adam's β₁ when a lesson does not give them (PyTorch's default).
  public static let defaultBeta = 0.9
  /// RMSprop's ρ when a lesson does not give it (PyTorch's `alpha`).
  public static let defaultRho = 0.99
  /// Adam's β₂ when a lesson does not give it (PyTorch's default).
  public static let defaultBeta2 = 0.999
  /// RMSprop's and Adam's ε when a lesson does not give it (PyTorch's default).
  public static let defaultEpsilon = 1e-8

  /// Momentum with PyTorch's defaults.
  public static let defaultMomentum = OptimizerKind.momentum(beta: defaultBeta)
  /// RMSprop with PyTorch's defaults (`alpha` 0.99, `eps` 1e-8).
  public static let defaultRMSProp = OptimizerKind.rmsprop(rho: defaultRho, epsilon: defaultEpsilon)
  /// Adam with PyTorch's defaults.
  public static let defaultAdam = OptimizerKind.adam(beta1: defaultBeta, beta2: defaultBeta2, epsilon: defaultEpsilon)
}
