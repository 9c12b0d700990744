import Foundation
import NeuralEngine
import Testing

/// The engine's own `e^x`, against the C library's.
struct ExponentialTests {
  /// How many representable doubles lie between `a` and `b` (0 when equal).
  func unitsInTheLastPlace(_ a: Double, _ b: Double) -> UInt64 {
    guard a != b else { return 0 }
    let (x, y) = (Int64(bitPattern: a.bitPattern), Int64(bitPattern: b.bitPattern))
    return x > y ? UInt64(x - y) : UInt64(y - x)
  }

  @Test func agreesWithTheCLibraryToOneUnitInTheLastPlace() {
    // 200,001 points over the whole finite range of e^x, normal and subnormal results included.
    var worst: UInt64 = 0
    for step in 0...200_000 {
      let x = -745.0 + Double(step) * (709.78 + 745.0) / 200_000
      worst = max(worst, unitsInTheLastPlace(Exponential.value(x), Foundation.exp(x)))
    }
    #expect(worst <= 1)
  }

  @Test func agreesWithTheCLibraryNearZeroWhereSigmoidsLive() {
    var random = RandomSource(seed: 11)
    for _ in 0..<100_000 {
      let x = random.nextUniform(limit: 40)
      #expect(unitsInTheLastPlace(Exponential.value(x), Foundation.exp(x)) <= 1, "x = \(x)")
    }
  }

  @Test func exactValuesAndLimits() {
    #expect(Exponential.value(0) == 1)
    #expect(Exponential.value(-0.0) == 1)
    #expect(Exponential.value(709.79) == .infinity)
    #expect(Exponential.value(1e308) == .infinity)
    #expect(Exponential.value(.infinity) == .infinity)
    #expect(Exponential.value(-745.2) == 0)
    #expect(Exponential.value(-.infinity) == 0)
    #expect(Exponential.value(.nan).isNaN)
    // The smallest subnormal, as the C library rounds it.
    #expect(Exponential.value(-745.1) == Double.leastNonzeroMagnitude)
  }

  @Test func sigmoidAndSoftmaxUseIt() {
    #expect(Sigmoid.value(-1.3) == 1 / (1 + Exponential.value(1.3)))
    let a = apply(.softmax, [0.5, -1.0])
    let e = Exponential.value(-1.5)
    #expect(a == [1 / (1 + e), e / (1 + e)])
  }
}
