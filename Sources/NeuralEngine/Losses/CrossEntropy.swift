import Foundation

/// Cross-entropy of softmax outputs against target probabilities, for one sample.
///
/// ```
/// L      = −Σ_i y_i ln a_i
/// ∂L/∂a_i = −y_i / a_i
/// ```
/// With one-hot targets this is `−ln` of the probability given to the right
/// class. A network computes it from the output layer's pre-activations,
/// ``value(z:y:)``: `−ln a_i = lse(z) − z_i` with the log-sum-exp
/// `lse(z) = max z + ln Σ_k e^(z_k − max z)`, exact however large the logits
/// (logits (800, −800) with the target on the second give 1600). ``value(a:y:)``,
/// from the probabilities alone, clamps each logarithm at −100 as PyTorch's
/// `NLLLoss` of a clamped log does. Terms with `y_i = 0` contribute 0. After a
/// softmax, `∂L/∂z` cancels to `a − y` (see ``Loss/cancels(with:)``).
public enum CrossEntropy {
  /// `Σ y_i (lse(z) − z_i)`: the loss of `a = softmax(z)`, without a clamp.
  @inlinable
  public static func value(z: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>) -> Double {
    var largest = -Double.infinity
    for value in z where value > largest { largest = value }
    var sum = 0.0
    for value in z { sum += Foundation.exp(value - largest) }
    let logSumExp = largest + Foundation.log(sum)
    var loss = 0.0
    for k in 0..<z.count where y[k] != 0 { loss += y[k] * (logSumExp - z[k]) }
    return loss
  }

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
