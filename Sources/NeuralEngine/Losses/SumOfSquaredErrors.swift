/// Half the sum of squared errors over the outputs of one sample.
///
/// ```
/// L      = ½ Σ_i (a_i − y_i)²
/// ∂L/∂a_i = a_i − y_i
/// ```
/// The ½ is there so that the derivative has no factor 2; it is the loss of
/// most hand-worked backpropagation examples.
public enum SumOfSquaredErrors {
  /// `½ Σ (a − y)²`.
  @inlinable
  public static func value(a: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>) -> Double {
    var sum = 0.0
    for k in 0..<a.count {
      let e = a[k] - y[k]
      sum += e * e
    }
    return 0.5 * sum
  }

  /// `∂L/∂a = a − y`.
  @inlinable
  public static func gradient(
    a: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>,
    into da: UnsafeMutableBufferPointer<Double>
  ) {
    for k in 0..<a.count { da[k] = a[k] - y[k] }
  }
}
