import Foundation

/// The hyperbolic tangent and its derivative.
///
/// ```
/// tanh(z)  = (e^z − e^−z) / (e^z + e^−z)
/// tanh′(z) = 1 − tanh(z)²
/// ```
/// Its output lies in (−1, 1) and is centred on zero; its largest derivative
/// is 1, at z = 0, four times the sigmoid's. It saturates like the sigmoid for
/// large |z|.
public enum HyperbolicTangent {
  /// `tanh(z)`.
  @inlinable
  public static func value(_ z: Double) -> Double {
    tanh(z)
  }

  /// `tanh′(z) = 1 − a²` where `a = tanh(z)`.
  @inlinable
  public static func derivative(a: Double) -> Double {
    1 - a * a
  }
}
