/// One number per recorded step (and layer): a row of `step_loss` or `layer_grad_norm`.
public struct StepValue: Sendable, Equatable {
  /// 0-based epoch.
  public var epoch: Int
  /// 0-based step.
  public var step: Int
  /// The layer, for per-layer values.
  public var layer: Int?
  /// The number; NaN where the database holds NULL.
  public var value: Double

  /// A value.
  public init(epoch: Int, step: Int, layer: Int?, value: Double) {
    self.epoch = epoch
    self.step = step
    self.layer = layer
    self.value = value
  }
}
