import Foundation
import NeuralEngine
import Testing

/// ``RandomSource``: xoshiro256** seeded by SplitMix64, the same on every machine.
struct RandomSourceTests {
  @Test func firstOutputsMatchTheReferenceAlgorithm() {
    // From a Python port of Blackman and Vigna's reference C code (xoshiro256**, state
    // filled by four SplitMix64 outputs; SplitMix64 from 0 starts 0xE220A8397B1DCDAF).
    var zero = RandomSource(seed: 0)
    #expect(
      (0..<4).map { _ in zero.next() } == [
        0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0, 0x6AA5_94F1_262D_2D2C,
      ])
    var fortyTwo = RandomSource(seed: 42)
    #expect(
      (0..<4).map { _ in fortyTwo.next() } == [
        0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1, 0xECB8_AD47_03B3_60A1,
      ])
  }

  @Test func nextUnitUsesTheTop53Bits() {
    // (next() >> 11) · 2⁻⁵³, from the same Python port, seed 7.
    var random = RandomSource(seed: 7)
    #expect((0..<3).map { _ in random.nextUnit() } == [0.7005764821796896, 0.2787512294737843, 0.8396274618764198])
  }

  @Test func sameSeedGivesTheSameSequence() {
    var a = RandomSource(seed: 12345)
    var b = RandomSource(seed: 12345)
    for _ in 0..<1000 {
      #expect(a.next() == b.next())
    }
    #expect(a.nextNormal() == b.nextNormal())
    #expect(a.permutation(20) == b.permutation(20))
  }

  @Test func differentSeedsGiveDifferentSequences() {
    var a = RandomSource(seed: 1)
    var b = RandomSource(seed: 2)
    let first = (0..<100).map { _ in a.next() }
    let second = (0..<100).map { _ in b.next() }
    #expect(first != second)
    #expect(Set(first).isDisjoint(with: second))
  }

  @Test func nextUnitStaysInTheHalfOpenUnitInterval() {
    var random = RandomSource(seed: 3)
    var low = 1.0
    var high = 0.0
    for _ in 0..<100_000 {
      let u = random.nextUnit()
      #expect(u >= 0 && u < 1)
      low = min(low, u)
      high = max(high, u)
    }
    // 100 000 draws spread over the whole interval.
    #expect(low < 1e-3 && high > 1 - 1e-3)
  }

  @Test func nextUniformStaysWithinTheLimit() {
    var random = RandomSource(seed: 4)
    for _ in 0..<10_000 {
      let v = random.nextUniform(limit: 0.3)
      #expect(v >= -0.3 && v < 0.3)
    }
  }

  @Test func normalSamplesHaveMeanZeroAndStandardDeviationOne() {
    // 100 000 draws: the standard error of the mean is 1/√n ≈ 0.0032 and that of the standard
    // deviation about 1/√(2n) ≈ 0.0022; the tolerance is 0.01 for both (over 3 standard errors).
    var random = RandomSource(seed: 5)
    let n = 100_000
    let samples = (0..<n).map { _ in random.nextNormal() }
    let mean = samples.reduce(0, +) / Double(n)
    let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
    #expect(abs(mean) < 0.01, "mean \(mean)")
    #expect(abs(variance.squareRoot() - 1) < 0.01, "std \(variance.squareRoot())")
    // About 68.3% within one standard deviation (binomial standard error 0.0015; tolerance 0.01).
    let within = Double(samples.filter { abs($0) < 1 }.count) / Double(n)
    #expect(abs(within - 0.6827) < 0.01, "share within 1σ: \(within)")
  }

  @Test func nextNormalConsumesExactlyTwoDraws() {
    var a = RandomSource(seed: 6)
    var b = RandomSource(seed: 6)
    _ = a.nextNormal()
    _ = b.next()
    _ = b.next()
    #expect(a.next() == b.next())
  }

  @Test func permutationIsAPermutation() {
    var random = RandomSource(seed: 8)
    for count in [0, 1, 2, 5, 10, 100] {
      let order = random.permutation(count)
      #expect(order.sorted() == Array(0..<count), "count \(count)")
    }
  }

  @Test func permutationShuffles() {
    var random = RandomSource(seed: 9)
    let orders = (0..<10).map { _ in random.permutation(10) }
    #expect(orders.contains { $0 != Array(0..<10) })
    #expect(Set(orders.map { $0.description }).count > 1)
  }

  @Test func permutationsOfTwoComeOutBothWays() {
    // Fisher–Yates over two elements swaps with probability ½.
    var random = RandomSource(seed: 10)
    let swapped = (0..<10_000).filter { _ in random.permutation(2) == [1, 0] }.count
    #expect(abs(Double(swapped) / 10_000 - 0.5) < 0.02)  // standard error 0.005
  }
}
