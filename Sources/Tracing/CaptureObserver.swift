import NeuralEngine

/// A training observer that records what it sees: how much it recorded, and whether recording failed.
public protocol CaptureObserver: TrainingObserver {
  /// Values handed to the sink so far.
  var valuesRecorded: Int { get }
  /// The sink's first error, if any; after it nothing more is recorded.
  var failure: Error? { get }

  /// Records what the run starts from (see ``RunInputs``), whatever the plan's thinning, before the first step.
  func recordInputs(_ inputs: RunInputs)

  /// Records values the engine does not offer itself (gradient checks, evaluations), in order with the rest.
  func record(
    _ kind: TraceKind, layer: Int?, sample: Int?, shape: TraceEvent.Shape, values: [Double], at position: StepPosition)
}

extension CaptureObserver {
  /// Whether recording has failed and training should stop.
  public var shouldStop: Bool { failure != nil }
}

/// Makes the observer a capture plan asks for.
public enum CaptureObservers {
  /// The recorder for `plan` writing to `sink`, or `nil` for `none`.
  public static func make(_ plan: CapturePlan, shape: RunShape, sink: TraceSink) -> CaptureObserver? {
    switch plan.policy {
    case .all: TraceRecorder(sink: sink, plan: plan, shape: shape)
    case .summary: SummaryRecorder(sink: sink, plan: plan, shape: shape)
    case .none: nil
    }
  }
}
