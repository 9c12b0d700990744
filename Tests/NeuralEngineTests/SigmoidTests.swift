import Foundation
import NeuralEngine
import Testing

/// The logistic sigmoid `σ(z) = 1 / (1 + e^−z)` and `σ′ = σ(1 − σ)`.
struct SigmoidTests {
  /// Points spread over the curve, flat parts included.
  static let points: [Double] = [-8, -3.5, -1, -0.25, 0, 0.3, 1.7, 4, 9]

  @Test func sigmoidOfZeroIsOneHalf() {
    #expect(Sigmoid.value(0) == 0.5)
  }

  @Test func sigmoidIsSymmetricAboutOneHalf() {
    // σ(−z) = 1 − σ(z); both sides round differently, so 1e-15 absolute.
    for z in Self.points {
      #expect(abs(Sigmoid.value(-z) - (1 - Sigmoid.value(z))) < 1e-15, "z = \(z)")
    }
  }

  @Test func sigmoidMatchesItsDefinition() {
    // Known values: σ(1) = 1/(1 + 1/e) = 0.7310585786300049, σ(−2) = 0.11920292202211755.
    #expect(abs(Sigmoid.value(1) - 0.7310585786300049) < 1e-15)
    #expect(abs(Sigmoid.value(-2) - 0.11920292202211755) < 1e-15)
  }

  @Test func sigmoidDerivativeMatchesFiniteDifferences() {
    // Central difference with h = 1e-6; relative error |a − n| / max(|a| + |n|, 1e-8) < 1e-6.
    for z in Self.points {
      let analytic = Sigmoid.derivative(a: Sigmoid.value(z))
      let numeric = centralDifference(at: z, step: 1e-6, Sigmoid.value)
      #expect(relativeError(analytic, numeric) < 1e-6, "z = \(z): \(analytic) vs \(numeric)")
    }
  }

  @Test func sigmoidDerivativeIsLargestAtZeroWhereItIsOneQuarter() {
    #expect(Sigmoid.derivative(a: Sigmoid.value(0)) == 0.25)
    for z in Self.points where z != 0 {
      #expect(Sigmoid.derivative(a: Sigmoid.value(z)) < 0.25, "z = \(z)")
    }
  }

  @Test func sigmoidSaturatesWithAVanishingDerivative() {
    // Beyond |z| ≈ 5 the derivative is below 0.007, as the documentation says.
    #expect(Sigmoid.derivative(a: Sigmoid.value(5)) < 0.007)
    #expect(Sigmoid.derivative(a: Sigmoid.value(-5)) < 0.007)
    // e^1000 overflows to infinity and the sigmoid gives exactly 0; at +1000 exactly 1.
    #expect(Sigmoid.value(-1000) == 0)
    #expect(Sigmoid.value(1000) == 1)
    #expect(Sigmoid.derivative(a: Sigmoid.value(1000)) == 0)
  }

  @Test func sigmoidOfNaNIsNaN() {
    #expect(Sigmoid.value(.nan).isNaN)
  }

  @Test func activationSigmoidUsesSigmoid() {
    for z in Self.points {
      #expect(Activation.sigmoid.value(z) == Sigmoid.value(z))
      let a = Sigmoid.value(z)
      #expect(Activation.sigmoid.derivative(z: z, a: a) == Sigmoid.derivative(a: a))
    }
  }
}
