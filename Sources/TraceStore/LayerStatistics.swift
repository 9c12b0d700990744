/// The summary statistics of one layer at one step: a row of `layer_stats`.
///
/// A statistic that does not apply (saturation of a ReLU layer, say) or was
/// not recorded is `nil`.
public struct LayerStatistics: Sendable, Equatable {
  /// 0-based epoch.
  public var epoch: Int
  /// 0-based step.
  public var step: Int
  /// 1…L.
  public var layer: Int
  /// Mean activation over the batch and units.
  public var activationMean: Double?
  /// Standard deviation of the activations.
  public var activationDeviation: Double?
  /// Sigmoid and tanh layers: share of activations in a flat tail.
  public var saturatedShare: Double?
  /// ReLU layers: share of units at 0 for the whole batch.
  public var deadShare: Double?
  /// ‖∂L/∂W‖.
  public var gradientWeightNorm: Double?
  /// ‖W‖ after the update.
  public var weightNorm: Double?

  /// Statistics.
  public init(
    epoch: Int, step: Int, layer: Int, activationMean: Double?, activationDeviation: Double?, saturatedShare: Double?,
    deadShare: Double?, gradientWeightNorm: Double?, weightNorm: Double?
  ) {
    self.epoch = epoch
    self.step = step
    self.layer = layer
    self.activationMean = activationMean
    self.activationDeviation = activationDeviation
    self.saturatedShare = saturatedShare
    self.deadShare = deadShare
    self.gradientWeightNorm = gradientWeightNorm
    self.weightNorm = weightNorm
  }
}
