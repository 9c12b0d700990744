import Foundation
import NeuralEngine
import Testing

/// `tanh(z)` and `tanh′ = 1 − tanh²`.
struct HyperbolicTangentTests {
  static let points: [Double] = [-6, -2, -0.7, -0.1, 0, 0.2, 0.9, 2.5, 7]

  @Test func tanhOfZeroIsZeroWithSlopeOne() {
    #expect(HyperbolicTangent.value(0) == 0)
    #expect(HyperbolicTangent.derivative(a: HyperbolicTangent.value(0)) == 1)
  }

  @Test func tanhIsOddAndBoundedByOne() {
    for z in Self.points {
      #expect(HyperbolicTangent.value(-z) == -HyperbolicTangent.value(z), "z = \(z)")
      #expect(abs(HyperbolicTangent.value(z)) <= 1, "z = \(z)")
    }
    // tanh(1) = 0.7615941559557649 (to 1e-15).
    #expect(abs(HyperbolicTangent.value(1) - 0.7615941559557649) < 1e-15)
  }

  @Test func tanhDerivativeMatchesFiniteDifferences() {
    // Central difference with h = 1e-6. Its error is about ε·|tanh z|/h ≈ 1e-10 from rounding
    // plus h²·|tanh‴|/6 ≈ 1e-13 from truncation, whatever the size of the derivative, so the
    // check is absolute: at z = 7 the derivative is only 3e-6 and a relative check would
    // measure the rounding of tanh near 1, not the derivative.
    for z in Self.points {
      let analytic = HyperbolicTangent.derivative(a: HyperbolicTangent.value(z))
      let numeric = centralDifference(at: z, step: 1e-6, HyperbolicTangent.value)
      #expect(abs(analytic - numeric) < 1e-9, "z = \(z): \(analytic) vs \(numeric)")
    }
  }

  @Test func tanhDerivativeIsFourTimesTheSigmoidsAtZero() {
    #expect(HyperbolicTangent.derivative(a: 0) == 4 * Sigmoid.derivative(a: Sigmoid.value(0)))
  }

  @Test func activationTanhUsesHyperbolicTangent() {
    for z in Self.points {
      let a = HyperbolicTangent.value(z)
      #expect(Activation.tanh.value(z) == a)
      #expect(Activation.tanh.derivative(z: z, a: a) == HyperbolicTangent.derivative(a: a))
    }
  }
}
