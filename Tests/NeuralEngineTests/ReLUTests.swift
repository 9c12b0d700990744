import Foundation
import NeuralEngine
import Testing

/// `relu(z) = max(0, z)`, `relu′(z) = 1 if z > 0 else 0`.
struct ReLUTests {
  @Test func reluIsTheIdentityForPositiveAndZeroOtherwise() {
    #expect(ReLU.value(2.5) == 2.5)
    #expect(ReLU.value(1e-300) == 1e-300)
    #expect(ReLU.value(-3) == 0)
    #expect(ReLU.value(0) == 0)
  }

  @Test func reluDerivativeIsZeroAtZero() {
    #expect(ReLU.derivative(0) == 0)
    #expect(ReLU.derivative(-0.0) == 0)
    #expect(Activation.relu.derivative(z: 0, a: 0) == 0)
  }

  @Test func reluDerivativeIsOneForPositiveAndZeroForNegative() {
    #expect(ReLU.derivative(1e-12) == 1)
    #expect(ReLU.derivative(3) == 1)
    #expect(ReLU.derivative(-1e-12) == 0)
    #expect(ReLU.derivative(-3) == 0)
  }

  @Test func reluDerivativeMatchesFiniteDifferencesAwayFromTheKink() {
    // Central difference with h = 1e-6, at points at least 0.1 from the kink;
    // relative error |a − n| / max(|a| + |n|, 1e-8) < 1e-6.
    for z in [-4.0, -0.1, 0.1, 2.0, 50.0] {
      let analytic = ReLU.derivative(z)
      let numeric = centralDifference(at: z, step: 1e-6, ReLU.value)
      #expect(relativeError(analytic, numeric) < 1e-6, "z = \(z): \(analytic) vs \(numeric)")
    }
  }

  @Test func reluPropagatesNaN() {
    #expect(ReLU.value(.nan).isNaN)
    #expect(Activation.relu.value(.nan).isNaN)
  }

  @Test func activationReluUsesReLU() {
    for z in [-2.0, 0, 3.0] {
      #expect(Activation.relu.value(z) == ReLU.value(z))
      #expect(Activation.relu.derivative(z: z, a: ReLU.value(z)) == ReLU.derivative(z))
    }
  }
}
