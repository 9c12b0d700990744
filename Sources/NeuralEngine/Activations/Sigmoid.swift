/// The logistic sigmoid and its derivative.
///
/// ```
/// σ(z)  = 1 / (1 + e^−z)
/// σ′(z) = σ(z) · (1 − σ(z))
/// ```
/// Its output lies in (0, 1). For |z| beyond about 5 the curve is flat and
/// σ′ falls below 0.007: the gradient through a saturated unit vanishes.
/// Its largest derivative is 0.25, at z = 0, so every sigmoid layer at least
/// quarters the gradient passing back through it.
/// Large negative z overflows `e^−z` to infinity and gives exactly 0; NaN stays NaN.
/// `fastExp` is the engine's own ``Exponential``, within one unit in the last place
/// of the C library's `exp`, and vectorisable: a layer's sigmoids run eight at a time.
public enum Sigmoid {
  /// `σ(z) = 1 / (1 + e^−z)`, written as the seed writes it, with the engine's fast `e^x`.
  @inlinable
  public static func value(_ z: Double) -> Double {
    1 / (1 + fastExp(-z))
  }

  /// `σ′(z) = a · (1 − a)` where `a = σ(z)`.
  @inlinable
  public static func derivative(a: Double) -> Double {
    a * (1 - a)
  }
}
