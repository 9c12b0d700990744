/// Where a value arises in training.
public enum Phase: Int, Sendable, CaseIterable {
  /// Initial parameters, before the first step.
  case initialization
  /// Inputs, pre-activations and activations.
  case forward
  /// Targets and losses.
  case loss
  /// Errors, deltas and gradients.
  case backward
  /// Parameter changes and new values.
  case update
  /// Measurements of the network between epochs and after training (accuracy, held-out loss).
  case evaluation

  /// The trace's name for the phase: `init`, `forward`, `loss`, `backward`, `update`.
  public var name: String {
    switch self {
    case .initialization: "init"
    case .forward: "forward"
    case .loss: "loss"
    case .backward: "backward"
    case .update: "update"
    case .evaluation: "evaluate"
    }
  }
}

/// What a value is, in the trace's vocabulary.
public enum Quantity: String, Sendable, CaseIterable {
  /// An input value (layer 0).
  case x
  /// A pre-activation `z = w·x + b`.
  case z
  /// An activation `a = f(z)`.
  case a
  /// A target.
  case y
  /// A loss: per sample, or the batch mean.
  case loss
  /// The perceptron's `y − ŷ`.
  case error
  /// `δ = ∂L/∂z` of one sample.
  case delta
  /// The batch gradient `∂L/∂w`.
  case gradW = "grad_w"
  /// The batch gradient `∂L/∂b`.
  case gradB = "grad_b"
  /// The change the optimizer applied to a weight (new − old).
  case dw
  /// The change the optimizer applied to a bias (new − old).
  case db
  /// A weight.
  case w
  /// A bias.
  case b
}

/// The position of an observed value in training.
public struct StepPosition: Sendable, Equatable {
  /// 0-based epoch.
  public var epoch: Int
  /// 0-based optimizer step, counted over the whole run.
  public var step: Int

  /// A position.
  public init(epoch: Int, step: Int) {
    self.epoch = epoch
    self.step = step
  }
}

/// Receives every quantity training computes, without the engine knowing who listens.
///
/// Values come a layer at a time, in the order they are computed:
/// - per-sample quantities (`x`, `z`, `a`, `y`, `delta`, `error`, per-sample
///   `loss`) as a matrix with one row per sample of the batch, `samples[r]`
///   naming the data row of matrix row `r`;
/// - weights and their gradients and changes as an `n_in × n_out` matrix, `samples` nil;
/// - biases and their gradients and changes as a 1 × `n_out` matrix, `samples` nil;
/// - the batch loss as a 1 × 1 matrix, `layer` and `samples` nil.
///
/// The matrices are the engine's working buffers: read them during the call,
/// copy what must outlive it. Training without an observer skips every call.
public protocol TrainingObserver: AnyObject {
  /// One layer's worth of a quantity.
  func observe(
    _ quantity: Quantity, phase: Phase, layer: Int?, values: Matrix, samples: [Int]?,
    at position: StepPosition)

  /// A step has finished; `loss` is its batch loss (the perceptron reports its error count).
  func stepDidEnd(at position: StepPosition, loss: Double)
}
