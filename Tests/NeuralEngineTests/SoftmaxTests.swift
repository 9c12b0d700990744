import Foundation
import NeuralEngine
import Testing

/// Softmax over a layer, `e^(z_i − max z) / Σ e^(z_k − max z)`, and its Jacobian product.
struct SoftmaxTests {
  static let z: [Double] = [0.3, -1.2, 2.0, 0.7]

  @Test func softmaxOutputsArePositiveAndSumToOne() {
    let a = apply(.softmax, Self.z)
    #expect(a.allSatisfy { $0 > 0 })
    #expect(abs(a.reduce(0, +) - 1) < 1e-15)
  }

  @Test func softmaxMatchesItsDefinition() {
    // e^z_i / Σ e^z_k computed directly (no overflow for these z); 1e-15 absolute.
    let e = Self.z.map { exp($0) }
    let total = e.reduce(0, +)
    #expect(allClose(apply(.softmax, Self.z), e.map { $0 / total }, absolute: 1e-15))
  }

  @Test func softmaxIsUnchangedByAddingAConstant() {
    let shifted = Self.z.map { $0 + 100 }
    #expect(allClose(apply(.softmax, shifted), apply(.softmax, Self.z), absolute: 1e-15))
  }

  @Test func softmaxDoesNotOverflowForLargeInputs() {
    let a = apply(.softmax, [1000, 1000, 999])
    #expect(a.allSatisfy { $0.isFinite })
    // e^0 / (1 + 1 + e^−1) for the first two.
    let expected = 1 / (2 + exp(-1.0))
    #expect(abs(a[0] - expected) < 1e-15)
    #expect(abs(a[2] - exp(-1.0) * expected) < 1e-15)
  }

  @Test func softmaxOfEqualInputsIsUniform() {
    #expect(apply(.softmax, [3, 3, 3, 3]) == [0.25, 0.25, 0.25, 0.25])
  }

  @Test func softmaxJacobianProductMatchesFiniteDifferences() {
    // dz_k = ∂/∂z_k Σ_i da_i softmax(z)_i, by central differences with h = 1e-6;
    // relative error |a − n| / max(|a| + |n|, 1e-8) < 1e-6.
    let da: [Double] = [0.5, -1.5, 0.25, 2.0]
    let analytic = backward(.softmax, da: da, z: Self.z)
    for k in Self.z.indices {
      let numeric = centralDifference(at: Self.z[k], step: 1e-6) { zk in
        var z = Self.z
        z[k] = zk
        return zip(da, apply(.softmax, z)).map(*).reduce(0, +)
      }
      #expect(relativeError(analytic[k], numeric) < 1e-6, "k = \(k): \(analytic[k]) vs \(numeric)")
    }
  }

  @Test func softmaxJacobianProductEqualsTheExplicitJacobian() {
    // ∂a_i/∂z_k = a_i (1[i = k] − a_k); dz_k = Σ_i da_i ∂a_i/∂z_k. 1e-15 absolute.
    let da: [Double] = [0.5, -1.5, 0.25, 2.0]
    let a = apply(.softmax, Self.z)
    let expected = Self.z.indices.map { k in
      Self.z.indices.map { i in da[i] * a[i] * ((i == k ? 1 : 0) - a[k]) }.reduce(0, +)
    }
    #expect(allClose(backward(.softmax, da: da, z: Self.z), expected, absolute: 1e-15))
  }

  @Test func softmaxBackwardOfAConstantGradientIsZero() {
    // Adding the same amount to every da changes nothing, since the outputs sum to 1.
    let dz = backward(.softmax, da: [2, 2, 2, 2], z: Self.z)
    #expect(dz.allSatisfy { abs($0) < 1e-15 })
  }
}
