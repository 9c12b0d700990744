import Foundation
import NeuralEngine
import Testing

/// The ``Activation`` enum: names, and the per-unit derivative checked for every case.
struct ActivationTests {
  static let perUnit: [Activation] = [.linear, .sigmoid, .tanh, .relu, .leakyReLU(slope: 0.1)]

  @Test func everyNameRoundTrips() {
    for name in Activation.names {
      #expect(Activation(name: name)?.name == name)
    }
    #expect(Activation.names == ["step", "linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"])
  }

  @Test func unknownNameIsNil() {
    #expect(Activation(name: "Sigmoid") == nil)
    #expect(Activation(name: "gelu") == nil)
  }

  @Test func linearIsTheIdentityWithDerivativeOne() {
    for z in [-3.0, 0, 0.5, 1e10] {
      #expect(Activation.linear.value(z) == z)
      #expect(Activation.linear.derivative(z: z, a: z) == 1)
    }
  }

  @Test(arguments: ActivationTests.perUnit)
  func derivativeMatchesFiniteDifferences(_ activation: Activation) {
    // Central difference with h = 1e-6 at points away from the ReLU kink;
    // relative error |a − n| / max(|a| + |n|, 1e-8) < 1e-6.
    for z in [-2.3, -0.4, 0.15, 1.1, 3.0] {
      let analytic = activation.derivative(z: z, a: activation.value(z))
      let numeric = centralDifference(at: z, step: 1e-6, activation.value)
      #expect(relativeError(analytic, numeric) < 1e-6, "\(activation.name) at z = \(z): \(analytic) vs \(numeric)")
    }
  }

  @Test(arguments: ActivationTests.perUnit)
  func backwardMultipliesByTheDerivative(_ activation: Activation) {
    // dz = da ⊙ f′(z), element by element, exactly.
    let z: [Double] = [-1.5, 0.25, 2.0]
    let da: [Double] = [0.3, -2.0, 1.25]
    let expected = z.indices.map { da[$0] * activation.derivative(z: z[$0], a: activation.value(z[$0])) }
    #expect(backward(activation, da: da, z: z) == expected)
  }

  @Test(arguments: ActivationTests.perUnit)
  func applyActsOnEachUnitAlone(_ activation: Activation) {
    let z: [Double] = [-1.5, 0.25, 2.0]
    #expect(apply(activation, z) == z.map(activation.value))
  }
}
