/// Softmax over the units of a layer, and the product with its Jacobian.
///
/// ```
/// softmax(z)_i = e^(z_i − max z) / Σ_k e^(z_k − max z)
/// ∂a_i/∂z_k    = a_i · (1[i = k] − a_k)
/// ```
/// Subtracting the largest z changes nothing mathematically and keeps `e^z`
/// from overflowing. The outputs are positive and sum to 1: a probability for
/// each class. The exponential is the engine's fast one, ``Exponential``.
///
/// This is the engine's only softmax: a batch (``Activation``'s buffer form) runs the same three
/// steps, ``shift(_:to:)``, the exponentials, ``normalize(_:)``, with every row's exponentials
/// taken in one vectorised pass.
public enum Softmax {
  /// Writes `softmax(z)` into `a`, as the seed does: `ex = exp(z − max z); ex / ex.sum()`.
  @inlinable
  public static func apply(_ z: UnsafeBufferPointer<Double>, to a: UnsafeMutableBufferPointer<Double>) {
    shift(z, to: a)
    for k in 0..<a.count { a[k] = fastExp(a[k]) }
    normalize(a)
  }

  /// Writes `z − max z` into `a`.
  @inlinable
  public static func shift(_ z: UnsafeBufferPointer<Double>, to a: UnsafeMutableBufferPointer<Double>) {
    var largest = -Double.infinity
    for value in z where value > largest { largest = value }
    for k in 0..<z.count { a[k] = z[k] - largest }
  }

  /// Divides each of `e` by their sum, taken in order.
  @inlinable
  public static func normalize(_ e: UnsafeMutableBufferPointer<Double>) {
    var sum = 0.0
    for k in 0..<e.count { sum += e[k] }
    for k in 0..<e.count { e[k] /= sum }
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

  /// The diagonal of the Jacobian, `∂a_i/∂z_i = a_i · (1 − a_i)`: ``backward(da:a:into:)``
  /// with `da` the unit vector of `i`, taken for each `i` (the sum over `k` then is `a_i` exactly).
  public static func jacobianDiagonal(a: UnsafeBufferPointer<Double>) -> [Double] {
    var unit = [Double](repeating: 0, count: a.count)
    var column = [Double](repeating: 0, count: a.count)
    return (0..<a.count).map { i in
      unit[i] = 1
      unit.withUnsafeBufferPointer { da in
        column.withUnsafeMutableBufferPointer { dz in backward(da: da, a: a, into: dz) }
      }
      unit[i] = 0
      return column[i]
    }
  }
}
