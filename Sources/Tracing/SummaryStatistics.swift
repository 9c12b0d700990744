/// The statistics `--capture summary` records, as plain functions over a layer's values.
///
/// NaN in the input gives NaN (stored as NULL); values beyond about 1e154
/// overflow the sums of squares to +∞, as training that far gone would anyway.
public enum SummaryStatistics {
  /// A sigmoid unit is saturated when its output is within this of 0 or 1; a tanh unit, of −1 or 1.
  public static let saturationMargin = 0.01

  /// The Euclidean (Frobenius, for a matrix) norm.
  ///
  /// ```
  /// ‖v‖ = √(Σₖ vₖ²)
  /// ```
  public static func norm(_ values: UnsafeBufferPointer<Double>) -> Double {
    sum(values, minus: 0, squared: true).squareRoot()
  }

  /// `Σ (vₖ − shift)` or `Σ (vₖ − shift)²`, eight lanes at a time.
  ///
  /// Independent partial sums let the loop run at memory speed instead of
  /// waiting on each addition; the lanes are added together at the end.
  static func sum(_ values: UnsafeBufferPointer<Double>, minus shift: Double = 0, squared: Bool = false) -> Double {
    guard let base = values.baseAddress else { return 0 }
    let raw = UnsafeRawPointer(base)
    let offset = SIMD8<Double>(repeating: shift)
    let whole = values.count & ~7
    var lanes = SIMD8<Double>()
    if squared {
      for k in stride(from: 0, to: whole, by: 8) {
        let d = raw.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Double>.self) - offset
        lanes += d * d
      }
    } else {
      for k in stride(from: 0, to: whole, by: 8) {
        lanes += raw.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Double>.self) - offset
      }
    }
    var total = lanes.sum()
    for k in whole..<values.count {
      let d = values[k] - shift
      total += squared ? d * d : d
    }
    return total
  }

  /// The mean and the population standard deviation, in two passes for accuracy.
  ///
  /// ```
  /// mean = Σₖ vₖ / n        std = √(Σₖ (vₖ − mean)² / n)
  /// ```
  /// - Returns: NaN for both when `values` is empty.
  public static func meanAndDeviation(_ values: UnsafeBufferPointer<Double>) -> (mean: Double, deviation: Double) {
    guard !values.isEmpty else { return (.nan, .nan) }
    let mean = sum(values) / Double(values.count)
    let squares = sum(values, minus: mean, squared: true)
    return (mean, (squares / Double(values.count)).squareRoot())
  }

  /// The share of activations in a flat tail, where the derivative nearly vanishes.
  ///
  /// ```
  /// sigmoid:  a < 0.01  or  a > 0.99      (σ′ = a(1 − a) < 0.0099)
  /// tanh:     |a| > 0.99                  (tanh′ = 1 − a² < 0.0199)
  /// ```
  /// - Returns: a number in [0, 1], or `nil` for other activations.
  public static func saturatedShare(_ values: UnsafeBufferPointer<Double>, activation: String) -> Double? {
    guard !values.isEmpty else { return nil }
    let margin = saturationMargin
    var count = 0
    switch activation {
    case "sigmoid":
      for a in values where a < margin || a > 1 - margin { count += 1 }
    case "tanh":
      for a in values where abs(a) > 1 - margin { count += 1 }
    default:
      return nil
    }
    return Double(count) / Double(values.count)
  }

  /// The share of ReLU units that are dead for a whole batch: `a = 0` (so `z ≤ 0`) for every sample.
  ///
  /// A dead unit passes no gradient back (ReLU′ = 0 for z ≤ 0), so its incoming
  /// weights stop learning.
  /// - Parameters:
  ///   - values: the batch's activations, one row per sample, `units` columns.
  ///   - units: units in the layer.
  /// - Returns: a number in [0, 1].
  public static func deadShare(_ values: UnsafeBufferPointer<Double>, units: Int) -> Double {
    guard units > 0, !values.isEmpty else { return .nan }
    let rows = values.count / units
    var dead = 0
    for i in 0..<units {
      var alive = false
      for r in 0..<rows where values[r * units + i] != 0 {
        alive = true
        break
      }
      if !alive { dead += 1 }
    }
    return Double(dead) / Double(units)
  }
}
