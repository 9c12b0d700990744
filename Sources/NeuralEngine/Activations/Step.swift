/// The perceptron's threshold function.
///
/// ```
/// step(z)  = 1 if z ≥ 0 else 0
/// step′(z) = 0   (undefined at z = 0)
/// ```
/// Its derivative is zero wherever it exists, so no gradient can pass through
/// it: the perceptron learns by its own rule, not by gradient descent.
/// NaN compares false and gives 0.
public enum Step {
  /// 1 if `z ≥ 0`, else 0.
  @inlinable
  public static func value(_ z: Double) -> Double {
    z >= 0 ? 1 : 0
  }

  /// 0 everywhere.
  @inlinable
  public static func derivative(_ z: Double) -> Double {
    0
  }
}
