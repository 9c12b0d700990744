import Tracing

/// Gathers the values of a live run into steps for the narration, and its statistics for the summary.
///
/// It sits behind a ``TraceRecorder`` like the database writer does, so a live step holds
/// exactly the values the database will hold, found by the same typed kinds, and the narration
/// of `run` is the narration of `replay`. Nothing is turned into rows or names. Only the steps the
/// narration may tell are kept whole (with the parameters they start from); the others feed the
/// statistics and are dropped.
public final class LiveCollector: TraceSink {
  /// The loss, mistakes and gradient norms of every step so far.
  public private(set) var statistics: RunStatistics
  /// Whether step `n` should be kept whole.
  public var keeps: (Int) -> Bool
  /// Called when a step has ended, with the step's number and epoch, and the step if it was kept.
  public var stepEnded: (Int, Int, StepTrace?) -> Void = { _, _, _ in }
  private var current: StepTrace?
  private var currentStep = -1
  private var currentEpoch = 0
  private var carried: StepTrace?

  /// A collector for a run of `configuration` that keeps the steps `keeps` says.
  public init(configuration: RunConfiguration, keeps: @escaping (Int) -> Bool) {
    statistics = RunStatistics(configuration: configuration)
    self.keeps = keeps
  }

  /// The step being recorded when training stopped, if it never ended (a diverged step).
  public var unfinished: StepTrace? { current }

  public func write(_ event: TraceEvent, values: UnsafeBufferPointer<Double>) throws {
    if event.step != currentStep {
      currentStep = event.step
      current = keeps(event.step) ? StepTrace(epoch: event.epoch, step: event.step) : nil
      if var started = current, let carried, carried.step == event.step - 1 {
        started.start(after: carried)
        current = started
      }
    }
    currentEpoch = event.epoch
    if Self.statisticsKinds.contains(event.kind.code) {
      // In the trace's order (`ORDER BY seq, i, j`), so that a norm's sum is a replay's to the last bit.
      for k in event.shape.traceOrder(count: values.count) {
        statistics.add(
          event.kind, epoch: event.epoch, step: event.step, sample: event.sample, layer: event.layer, value: values[k])
      }
    }
    if current != nil {
      current?.add(event, values: values)
    } else if StepTrace.carriedCodes.contains(event.kind.code) && keeps(event.step + 1) {
      // The next step is told: it starts from these parameters and this optimizer state.
      if carried?.step != event.step { carried = StepTrace(epoch: event.epoch, step: event.step) }
      carried?.add(event, values: values)
    }
  }

  private static let statisticsKinds = Set(RunStatistics.kinds.map(\.code))

  public func stepDidEnd(step: Int) throws {
    if let current { carried = current }
    let done = current
    current = nil
    stepEnded(step, currentEpoch, done)
  }
}
