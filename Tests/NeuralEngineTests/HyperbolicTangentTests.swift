import Foundation
import NeuralEngine
import Testing

/// `tanh(z)` and `tanh′ = 1 − tanh²`.
struct HyperbolicTangentTests {
  static let points: [Double] = [-6, -2, -0.7, -0.1, 0, 0.2, 0.9, 2.5, 7]
  /// Points where tanh is not saturated. Beyond, tanh′ is a few 1e-6 while tanh is within
  /// 1e-5 of ±1, and a central difference loses most of its digits to rounding (at z = 7 its
  /// relative error is about 1e-6 whatever the formula), so the flat parts are checked
  /// against the closed form instead.
  static let unsaturated: [Double] = [-3, -2, -0.7, -0.1, 0, 0.2, 0.9, 2.5, 3]

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
    // Central difference with h = 1e-6; relative error |a − n| / max(|a| + |n|, 1e-8) < 1e-6.
    for z in Self.unsaturated {
      let analytic = HyperbolicTangent.derivative(a: HyperbolicTangent.value(z))
      let numeric = centralDifference(at: z, step: 1e-6, HyperbolicTangent.value)
      #expect(relativeError(analytic, numeric) < 1e-6, "z = \(z): \(analytic) vs \(numeric)")
    }
  }

  @Test func tanhDerivativeInSaturationIsSechSquared() {
    // tanh′(z) = sech²(z) = 4 / (e^z + e^−z)², computed without cancellation;
    // 1 − a² loses about 1e-16 absolute, so 1e-9 relative is ample for derivatives ≥ 1e-7.
    for z in [-7.0, -6, -4.5, 4.5, 6, 7] {
      let analytic = HyperbolicTangent.derivative(a: HyperbolicTangent.value(z))
      let sech2 = 4 / ((exp(z) + exp(-z)) * (exp(z) + exp(-z)))
      #expect(relativeError(analytic, sech2) < 1e-9, "z = \(z): \(analytic) vs \(sech2)")
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
