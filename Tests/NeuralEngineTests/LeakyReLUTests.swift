import Foundation
import NeuralEngine
import Testing

/// `leaky_relu(z) = z if z > 0 else slope·z`, derivative `1 if z > 0 else slope`.
struct LeakyReLUTests {
  @Test func leakyReluScalesNegativeInputsBySlope() {
    #expect(LeakyReLU.value(2, slope: 0.1) == 2)
    #expect(LeakyReLU.value(-2, slope: 0.1) == 0.1 * -2)
    #expect(LeakyReLU.value(0, slope: 0.1) == 0)
  }

  @Test func leakyReluDerivativeIsSlopeAtAndBelowZero() {
    #expect(LeakyReLU.derivative(0, slope: 0.1) == 0.1)
    #expect(LeakyReLU.derivative(-5, slope: 0.1) == 0.1)
    #expect(LeakyReLU.derivative(5, slope: 0.1) == 1)
  }

  @Test func leakyReluDerivativeMatchesFiniteDifferencesAwayFromTheKink() {
    // Central difference with h = 1e-6; relative error |a − n| / max(|a| + |n|, 1e-8) < 1e-6.
    for slope in [0.01, 0.1, 0.3] {
      for z in [-4.0, -0.1, 0.1, 2.0] {
        let analytic = LeakyReLU.derivative(z, slope: slope)
        let numeric = centralDifference(at: z, step: 1e-6) { LeakyReLU.value($0, slope: slope) }
        #expect(relativeError(analytic, numeric) < 1e-6, "slope \(slope), z = \(z)")
      }
    }
  }

  @Test func defaultSlopeIsOneHundredth() {
    #expect(Activation.defaultLeakySlope == 0.01)
    #expect(Activation(name: "leaky_relu") == .leakyReLU(slope: 0.01))
    #expect(Activation(name: "leaky_relu", slope: 0.1) == .leakyReLU(slope: 0.1))
  }

  @Test func activationLeakyReluUsesItsSlope() {
    let activation = Activation.leakyReLU(slope: 0.2)
    #expect(activation.value(-1) == LeakyReLU.value(-1, slope: 0.2))
    #expect(activation.derivative(z: -1, a: activation.value(-1)) == 0.2)
    #expect(activation.derivative(z: 1, a: 1) == 1)
  }
}
