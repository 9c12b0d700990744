/// Mean squared error over the outputs of one sample.
///
/// ```
/// L      = (1/n) Σ_i (a_i − y_i)²
/// ∂L/∂a_i = 2 (a_i − y_i) / n
/// ```
/// NaN or infinity in `a` gives a NaN or infinite loss.
public enum MeanSquaredError {
  /// `(1/n) Σ (a − y)²`.
  @inlinable
  public static func value(a: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>) -> Double {
    var sum = 0.0
    for k in 0..<a.count {
      let e = a[k] - y[k]
      sum += e * e
    }
    return sum / Double(a.count)
  }

  /// `∂L/∂a = 2 (a − y) / n`.
  @inlinable
  public static func gradient(
    a: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>,
    into da: UnsafeMutableBufferPointer<Double>
  ) {
    let n = Double(a.count)
    for k in 0..<a.count { da[k] = 2 * (a[k] - y[k]) / n }
  }
}
