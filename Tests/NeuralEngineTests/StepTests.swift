import NeuralEngine
import Testing

/// The perceptron's threshold: `1 if z ≥ 0 else 0`, derivative 0.
struct StepTests {
  @Test func stepIsOneAtAndAboveZero() {
    #expect(Step.value(0) == 1)
    #expect(Step.value(-0.0) == 1)
    #expect(Step.value(1e-300) == 1)
    #expect(Step.value(7) == 1)
  }

  @Test func stepIsZeroBelowZero() {
    #expect(Step.value(-1e-300) == 0)
    #expect(Step.value(-7) == 0)
  }

  @Test func stepDerivativeIsZeroEverywhere() {
    for z in [-3.0, 0, 3.0] {
      #expect(Step.derivative(z) == 0)
      #expect(Activation.step.derivative(z: z, a: Step.value(z)) == 0)
    }
  }

  @Test func stepOfNaNIsZero() {
    #expect(Step.value(.nan) == 0)
  }
}
