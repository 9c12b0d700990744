/// A common wrong formula, recomputed from the trace to see whether a wrong answer is what it gives.
public enum Mistake: String, Sendable, CaseIterable {
  /// δ without the activation's derivative.
  case forgotDerivative
  /// σ′ (or tanh′) applied to a, σ(a)(1 − σ(a)), instead of a(1 − a).
  case derivativeOfActivation
  /// The update added the step instead of subtracting it (or the perceptron's rule subtracted).
  case updateSign
  /// y − a where a − y belongs (or ŷ − y for the perceptron's error).
  case errorSign
  /// The backward pass used a weight already updated in this step.
  case updatedWeight
  /// The weighted sum left out the bias.
  case forgotBias
  /// The batch's rows summed instead of averaged.
  case summedBatch
  /// sse's ½ dropped.
  case droppedHalf
  /// mse's 2 dropped.
  case droppedTwo
  /// mse's 1/n dropped.
  case droppedMean
  /// wᵢⱼ used for wⱼᵢ.
  case swappedIndices
  /// The target y used where the activation a belongs.
  case targetForActivation
  /// The pre-activation z used where the activation a belongs.
  case preActivationForActivation
  /// The learning rate left out of the update.
  case forgotLearningRate
  /// Adam's m̂ or v̂ taken as m or v.
  case forgotBiasCorrection
  /// The old optimizer state left out (β·m dropped).
  case forgotOldState
  /// RMSprop or Adam without the square root of s or v̂.
  case forgotSquareRoot
  /// a = z: the activation function not applied.
  case forgotActivation
  /// σ′(z) = a(1 − a) multiplied in though the loss cancels it (sigmoid with bce, softmax with cross-entropy).
  case keptCancelledDerivative

  /// The mistake in words, after "it matches what you get when you …".
  public var explanation: String {
    switch self {
    case .forgotDerivative: "forget the activation's derivative: δ = ∂L/∂a without × f′(z)"
    case .derivativeOfActivation:
      "apply the derivative to a instead of using a: σ(a)(1 − σ(a)) in place of σ′(z) = a(1 − a)"
    case .updateSign: "get the update's sign wrong: adding the step where the rule subtracts it (or the reverse)"
    case .errorSign: "get the sign wrong: y − a where the formula has a − y (ŷ − y for the perceptron's y − ŷ)"
    case .updatedWeight:
      "use the weight already updated in this step in the backward pass (the backward pass uses the weights the step started from)"
    case .forgotBias: "forget the bias: Σ w·a without + b"
    case .summedBatch: "sum over the batch instead of averaging: the batch's values are means over its rows"
    case .droppedHalf: "drop sse's ½ (so the square's 2 is left over in ∂L/∂a = a − y)"
    case .droppedTwo: "drop mse's 2: ∂L/∂a = 2(a − y)/n"
    case .droppedMean: "drop mse's 1/n, the mean over the outputs"
    case .swappedIndices: "swap the weight's indices: wᵢⱼ where the formula has wⱼᵢ (from unit j below to unit i)"
    case .targetForActivation: "use the target y where the activation a belongs"
    case .preActivationForActivation: "use the pre-activation z where the activation a belongs"
    case .forgotLearningRate: "forget the learning rate η"
    case .forgotBiasCorrection: "forget Adam's bias correction: m̂ = m/(1 − β₁ᵗ) and v̂ = v/(1 − β₂ᵗ)"
    case .forgotOldState: "forget the running average's old value: β·(previous state) left out"
    case .forgotSquareRoot: "forget the square root of the running average of g²"
    case .forgotActivation: "forget the activation function: a = z"
    case .keptCancelledDerivative:
      "multiply by σ′(z) = a(1 − a) again, though with this loss it has already cancelled to δ = a − y"
    }
  }
}
