import NeuralEngine

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

  /// The mean and the population standard deviation.
  ///
  /// ```
  /// mean = Σₖ vₖ / n        std = √(Σₖ (vₖ − mean)² / n)
  /// ```
  /// - Returns: NaN for both when `values` is empty.
  public static func meanAndDeviation(_ values: UnsafeBufferPointer<Double>) -> (mean: Double, deviation: Double) {
    let summary = activations(values, activation: nil)
    return (summary.mean, summary.deviation)
  }

  /// The share of activations in a flat tail, where the derivative nearly vanishes.
  ///
  /// ```
  /// sigmoid:  a < 0.01  or  a > 0.99      (σ′ = a(1 − a) < 0.0099)
  /// tanh:     |a| > 0.99                  (tanh′ = 1 − a² < 0.0199)
  /// ```
  /// - Returns: a number in [0, 1], or `nil` for other activations.
  public static func saturatedShare(_ values: UnsafeBufferPointer<Double>, activation: Activation?) -> Double? {
    activations(values, activation: activation).saturatedShare
  }

  /// Mean, spread and saturated share of a layer's activations, in one pass eight lanes at a time.
  ///
  /// The spread uses the shifted-data formula, with the first value as the shift:
  /// ```
  /// dₖ = vₖ − v₀      var = (Σ dₖ² − (Σ dₖ)² / n) / n
  /// ```
  /// which loses no accuracy to cancellation as long as v₀ lies within a few
  /// standard deviations of the mean, as an activation does.
  /// - Returns: NaN mean and deviation for no values; a saturated share only for sigmoid and tanh.
  public static func activations(_ values: UnsafeBufferPointer<Double>, activation: Activation?) -> (
    mean: Double, deviation: Double, saturatedShare: Double?
  ) {
    guard let base = values.baseAddress, !values.isEmpty else {
      return (.nan, .nan, nil)
    }
    let n = values.count
    let shift = values[0]
    let low = saturationMargin
    let high = 1 - saturationMargin
    let raw = UnsafeRawPointer(base)
    let offset = SIMD8<Double>(repeating: shift)
    var sum = SIMD8<Double>()
    var squares = SIMD8<Double>()
    var saturated = SIMD8<Double>()
    let one = SIMD8<Double>(repeating: 1)
    let whole = n & ~7
    switch activation {
    case .sigmoid:
      for k in stride(from: 0, to: whole, by: 8) {
        let a = raw.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Double>.self)
        let d = a - offset
        sum += d
        squares += d * d
        saturated.replace(with: saturated + one, where: (a .< low) .| (a .> high))
      }
    case .tanh:
      for k in stride(from: 0, to: whole, by: 8) {
        let a = raw.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Double>.self)
        let d = a - offset
        sum += d
        squares += d * d
        saturated.replace(with: saturated + one, where: (a .< -high) .| (a .> high))
      }
    default:
      for k in stride(from: 0, to: whole, by: 8) {
        let d = raw.loadUnaligned(fromByteOffset: k &* 8, as: SIMD8<Double>.self) - offset
        sum += d
        squares += d * d
      }
    }
    var total = sum.sum()
    var totalSquares = squares.sum()
    var count = saturated.sum()
    for k in whole..<n {
      let a = values[k]
      let d = a - shift
      total += d
      totalSquares += d * d
      switch activation {
      case .sigmoid where a < low || a > high: count += 1
      case .tanh where abs(a) > high: count += 1
      default: break
      }
    }
    let size = Double(n)
    let unclamped = (totalSquares - total * total / size) / size
    let variance = unclamped.isNaN ? unclamped : Swift.max(0, unclamped)
    let share: Double? = activation == .sigmoid || activation == .tanh ? count / size : nil
    return (shift + total / size, variance.squareRoot(), share)
  }

  /// The share of ReLU units that are dead for a whole batch: `a = 0` (so `z ≤ 0`) for every sample.
  ///
  /// A dead unit passes no gradient back (ReLU′ = 0 for z ≤ 0), so its incoming
  /// weights stop learning. The batch is read row by row, as it lies in memory.
  /// - Parameters:
  ///   - values: the batch's activations, one row per sample, `units` columns.
  ///   - units: units in the layer.
  /// - Returns: a number in [0, 1]; NaN for no values.
  public static func deadShare(_ values: UnsafeBufferPointer<Double>, units: Int) -> Double {
    guard units > 0, !values.isEmpty else { return .nan }
    var alive = [Bool](repeating: false, count: units)
    alive.withUnsafeMutableBufferPointer { alive in
      var k = 0
      while k < values.count {
        for i in 0..<units where values[k + i] != 0 { alive[i] = true }
        k += units
      }
    }
    return Double(alive.lazy.filter { !$0 }.count) / Double(units)
  }
}
