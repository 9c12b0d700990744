/// Where a run stands: the `status` column of the `runs` view.
public enum RunStatus: String, Sendable, CaseIterable {
  /// Training, or stopped by a crash before it could say otherwise.
  case running
  /// Every epoch trained.
  case completed
  /// Stopped on request (Ctrl-C, a capture limit) with what was recorded kept.
  case interrupted
  /// Stopped at the first NaN or infinity.
  case diverged
  /// The recording failed.
  case failed
}
