/// How much of a run to record.
public enum CapturePolicy: String, Sendable, CaseIterable, Codable {
  /// Every value of every recorded step.
  case all
  /// Per-step, per-layer statistics: norms, activation mean and spread, saturated and dead units, the loss.
  case summary
  /// The run and its result only.
  case none

  /// The option's name.
  public var name: String { rawValue }

  /// `all, summary, none`, for messages.
  public static let names = allCases.map(\.rawValue)
}
