/// How much of a run to record.
public enum CapturePolicy: String, Sendable, CaseIterable {
  /// Every value of every step.
  case all
  /// The run and its result only.
  case none

  /// The option's name.
  public var name: String { rawValue }
}
