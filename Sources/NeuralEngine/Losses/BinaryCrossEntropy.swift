import Foundation

/// Binary cross-entropy of sigmoid outputs, summed over the outputs of one sample.
///
/// ```
/// L      = −Σ_i [y_i ln a_i + (1 − y_i) ln(1 − a_i)]
/// ∂L/∂a_i = (a_i − y_i) / (a_i (1 − a_i))
/// ```
/// As in PyTorch, each logarithm is clamped at −100, so an output that has
/// rounded to exactly 0 or 1 gives a large finite loss instead of infinity; a
/// term whose coefficient is 0 contributes 0. The gradient is infinite or NaN
/// where `a` is exactly 0 or 1; training never uses it there, because after a
/// sigmoid the product with `σ′` cancels to `a − y` (see ``Loss/cancels(with:)``).
public enum BinaryCrossEntropy {
  /// `−Σ [y ln a + (1 − y) ln(1 − a)]`, logarithms clamped at −100.
  @inlinable
  public static func value(a: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>) -> Double {
    var sum = 0.0
    for k in 0..<a.count {
      if y[k] != 0 { sum += y[k] * clampedLog(a[k]) }
      if y[k] != 1 { sum += (1 - y[k]) * clampedLog(1 - a[k]) }
    }
    return -sum
  }

  /// `∂L/∂a = (a − y) / (a (1 − a))`.
  @inlinable
  public static func gradient(
    a: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>,
    into da: UnsafeMutableBufferPointer<Double>
  ) {
    for k in 0..<a.count { da[k] = (a[k] - y[k]) / (a[k] * (1 - a[k])) }
  }
}

/// `ln x`, but never below −100 (PyTorch's clamp in its cross-entropy losses).
@inlinable @usableFromInline
func clampedLog(_ x: Double) -> Double {
  Swift.max(log(x), -100)
}
