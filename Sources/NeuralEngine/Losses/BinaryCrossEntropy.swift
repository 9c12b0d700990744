import Foundation

/// Binary cross-entropy of sigmoid outputs, summed over the outputs of one sample.
///
/// ```
/// L      = −Σ_i [y_i ln a_i + (1 − y_i) ln(1 − a_i)]
/// ∂L/∂a_i = (a_i − y_i) / (a_i (1 − a_i))
/// ```
/// A network computes it from the output layer's pre-activations,
/// ``value(z:y:)``: with `a = σ(z)`, `−ln a = softplus(−z)` and
/// `−ln(1 − a) = softplus(z)`, exact however saturated the unit (z = 50 with
/// target 0 gives 50, where ln(1 − a) of the rounded `a = 1` would be −∞).
/// ``value(a:y:)``, from the outputs alone, clamps each logarithm at −100 as
/// PyTorch's `BCELoss` does; it is what is left when only `a` is known. A term
/// whose coefficient is 0 contributes 0. The gradient is infinite or NaN where
/// `a` is exactly 0 or 1; training never uses it there, because after a sigmoid
/// the product with `σ′` cancels to `a − y` (see ``Loss/cancels(with:)``).
public enum BinaryCrossEntropy {
  /// `Σ [y softplus(−z) + (1 − y) softplus(z)]`: the loss of `a = σ(z)`, without a clamp.
  @inlinable
  public static func value(z: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>) -> Double {
    var sum = 0.0
    for k in 0..<z.count {
      if y[k] != 0 { sum += y[k] * softplus(-z[k]) }
      if y[k] != 1 { sum += (1 - y[k]) * softplus(z[k]) }
    }
    return sum
  }

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

/// `softplus(x) = ln(1 + eˣ)`, written `max(x, 0) + ln(1 + e^−|x|)` so that it neither overflows
/// nor loses the small term: softplus(50) = 50 + 1.9e−22, softplus(−50) = 1.9e−22.
@inlinable @usableFromInline
func softplus(_ x: Double) -> Double {
  Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
}

/// `ln x`, but never below −100 (PyTorch's clamp in its cross-entropy losses).
@inlinable @usableFromInline
func clampedLog(_ x: Double) -> Double {
  Swift.max(log(x), -100)
}
