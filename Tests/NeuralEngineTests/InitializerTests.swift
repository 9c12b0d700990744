import Foundation
import NeuralEngine
import Testing

/// ``Initializer``: how weights are drawn when a lesson gives none.
struct InitializerTests {
  func draw(_ initializer: Initializer, inputs: Int, units: Int, seed: UInt64 = 11) -> Matrix {
    var random = RandomSource(seed: seed)
    return initializer.weights(inputs: inputs, units: units, random: &random)
  }

  func standardDeviation(_ values: [Double]) -> (mean: Double, std: Double) {
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
    return (mean, variance.squareRoot())
  }

  @Test func zerosAreZeros() {
    let w = draw(.zeros, inputs: 4, units: 3)
    #expect(w.rows == 4 && w.cols == 3)
    #expect(w.storage.allSatisfy { $0 == 0 })
  }

  @Test func xavierStaysWithinItsLimit() {
    // Glorot uniform: limit √(6 / (n_in + n_out)) = √(6 / 50) ≈ 0.3464 for 20 → 30.
    let limit = (6.0 / 50).squareRoot()
    let w = draw(.xavier, inputs: 20, units: 30)
    #expect(w.rows == 20 && w.cols == 30)
    #expect(w.storage.allSatisfy { abs($0) <= limit })
    // 600 draws fill the interval: the extremes come within 2% of the limit.
    #expect(w.storage.max()! > 0.98 * limit && w.storage.min()! < -0.98 * limit)
  }

  @Test func heStandardDeviationIsRootTwoOverFanIn() {
    // He normal: std √(2 / n_in) = √(2/200) = 0.1 for 200 → 300; 60 000 draws give the
    // standard deviation to about 0.3%, so 2% relative tolerance; the mean within 0.002 (≈ 4.5 standard errors).
    let w = draw(.he, inputs: 200, units: 300)
    let (mean, std) = standardDeviation(w.storage)
    #expect(abs(std - 0.1) / 0.1 < 0.02, "std \(std)")
    #expect(abs(mean) < 0.002, "mean \(mean)")
  }

  @Test func normalUsesItsStandardDeviation() {
    // std 0.01 by default ("small random (0.01)"); 60 000 draws, 2% relative tolerance.
    #expect(Initializer.defaultStd == 0.01)
    let w = draw(.normal(std: Initializer.defaultStd), inputs: 200, units: 300)
    let (_, std) = standardDeviation(w.storage)
    #expect(abs(std - 0.01) / 0.01 < 0.02, "std \(std)")
  }

  @Test func uniformStaysWithinItsLimit() {
    #expect(Initializer.defaultLimit == 0.05)
    let w = draw(.uniform(limit: 0.05), inputs: 30, units: 30)
    #expect(w.storage.allSatisfy { $0 >= -0.05 && $0 < 0.05 })
    #expect(w.storage.contains { $0 > 0.04 } && w.storage.contains { $0 < -0.04 })
  }

  @Test func weightsAreDrawnRowByRowFromTheSource() {
    // w[j][i] for each input j, then each unit i: the storage order.
    var random = RandomSource(seed: 12)
    let expected = (0..<6).map { _ in random.nextUniform(limit: (6.0 / 5).squareRoot()) }
    #expect(draw(.xavier, inputs: 2, units: 3, seed: 12).storage == expected)
    var normal = RandomSource(seed: 13)
    let he = (0..<6).map { _ in (2.0 / 3).squareRoot() * normal.nextNormal() }
    #expect(draw(.he, inputs: 3, units: 2, seed: 13).storage == he)
  }

  @Test func sameSeedGivesTheSameWeights() {
    for initializer in [Initializer.normal(std: 0.5), .uniform(limit: 1), .xavier, .he] {
      #expect(draw(initializer, inputs: 5, units: 4, seed: 99) == draw(initializer, inputs: 5, units: 4, seed: 99))
      #expect(draw(initializer, inputs: 5, units: 4, seed: 99) != draw(initializer, inputs: 5, units: 4, seed: 100))
    }
  }

  @Test func namesAreTheLessonFileNames() {
    #expect(Initializer.names == ["zeros", "normal", "uniform", "xavier", "he"])
    let all: [Initializer] = [.zeros, .normal(std: 1), .uniform(limit: 1), .xavier, .he]
    #expect(all.map(\.name) == Initializer.names)
  }

  @Test func networkLayersAreDrawnInOrderWithZeroBiases() {
    var random = RandomSource(seed: 14)
    let network = MLP(
      sizes: [3, 4, 2], activations: [.tanh, .sigmoid], loss: .mse, initializer: .xavier, random: &random)
    var replay = RandomSource(seed: 14)
    let first = Initializer.xavier.weights(inputs: 3, units: 4, random: &replay)
    let second = Initializer.xavier.weights(inputs: 4, units: 2, random: &replay)
    #expect(network.layers[0].weights == first)
    #expect(network.layers[1].weights == second)
    #expect(network.layers.allSatisfy { $0.bias.allSatisfy { $0 == 0 } })
    #expect(network.layers.map(\.activation) == [.tanh, .sigmoid])
  }
}
