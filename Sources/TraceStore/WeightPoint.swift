/// One weight at one moment: a row of `weight_history`.
public struct WeightPoint: Sendable, Equatable {
  /// 0-based epoch.
  public var epoch: Int
  /// 0-based step (0 for the initial value).
  public var step: Int
  /// `init` for the initial value, `update` for the value after a step's update.
  public var phase: String
  /// The weight.
  public var value: Double

  /// A point.
  public init(epoch: Int, step: Int, phase: String, value: Double) {
    self.epoch = epoch
    self.step = step
    self.phase = phase
    self.value = value
  }
}
