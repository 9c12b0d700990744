import NeuralEngine

/// A kind of recorded value: its name and phase in the trace, and the integer code stored on disk.
///
/// The code alone identifies both the phase and the kind (initial `w` and
/// updated `w` have different codes), so each stored value needs one small
/// integer to say what it is. Codes never change meaning once released.
public struct TraceKind: Sendable, Hashable {
  /// The integer stored in the database.
  public let code: Int
  /// The `kind` column of the trace view.
  public let name: String
  /// The `phase` column of the trace view.
  public let phase: Phase
  /// What the value is, for `nntrace schema` and the docs.
  public let meaning: String

  /// Every kind, by code: those listed here, then the summary's (100–106, in TraceKind+Summary.swift).
  public static let all: [TraceKind] = listed + summaryKinds

  /// The contract's kinds (1–15), optimizer state (16–23), the run's inputs (24–26), and those of
  /// gradient checks, activation lessons and evaluation.
  private static let listed: [TraceKind] = [
    TraceKind(
      code: 1, name: "w", phase: .initialization, meaning: "initial weight w[j][i] from unit j below to unit i"),
    TraceKind(code: 2, name: "b", phase: .initialization, meaning: "initial bias of unit i"),
    TraceKind(code: 3, name: "x", phase: .forward, meaning: "input value i of a sample (layer 0)"),
    TraceKind(code: 4, name: "z", phase: .forward, meaning: "pre-activation z = w·x + b of unit i for a sample"),
    TraceKind(
      code: 5, name: "a", phase: .forward, meaning: "activation a = f(z) of unit i for a sample; the perceptron's ŷ"),
    TraceKind(code: 6, name: "y", phase: .loss, meaning: "target of output unit i for a sample"),
    TraceKind(
      code: 7, name: "loss", phase: .loss,
      meaning: "loss of a sample, or of the batch (the mean over its samples) when sample is NULL"),
    TraceKind(code: 8, name: "error", phase: .backward, meaning: "perceptron only: y − ŷ for a sample"),
    TraceKind(code: 9, name: "delta", phase: .backward, meaning: "δ = ∂L/∂z of unit i for a sample"),
    TraceKind(code: 10, name: "grad_w", phase: .backward, meaning: "batch gradient ∂L/∂w[j][i] (mean over the batch)"),
    TraceKind(code: 11, name: "grad_b", phase: .backward, meaning: "batch gradient ∂L/∂b[i] (mean over the batch)"),
    TraceKind(code: 12, name: "dw", phase: .update, meaning: "change the optimizer applied to w[j][i] (new − old)"),
    TraceKind(code: 13, name: "db", phase: .update, meaning: "change the optimizer applied to b[i] (new − old)"),
    TraceKind(code: 14, name: "w", phase: .update, meaning: "weight w[j][i] after the update"),
    TraceKind(code: 15, name: "b", phase: .update, meaning: "bias b[i] after the update"),
    TraceKind(
      code: 16, name: "velocity_w", phase: .update,
      meaning: "momentum: velocity of w[j][i] after the update, v ← β·v + g"),
    TraceKind(
      code: 17, name: "velocity_b", phase: .update, meaning: "momentum: velocity of b[i] after the update, v ← β·v + g"),
    TraceKind(
      code: 18, name: "s_w", phase: .update,
      meaning: "rmsprop: running mean of squared gradients of w[j][i] after the update, s ← ρ·s + (1 − ρ)·g²"),
    TraceKind(
      code: 19, name: "s_b", phase: .update,
      meaning: "rmsprop: running mean of squared gradients of b[i] after the update, s ← ρ·s + (1 − ρ)·g²"),
    TraceKind(
      code: 20, name: "m_w", phase: .update,
      meaning: "adam: first moment of w[j][i] after the update, m ← β₁·m + (1 − β₁)·g"),
    TraceKind(
      code: 21, name: "m_b", phase: .update,
      meaning: "adam: first moment of b[i] after the update, m ← β₁·m + (1 − β₁)·g"),
    TraceKind(
      code: 22, name: "v_w", phase: .update,
      meaning: "adam: second moment of w[j][i] after the update, v ← β₂·v + (1 − β₂)·g²"),
    TraceKind(
      code: 23, name: "v_b", phase: .update,
      meaning: "adam: second moment of b[i] after the update, v ← β₂·v + (1 − β₂)·g²"),
    TraceKind(
      code: 24, name: "data_x", phase: .initialization,
      meaning:
        "input i of training row `sample` as the run used it (after standardisation and hold-out); every run, whatever the capture"
    ),
    TraceKind(
      code: 25, name: "data_y", phase: .initialization,
      meaning: "target of output unit i for training row `sample`; every run, whatever the capture"),
    TraceKind(
      code: 26, name: "order", phase: .initialization,
      meaning:
        "shuffled runs: the training row taken at position i of epoch j (each step takes the next batch); every run, whatever the capture"
    ),
    TraceKind(
      code: 40, name: "numeric_grad_w", phase: .backward,
      meaning: "gradient check: ∂L/∂w[j][i] by central finite differences, (L(w + h) − L(w − h)) / 2h"),
    TraceKind(
      code: 41, name: "numeric_grad_b", phase: .backward,
      meaning: "gradient check: ∂L/∂b[i] by central finite differences"),
    TraceKind(
      code: 42, name: "grad_check_w", phase: .backward,
      meaning: "gradient check: relative error |analytic − numeric| / max(|analytic|, |numeric|, 1e-8) of ∂L/∂w[j][i]"
    ),
    TraceKind(code: 43, name: "grad_check_b", phase: .backward, meaning: "gradient check: relative error of ∂L/∂b[i]"),
    derivative,
    TraceKind(
      code: 60, name: "train_loss", phase: .evaluation, meaning: "mean loss over the training rows after an epoch"),
    TraceKind(
      code: 61, name: "train_accuracy", phase: .evaluation,
      meaning: "share of training rows classified right after an epoch"),
    TraceKind(
      code: 62, name: "test_loss", phase: .evaluation, meaning: "mean loss over the held-out rows after an epoch"),
    TraceKind(
      code: 63, name: "test_accuracy", phase: .evaluation,
      meaning: "share of held-out rows classified right after an epoch"),
    TraceKind(
      code: 64, name: "test_a", phase: .evaluation,
      meaning: "activation of unit i of `layer` for held-out row `sample`, after training"),
    TraceKind(
      code: 65, name: "test_y", phase: .evaluation, meaning: "target of output unit i for held-out row `sample`"),
    TraceKind(
      code: 66, name: "target_mean", phase: .initialization,
      meaning: "mean of target column i over the training rows, subtracted when targets are standardised"),
    TraceKind(
      code: 67, name: "target_std", phase: .initialization,
      meaning: "standard deviation of target column i over the training rows, divided out when targets are standardised"
    ),
    TraceKind(
      code: 68, name: "test_class", phase: .evaluation,
      meaning: "the class of held-out row `sample` (data.class_column), kept for plots and separation measures"),
  ]

  /// The kind called `name` in `phase`, if there is one.
  public static func named(_ name: String, in phase: Phase) -> TraceKind? {
    named(name, phase: phase.name)
  }

  private static let byQuantity: [Phase: [Quantity: TraceKind]] = {
    var table: [Phase: [Quantity: TraceKind]] = [:]
    for kind in all {
      if let quantity = Quantity(rawValue: kind.name) {
        table[kind.phase, default: [:]][quantity] = kind
      }
    }
    return table
  }()

  /// The kind of an engine quantity offered in `phase`.
  public static func of(_ quantity: Quantity, in phase: Phase) -> TraceKind {
    guard let kind = byQuantity[phase]?[quantity] else {
      preconditionFailure("the engine offered \(quantity.rawValue) in phase \(phase.name), which has no trace kind")
    }
    return kind
  }
}
