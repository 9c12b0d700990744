import Reports
import TraceStore
import Tracing

/// Gathers the values of a live run into steps for the narration, and its statistics for the summary.
///
/// It sits behind a ``TraceRecorder`` like the database writer does, so a
/// live step holds exactly the rows the database will hold, and the
/// narration of `run` is the narration of `replay`. Only the steps the
/// narration may tell are kept whole (with the parameters they start from);
/// the others feed the statistics and are dropped.
final class LiveCollector: TraceSink {
  private(set) var statistics: RunStatistics
  /// Whether step `n` should be kept whole.
  var keeps: (Int) -> Bool
  /// Called when a step has ended, with the step if it was kept.
  var stepEnded: (Int, Int, StepTrace?) -> Void = { _, _, _ in }
  private var current: StepTrace?
  private var currentStep = -1
  private var currentEpoch = 0
  private var carried: StepTrace?

  init(configuration: RunConfiguration, keeps: @escaping (Int) -> Bool) {
    statistics = RunStatistics(configuration: configuration)
    self.keeps = keeps
  }

  /// The step being recorded when training stopped, if it never ended (a diverged step).
  var unfinished: StepTrace? { current }

  func write(_ event: TraceEvent, values: UnsafeBufferPointer<Double>) throws {
    if event.step != currentStep {
      currentStep = event.step
      current = keeps(event.step) ? StepTrace(epoch: event.epoch, step: event.step) : nil
      if var started = current, let carried, carried.step == event.step - 1 {
        started.start(after: carried)
        current = started
      }
    }
    currentEpoch = event.epoch
    let kind = event.kind.name
    let phase = event.kind.phase.name
    let tracked = ["loss", "error", "grad_w", "grad_b"].contains(kind)
    let carries = phase == "update" && StepTrace.carriedKinds.contains(kind) && keeps(event.step + 1)
    guard tracked || current != nil || carries else { return }
    for k in 0..<values.count {
      let (i, j): (Int?, Int?) =
        switch event.shape {
        case .scalar: (nil, nil)
        case .vector: (k, nil)
        case .matrix(let cols): (k % cols, k / cols)
        }
      if tracked {
        statistics.add(
          kind: kind, epoch: event.epoch, step: event.step, sample: event.sample, layer: event.layer, value: values[k])
      }
      guard current != nil || carries else { continue }
      let row = TraceRow(
        seq: event.seq, epoch: event.epoch, step: event.step, sample: event.sample, phase: phase, layer: event.layer,
        kind: kind, i: i, j: j, value: values[k])
      current?.add(row)
      if carries && current == nil {
        if carried?.step != event.step { carried = StepTrace(epoch: event.epoch, step: event.step) }
        carried?.add(row)
      }
    }
  }

  func stepDidEnd(step: Int) throws {
    if let current { carried = current }
    let done = current
    current = nil
    stepEnded(step, currentEpoch, done)
  }
}
