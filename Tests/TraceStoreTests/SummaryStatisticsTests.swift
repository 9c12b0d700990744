import NeuralEngine
import Testing
import Tracing

@Suite struct SummaryStatisticsTests {
  private func withBuffer<T>(_ values: [Double], _ body: (UnsafeBufferPointer<Double>) -> T) -> T {
    values.withUnsafeBufferPointer(body)
  }

  @Test func theNormIsTheSquareRootOfTheSumOfSquares() {
    // 3-4-12-84: √(9 + 16 + 144 + 7056) = 85, with 17 more zeros so the vector lanes and the tail both count.
    let values = [3.0, 4, 12, 84] + Array(repeating: 0, count: 17)
    #expect(withBuffer(values, SummaryStatistics.norm) == 85)
    #expect(withBuffer([], SummaryStatistics.norm) == 0)
  }

  @Test func aLongNormAgreesWithTheNaiveSumWithinRoundoff() {
    let values = (0..<1_003).map { Double($0 % 17) * 0.37 - 2.5 }
    let naive = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    #expect(abs(withBuffer(values, SummaryStatistics.norm) - naive) <= 1e-12 * naive)
  }

  @Test func meanAndDeviationArePopulationStatistics() {
    let (mean, deviation) = withBuffer([2, 4, 4, 4, 5, 5, 7, 9], SummaryStatistics.meanAndDeviation)
    #expect(mean == 5)
    #expect(deviation == 2)
  }

  @Test func nanPropagatesAndEmptyInputHasNoStatistics() {
    let (mean, deviation) = withBuffer([1, .nan, 3], SummaryStatistics.meanAndDeviation)
    #expect(mean.isNaN && deviation.isNaN)
    #expect(withBuffer([1, .nan], SummaryStatistics.norm).isNaN)
    #expect(withBuffer([], SummaryStatistics.meanAndDeviation).mean.isNaN)
  }

  @Test func sigmoidUnitsInTheirTailsAreSaturated() {
    let share = withBuffer([0.005, 0.5, 0.995, 0.98], { SummaryStatistics.saturatedShare($0, activation: .sigmoid) })
    #expect(share == 0.5)
  }

  @Test func tanhUnitsNearPlusOrMinusOneAreSaturated() {
    let share = withBuffer([-0.999, 0.2, 0.9, 0.995, 0], { SummaryStatistics.saturatedShare($0, activation: .tanh) })
    #expect(share == 0.4)
  }

  @Test func otherActivationsHaveNoSaturation() {
    #expect(withBuffer([0, 1], { SummaryStatistics.saturatedShare($0, activation: .relu) }) == nil)
  }

  @Test func aReLUUnitIsDeadOnlyWhenZeroForTheWholeBatch() {
    // Three samples (rows) × four units: unit 0 always 0, unit 2 alive once, unit 3 always 0.
    let a: [Double] = [
      0, 1, 0, 0,
      0, 2, 0, 0,
      0, 3, 0.5, 0,
    ]
    #expect(withBuffer(a, { SummaryStatistics.deadShare($0, units: 4) }) == 0.5)
  }
}
