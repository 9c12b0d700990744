/// Cross-entropy of softmax outputs against target probabilities, for one sample.
///
/// ```
/// L      = −Σ_i y_i ln a_i
/// ∂L/∂a_i = −y_i / a_i
/// ```
/// With one-hot targets this is `−ln` of the probability given to the right
/// class. Logarithms are clamped at −100 as in PyTorch; terms with `y_i = 0`
/// contribute 0. After a softmax, `∂L/∂z` cancels to `a − y`
/// (see ``Loss/cancels(with:)``).
public enum CrossEntropy {
  /// `−Σ y ln a`, logarithms clamped at −100.
  @inlinable
  public static func value(a: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>) -> Double {
    var sum = 0.0
    for k in 0..<a.count where y[k] != 0 {
      sum += y[k] * clampedLog(a[k])
    }
    return -sum
  }

  /// `∂L/∂a = −y / a`.
  @inlinable
  public static func gradient(
    a: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>,
    into da: UnsafeMutableBufferPointer<Double>
  ) {
    for k in 0..<a.count { da[k] = -y[k] / a[k] }
  }
}
