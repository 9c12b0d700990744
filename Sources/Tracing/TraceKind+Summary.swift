/// The kinds `--capture summary` records: one scalar per step and layer (codes 100–199).
extension TraceKind {
  /// `w_norm` (init): ‖W‖ of the initial weights.
  static let initialWeightNorm = TraceKind(
    code: 100, name: "w_norm", phase: .initialization, meaning: "‖W‖ = √(Σ w²) of the layer's initial weights")
  /// `a_mean`: mean activation.
  static let activationMean = TraceKind(
    code: 101, name: "a_mean", phase: .forward, meaning: "mean of the layer's activations over the batch and units")
  /// `a_std`: spread of activations.
  static let activationDeviation = TraceKind(
    code: 102, name: "a_std", phase: .forward,
    meaning: "standard deviation (population) of the layer's activations over the batch and units")
  /// `saturated_share`: sigmoid and tanh layers.
  static let saturatedShare = TraceKind(
    code: 103, name: "saturated_share", phase: .forward,
    meaning:
      "sigmoid or tanh layers: share of activations in a flat tail (sigmoid a < 0.01 or a > 0.99; tanh |a| > 0.99)")
  /// `dead_share`: ReLU layers.
  static let deadShare = TraceKind(
    code: 104, name: "dead_share", phase: .forward,
    meaning: "relu layers: share of units whose activation is 0 for every sample of the batch")
  /// `grad_w_norm`.
  public static let gradientWeightNorm = TraceKind(
    code: 105, name: "grad_w_norm", phase: .backward, meaning: "‖∂L/∂W‖ of the batch gradient")
  /// `w_norm` (update).
  static let weightNorm = TraceKind(
    code: 106, name: "w_norm", phase: .update, meaning: "‖W‖ after the update")

  /// Every summary kind, by code.
  public static let summaryKinds: [TraceKind] = [
    initialWeightNorm, activationMean, activationDeviation, saturatedShare, deadShare, gradientWeightNorm, weightNorm,
  ]
}
