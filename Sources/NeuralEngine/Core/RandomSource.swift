import Foundation

/// A seeded pseudo-random generator that gives the same numbers on every machine.
///
/// The generator is xoshiro256** (Blackman and Vigna), its state filled from the
/// seed by SplitMix64. It never touches the system's generator, so a lesson run
/// with the same seed draws the same initial weights and the same shuffles
/// everywhere.
public struct RandomSource: RandomNumberGenerator, Sendable {
  private var state: (UInt64, UInt64, UInt64, UInt64)

  /// A generator whose whole sequence is fixed by `seed`.
  public init(seed: UInt64) {
    var splitMix = seed
    func next() -> UInt64 {
      splitMix &+= 0x9E37_79B9_7F4A_7C15
      var z = splitMix
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (next(), next(), next(), next())
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    let result = rotateLeft(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotateLeft(state.3, 45)
    return result
  }

  /// A uniform number in [0, 1) with 53 random bits.
  public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform number in [-limit, limit).
  public mutating func nextUniform(limit: Double) -> Double {
    (2 * nextUnit() - 1) * limit
  }

  /// A standard normal number, by the Box–Muller transform.
  ///
  /// ```
  /// z = √(−2 ln u₁) · cos(2π u₂),   u₁ ∈ (0, 1], u₂ ∈ [0, 1)
  /// ```
  /// Only the cosine half is used, so every call consumes exactly two draws
  /// and the sequence does not depend on how many numbers were asked for before.
  public mutating func nextNormal() -> Double {
    let u1 = 1 - nextUnit()
    let u2 = nextUnit()
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }

  /// The indices `0..<count` in a random order (Fisher–Yates).
  public mutating func permutation(_ count: Int) -> [Int] {
    var order = Array(0..<count)
    guard count > 1 else { return order }
    for k in stride(from: count - 1, to: 0, by: -1) {
      let pick = Int(next() % UInt64(k + 1))
      order.swapAt(k, pick)
    }
    return order
  }

  private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }
}
