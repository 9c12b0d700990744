/// Softmax over the units of a layer, and the product with its Jacobian.
///
/// ```
/// softmax(z)_i = e^(z_i − max z) / Σ_k e^(z_k − max z)
/// ∂a_i/∂z_k    = a_i · (1[i = k] − a_k)
/// ```
/// Subtracting the largest z changes nothing mathematically and keeps `e^z`
/// from overflowing. The outputs are positive and sum to 1: a probability for
/// each class. `exp` is the engine's own ``Exponential``.
public enum Softmax {
  /// Writes `softmax(z)` into `a`, as the seed does: `ex = exp(z − max z); ex / ex.sum()`.
  @inlinable
  public static func apply(_ z: UnsafeBufferPointer<Double>, to a: UnsafeMutableBufferPointer<Double>) {
    var largest = -Double.infinity
    for value in z where value > largest { largest = value }
    var sum = 0.0
    for k in 0..<z.count {
      a[k] = exp(z[k] - largest)
      sum += a[k]
    }
    for k in 0..<z.count { a[k] /= sum }
  }

  /// The chain rule through softmax: `dz_i = a_i · (da_i − Σ_k da_k · a_k)`.
  @inlinable
  public static func backward(
    da: UnsafeBufferPointer<Double>, a: UnsafeBufferPointer<Double>,
    into dz: UnsafeMutableBufferPointer<Double>
  ) {
    var dot = 0.0
    for k in 0..<a.count { dot += da[k] * a[k] }
    for k in 0..<a.count { dz[k] = a[k] * (da[k] - dot) }
  }
}
