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

  /// PyTorch's defaults.
  public static let defaultMomentum = OptimizerKind.momentum(beta: 0.9)
  /// PyTorch's defaults (`alpha` 0.99, `eps` 1e-8).
  public static let defaultRMSProp = OptimizerKind.rmsprop(rho: 0.99, epsilon: 1e-8)
  /// PyTorch's defaults.
  public static let defaultAdam = OptimizerKind.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
}
